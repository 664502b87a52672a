import Shared

/// How the public API authenticates callers (docs/gateway.md, "Authentication").
public struct AuthSettings: Sendable {
    /// `GATEWAY_JWT_KEYS_FILE` (path, unset: no JWT is valid): `<kid> EdDSA <base64 32-byte public
    /// key>` and `<kid> HS256 <base64 secret of ≥ 32 bytes>` lines, re-read when the file changes.
    public var jwtKeysFile: String?
    /// `GATEWAY_JWT_ISSUER` (required with a keys file): the only accepted `iss`.
    public var issuer: String?
    /// `GATEWAY_JWT_AUDIENCE` (required with a keys file): must be `aud` or one of its entries.
    public var audience: String?
    /// `GATEWAY_JWT_TENANT_CLAIM` (default `tenant`): the claim naming the tenant.
    public var tenantClaim: String
    /// `GATEWAY_JWT_LEEWAY_SECONDS` (0–300, default 30): clock skew allowed on `exp` and `nbf`.
    public var leewaySeconds: Int
    /// `GATEWAY_TOKEN_CACHE_ENTRIES` (0–1000000, default 50000): verified tokens kept until `exp`.
    public var tokenCacheEntries: Int
    /// `GATEWAY_API_KEY_CACHE_MS` (0–600000, default 30000): how long an API key lookup is
    /// reused; revocations arrive sooner through the change feed.
    public var apiKeyCacheMilliseconds: Int
    /// `GATEWAY_API_KEY_NEGATIVE_CACHE_MS` (0–60000, default 5000): how long an unknown key stays refused without a lookup.
    public var apiKeyNegativeCacheMilliseconds: Int

    public init(environment env: Environment) throws(ConfigError) {
        jwtKeysFile = env.get("GATEWAY_JWT_KEYS_FILE")
        issuer = env.get("GATEWAY_JWT_ISSUER")
        audience = env.get("GATEWAY_JWT_AUDIENCE")
        if jwtKeysFile != nil {
            guard issuer != nil else {
                throw ConfigError(variable: "GATEWAY_JWT_ISSUER", reason: "is required when GATEWAY_JWT_KEYS_FILE is set")
            }
            guard audience != nil else {
                throw ConfigError(variable: "GATEWAY_JWT_AUDIENCE", reason: "is required when GATEWAY_JWT_KEYS_FILE is set")
            }
        }
        tenantClaim = env.get("GATEWAY_JWT_TENANT_CLAIM") ?? "tenant"
        leewaySeconds = try env.get("GATEWAY_JWT_LEEWAY_SECONDS", default: 30, in: 0...300)
        tokenCacheEntries = try env.get("GATEWAY_TOKEN_CACHE_ENTRIES", default: 50_000, in: 0...1_000_000)
        apiKeyCacheMilliseconds = try env.get("GATEWAY_API_KEY_CACHE_MS", default: 30_000, in: 0...600_000)
        apiKeyNegativeCacheMilliseconds = try env.get("GATEWAY_API_KEY_NEGATIVE_CACHE_MS", default: 5000, in: 0...60_000)
    }

    var logFields: LogMetadata {
        ["config.jwt_keys_file": .string(jwtKeysFile ?? "(unset)"), "config.jwt_issuer": .string(issuer ?? "(unset)"),
         "config.jwt_audience": .string(audience ?? "(unset)"), "config.jwt_tenant_claim": .string(tenantClaim),
         "config.api_key_cache_ms": .int(Int64(apiKeyCacheMilliseconds))]
    }
}
