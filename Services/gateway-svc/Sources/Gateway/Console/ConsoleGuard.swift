import HTTPCore
import Shared

/// The checks in front of every console API route: a live session from the cookie, and for
/// anything that changes state (and every proxied extension call) the session's CSRF token in
/// `x-csrf-token`, compared in constant time, and no cross-site fetch metadata.
struct ConsoleGuard: Sendable {
    let sessions: ConsoleSessionStore

    /// The session of the request; throws 401 `session_required`.
    func session(_ request: HTTPRequest) throws(AppError) -> (id: String, session: ConsoleSession) {
        guard let id = ConsoleCookie.sessionID(request), let s = sessions.touch(id) else {
            throw AppError(.sessionRequired, status: 401, "sign in first: no session, or the session has ended")
        }
        return (id, s)
    }

    /// The session, after the CSRF checks; throws 401 or 403 `csrf_failed`.
    func mutating(_ request: HTTPRequest) throws(AppError) -> (id: String, session: ConsoleSession) {
        try Self.sameSite(request)
        let found = try session(request)
        let sent = request.headers.values("x-csrf-token")
        guard sent.count == 1, ConstantTime.equals(sent[0], found.session.csrfToken) else {
            throw AppError(.csrfFailed, status: 403, "x-csrf-token: missing or not this session's token")
        }
        return found
    }

    /// Refuses requests the browser marks as cross-site (or with a foreign `Origin`).
    static func sameSite(_ request: HTTPRequest) throws(AppError) {
        if let site = request.headers["sec-fetch-site"], site != "same-origin", site != "none" {
            throw AppError(.csrfFailed, status: 403, "sec-fetch-site: \(site) requests may not change console state")
        }
        if let origin = request.headers["origin"], let host = request.headers["host"] {
            let bare = origin.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init)
            guard bare == host else { throw AppError(.csrfFailed, status: 403, "origin: not this console's origin") }
        }
    }

    /// The body as a JSON object; throws 415 or 400 naming the problem.
    static func jsonObject(_ request: HTTPRequest) throws -> JSONObject {
        let type = request.headers["content-type"]?.lowercased() ?? ""
        guard type == "application/json" || type.hasPrefix("application/json;") else {
            throw AppError(.unsupportedMediaType, status: 415, "content-type: must be application/json")
        }
        let bytes = try request.body.readAll()
        guard let value = try? JSONValue.parse(bytes), let object = value.objectValue else {
            throw AppError(.badRequest, status: 400, "body: must be a JSON object")
        }
        return object
    }
}
