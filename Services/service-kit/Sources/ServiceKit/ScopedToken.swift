import Shared

/// The short-lived token the gateway mints per request and passes to the runner, which presents
/// it (as `Authorization: Bearer`) on its KV-storage and secrets calls to the registry. It names
/// one tenant, one install and one request and expires soon, so a leaked token (or the service
/// token alone) never opens another tenant's or install's data.
///
/// Wire form: `ast1.<key id>.<hex payload>.<hex HMAC-SHA256>`, where the payload is
/// `tenant \n install \n request \n expiry (Unix seconds)` and the MAC, under the key named by
/// `key id` (`ScopedTokenKeys`), covers everything before the last dot.
public struct ScopedToken: Sendable, Equatable {
    public static let prefix = "ast1"
    /// Longest lifetime a verifier accepts, whatever the token claims.
    public static let maxLifetimeSeconds: Int64 = 15 * 60

    public var tenantID: String
    public var installID: String
    public var requestID: String
    /// Unix seconds; the token is refused from this second on.
    public var expiresAt: Int64

    public init(tenantID: String, installID: String, requestID: String, expiresAt: Int64) {
        self.tenantID = tenantID
        self.installID = installID
        self.requestID = requestID
        self.expiresAt = expiresAt
    }

    /// Ids are 1–128 characters of `[A-Za-z0-9._:-]` (the alphabet of tenant ids, UUIDs and
    /// sanitised request ids), so the newline-separated payload is unambiguous.
    static func isValidID(_ s: String) -> Bool {
        (1...128).contains(s.utf8.count) && s.utf8.allSatisfy {
            (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0)
                || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ":")
                || $0 == UInt8(ascii: "-")
        }
    }

    var payload: [UInt8] { Array("\(tenantID)\n\(installID)\n\(requestID)\n\(expiresAt)".utf8) }

    init?(payload bytes: [UInt8]) {
        let parts = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard parts.count == 4, parts[0..<3].allSatisfy(Self.isValidID),
              parts[3].utf8.allSatisfy({ (48...57).contains($0) }), parts[3].utf8.count <= 12,
              let expiry = Int64(parts[3]) else { return nil }
        self.init(tenantID: parts[0], installID: parts[1], requestID: parts[2], expiresAt: expiry)
    }
}
