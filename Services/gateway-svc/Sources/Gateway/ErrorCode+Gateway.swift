import Shared

/// The gateway's public error codes (docs/gateway.md, docs/openapi/gateway.yaml). Internal to the
/// module: other modules declare codes of the same spelling (the registry's
/// `extension_not_found`), and clients compare the strings.
extension ErrorCode {
    /// The credential is well-formed but not valid: bad signature, unknown key, wrong issuer or
    /// audience, not yet valid, malformed claims (401).
    static let invalidToken = ErrorCode("invalid_token")
    /// The JWT's `exp` has passed (401).
    static let tokenExpired = ErrorCode("token_expired")
    /// An API key that is unknown, revoked or expired (401).
    static let invalidAPIKey = ErrorCode("invalid_api_key")
    /// A tenant header disagrees with the credential's tenant (403).
    static let tenantMismatch = ErrorCode("tenant_mismatch")
    /// The extension is unknown to the tenant, disabled, yanked or killed; one code for all (404).
    static let extensionNotFound = ErrorCode("extension_not_found")
    /// No declared endpoint has this path (404).
    static let endpointNotFound = ErrorCode("endpoint_not_found")
    /// A per-tenant or per-extension quota window is used up (429).
    static let quotaExceeded = ErrorCode("quota_exceeded")
    /// Too many requests of the tenant or extension are in flight (429).
    static let concurrencyLimited = ErrorCode("concurrency_limited")
    /// An `Idempotency-Key` was reused for a different request (422).
    static let idempotencyKeyReused = ErrorCode("idempotency_key_reused")
    /// A request with this `Idempotency-Key` is still running (409).
    static let idempotencyInFlight = ErrorCode("idempotency_in_flight")
    /// The runner cannot be reached, is overloaded, or its circuit breaker is open (503).
    static let runnerUnavailable = ErrorCode("runner_unavailable")
    /// The runner failed in a way the caller cannot fix (502).
    static let badGateway = ErrorCode("bad_gateway")
    /// The extension failed: trap, memory or fuel limit, bad response, unloadable bundle (502).
    static let extensionFailed = ErrorCode("extension_failed")
    /// A cross-origin preflight from an origin that is not configured (403).
    static let corsForbidden = ErrorCode("cors_forbidden")
}
