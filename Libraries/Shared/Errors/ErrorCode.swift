/// A stable, machine-readable error code (snake_case), the `code` field of every error body.
///
/// Codes are values, not enum cases, so each module declares its own in an extension
/// (`extension ErrorCode { static let bundleIntegrity = ErrorCode("bundle_integrity") }`)
/// and adding a code never breaks a caller's exhaustive switch.
public struct ErrorCode: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) {
        precondition(ErrorCode.isValid(rawValue), "BUG in ErrorCode: '\(rawValue)' is not snake_case")
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    static func isValid(_ s: String) -> Bool {
        guard let first = s.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else { return false }
        return s.utf8.allSatisfy { c in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
                || c == UInt8(ascii: "_")
        }
    }
}

extension ErrorCode {
    // Generic codes shared by every service. Service- and library-specific codes live beside their owners.
    public static let badRequest = ErrorCode("bad_request")
    public static let unauthorized = ErrorCode("unauthorized")
    public static let forbidden = ErrorCode("forbidden")
    public static let notFound = ErrorCode("not_found")
    public static let methodNotAllowed = ErrorCode("method_not_allowed")
    public static let conflict = ErrorCode("conflict")
    public static let payloadTooLarge = ErrorCode("payload_too_large")
    public static let uriTooLong = ErrorCode("uri_too_long")
    public static let headersTooLarge = ErrorCode("headers_too_large")
    public static let requestTimeout = ErrorCode("request_timeout")
    public static let rateLimited = ErrorCode("rate_limited")
    public static let overloaded = ErrorCode("overloaded")
    public static let unavailable = ErrorCode("unavailable")
    public static let internalError = ErrorCode("internal")
    // Codes several parts report (the HTTP client, the runner, the registry).
    /// A deadline expired: an outgoing request's, or an extension execution's.
    public static let timeout = ErrorCode("timeout")
    /// A response body exceeded its cap: an upstream's (HTTP client) or an extension's (runner).
    public static let responseTooLarge = ErrorCode("response_too_large")
    /// Outbound traffic refused by policy (HTTP client address policy, an install's egress allowlist).
    public static let egressDenied = ErrorCode("egress_denied")
    /// A handler module that fails docs/guest-abi.md §1 or does not compile (registry publish, runner load).
    public static let moduleInvalid = ErrorCode("module_invalid")
    /// A capability the install has not granted, or the manifest does not declare (runner, registry KV and secrets).
    public static let capabilityDenied = ErrorCode("capability_denied")
}
