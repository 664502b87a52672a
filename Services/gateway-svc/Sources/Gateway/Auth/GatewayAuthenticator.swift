import HTTPCore
import Shared

/// Authenticates public requests from `Authorization: Bearer <JWT or API key>` and enforces that
/// a tenant header, if sent, names the credential's tenant. Runs in two steps: `head` in the
/// header phase (network thread, no I/O: verified-token cache, signature check, API-key cache)
/// and `principal` in the handler, which finishes what needs the database (an API key not in the
/// cache).
struct GatewayAuthenticator: Sendable {
    /// Headers a client may use to name its tenant; they must agree with the credential.
    static let tenantHeaders = ["x-alga-tenant", "x-tenant-id"]

    let jwt: JWTVerifier
    let tokens: VerifiedTokenCache
    let apiKeys: APIKeyDirectory

    /// The principal when it can be decided without I/O, nil when an API key must be looked up;
    /// throws 401 for missing or invalid credentials, 403 for a disagreeing tenant header.
    func head(_ request: HTTPRequest) throws(AppError) -> Principal? {
        guard let credential = Self.bearer(request) else { throw AuthError.missing() }
        if APIKeyFormat.looksLikeAPIKey(credential) {
            guard APIKeyFormat.isWellFormed(credential) else { throw AuthError.invalidAPIKey() }
            switch apiKeys.cached(TokenDigest(credential), now: Now.nanoseconds(), unixNow: Now.unixSeconds()) {
            case .valid(let p):
                try Self.checkTenantHeaders(request, p)
                return p
            case .invalid: throw AuthError.invalidAPIKey()
            case .unknown: return nil
            }
        }
        let digest = TokenDigest(credential)
        let keySet = jwt.keySet
        let now = Now.unixSeconds()
        let principal: Principal
        if let hit = tokens.lookup(digest, generation: keySet.generation, now: now) {
            principal = hit
        } else {
            principal = try jwt.verify(credential, now: now, keySet: keySet)
            tokens.store(digest, principal, generation: keySet.generation, now: now)
        }
        try Self.checkTenantHeaders(request, principal)
        return principal
    }

    /// The request's principal: the header phase's answer, or the API key looked up now.
    func principal(for request: HTTPRequest) async throws -> Principal {
        if let p = request.authenticated as? Principal { return p }
        if let p = try head(request) { return p }
        guard let credential = Self.bearer(request) else { throw AuthError.missing() }
        let p = try await apiKeys.lookup(credential, digest: TokenDigest(credential))
        if let exp = p.expiresAt, Now.unixSeconds() >= exp { throw AuthError.invalidAPIKey() }
        try Self.checkTenantHeaders(request, p)
        return p
    }

    static func checkTenantHeaders(_ request: HTTPRequest, _ principal: Principal) throws(AppError) {
        for name in tenantHeaders {
            for value in request.headers.values(name) where value != principal.tenantID {
                throw AuthError.tenantMismatch(name)
            }
        }
    }

    static func bearer(_ request: HTTPRequest) -> String? {
        let values = request.headers.values("authorization")
        guard values.count == 1, let header = values.first, header.utf8.count > 7, header.utf8.count <= 8192,
              header.utf8.prefix(7).elementsEqual("bearer ".utf8, by: { $0 | 0x20 == $1 | 0x20 }) else { return nil }
        var token = header.dropFirst(7)
        while token.first == " " || token.first == "\t" { token.removeFirst() }
        while token.last == " " || token.last == "\t" { token.removeLast() }
        return token.isEmpty ? nil : String(token)
    }
}
