import HTTPCore
import Postgres
import Shared

/// The console's server side (docs/console.md): sign-in with a tenant API key, the session and
/// CSRF token, and the handlers behind the pages. The tenant always comes from the session.
struct ConsoleAPI: Sendable {
    let settings: ConsoleSettings
    let sessions: ConsoleSessionStore
    let apiKeys: APIKeyDirectory
    let registry: ConsoleRegistry
    let pool: PostgresPool?
    let files: ConsoleFiles
    let extensionAPI: ExtensionAPI

    var guardian: ConsoleGuard { ConsoleGuard(sessions: sessions) }

    // MARK: session

    /// `POST /console/api/session {"api_key"}`: checks the key like the public API does, requires a
    /// key without scopes (the console administers the whole tenant), and sets the cookie.
    func signIn(_ request: HTTPRequest) async throws -> HTTPResponse {
        try ConsoleGuard.sameSite(request)
        let body = try ConsoleGuard.jsonObject(request)
        for key in body.keys where key != "api_key" {
            throw AppError(.badRequest, status: 400, "\(key): unknown field (send only api_key)")
        }
        guard let key = body["api_key"]?.stringValue, !key.isEmpty else {
            throw AppError(.badRequest, status: 400, "api_key: required, a string")
        }
        guard APIKeyFormat.isWellFormed(key) else { throw AuthError.invalidAPIKey() }
        let principal = try await apiKeys.lookup(key, digest: TokenDigest(key))
        if let exp = principal.expiresAt, Now.unixSeconds() >= exp { throw AuthError.invalidAPIKey() }
        guard principal.scopes.isEmpty else {
            throw AppError(.forbidden, status: 403, "api_key: a key limited to some extensions cannot sign in to the console")
        }
        if let previous = ConsoleCookie.sessionID(request) { sessions.remove(previous) }  // no session fixation or leftovers
        let (id, session) = sessions.create(tenantID: principal.tenantID, apiKey: key, apiKeyID: principal.apiKeyID,
                                            credentialExpiresAt: principal.expiresAt)
        request.logger.info("console sign-in", ["ext.tenant_id": .string(session.tenantID), "auth.key_id": .string(session.apiKeyID ?? "")])
        var r = HTTPResponse.json(Self.describe(session).jsonText, status: 201)
        r.headers.add("set-cookie", ConsoleCookie.set(id, maxAgeSeconds: (session.expiresAt - session.createdAt) / 1000,
                                                      secure: secure(request)))
        r.headers.set("cache-control", "no-store")
        return r
    }

    /// `GET /console/api/session`: who is signed in and the CSRF token for this page, or
    /// `{"signed_in": false}` (200, so a first visit logs no failed request in the browser).
    func current(_ request: HTTPRequest) throws -> HTTPResponse {
        let found = try? guardian.session(request)
        var r = HTTPResponse.json((found.map { Self.describe($0.session) } ?? ["signed_in": false]).jsonText)
        r.headers.set("cache-control", "no-store")
        return r
    }

    /// `DELETE /console/api/session`: signs out (CSRF-checked) and clears the cookie.
    func signOut(_ request: HTTPRequest) throws -> HTTPResponse {
        let (id, _) = try guardian.mutating(request)
        sessions.remove(id)
        var r = HTTPResponse.status(204)
        r.headers.add("set-cookie", ConsoleCookie.clear(secure: secure(request)))
        return r
    }

    func secure(_ request: HTTPRequest) -> Bool {
        settings.secureCookie || request.headers["x-forwarded-proto"]?.lowercased() == "https"
    }

    static func describe(_ s: ConsoleSession) -> JSONValue {
        ["signed_in": true, "tenant": .string(s.tenantID), "api_key_id": s.apiKeyID.map(JSONValue.string) ?? .null, "csrf_token": .string(s.csrfToken),
         "expires_at": .number(JSONNumber(s.expiresAt))]
    }

    /// A registry answer as the console's answer (status and body pass through).
    static func relay(_ a: ConsoleRegistry.Answer) -> HTTPResponse {
        var r = HTTPResponse.json(a.json.jsonText, status: a.status)
        r.headers.set("cache-control", "no-store")
        return r
    }
}
