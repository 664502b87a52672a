/// One signed-in console user, kept in memory by `ConsoleSessionStore`. The browser holds only
/// the session id (an HttpOnly cookie); the API key it signed in with stays on the server and
/// is what proxied extension calls present to the gateway's own pipeline.
struct ConsoleSession: Sendable {
    /// The tenant of the API key: every registry path and log query uses this, never client input.
    let tenantID: String
    /// The API key the user signed in with (never logged, never sent back to the browser).
    let apiKey: String
    /// The API key's id, shown in the console header.
    let apiKeyID: String?
    /// Sent back on every state-changing request in `x-csrf-token`.
    let csrfToken: String
    /// Unix milliseconds.
    let createdAt: Int64
    var lastSeenAt: Int64
    /// The absolute end (sign-in + session lifetime, capped by the API key's own expiry).
    let expiresAt: Int64
}
