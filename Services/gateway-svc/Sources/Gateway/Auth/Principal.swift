import Shared

/// Who a public request is made by, as its credential says. The tenant comes from here alone.
public struct Principal: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A user's bearer JWT.
        case user
        /// A tenant API key.
        case apiKey = "api_key"
    }

    public var kind: Kind
    public var tenantID: String
    /// The end user (JWTs only): passed to the guest as its `user`.
    public var user: ExecuteUser?
    /// The API key's id (API keys only), for revocation and `last_used_at`.
    public var apiKeyID: String?
    /// API key scopes: empty allows every extension of the tenant; otherwise `ext:*` or
    /// `ext:<extension name>` entries allow those extensions.
    public var scopes: [String]
    /// Unix seconds after which the credential is no longer valid (nil: no expiry).
    public var expiresAt: Int64?

    public init(kind: Kind, tenantID: String, user: ExecuteUser? = nil, apiKeyID: String? = nil, scopes: [String] = [],
                expiresAt: Int64? = nil) {
        self.kind = kind
        self.tenantID = tenantID
        self.user = user
        self.apiKeyID = apiKeyID
        self.scopes = scopes
        self.expiresAt = expiresAt
    }

    /// True when the credential may call `extension`.
    public func allows(extension name: String) -> Bool {
        scopes.isEmpty || scopes.contains("ext:*") || scopes.contains("ext:" + name)
    }

    /// Tenant ids follow the database's `alga_tenant` domain: 1–128 of `[A-Za-z0-9._:-]`, starting
    /// with a letter or digit.
    public static func isValidTenant(_ s: String) -> Bool {
        let u = s.utf8
        guard (1...128).contains(u.count), let first = u.first, isAlnum(first) else { return false }
        return u.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ":")
            || $0 == UInt8(ascii: "-") }
    }

    private static func isAlnum(_ c: UInt8) -> Bool {
        (48...57).contains(c) || (65...90).contains(c) || (97...122).contains(c)
    }
}
