import Shared

extension ErrorCode {
    /// `/readyz` while a dependency is down.
    public static let notReady = ErrorCode("not_ready")
}

extension Router {
    /// `GET /healthz` (liveness: the process serves HTTP; no dependency checks) and
    /// `GET /readyz` (200 when every readiness check passes, else 503 with the reasons in the
    /// uniform error body plus a `checks` object). Both inline.
    public mutating func addHealthRoutes(readiness: Readiness) {
        inline(.get, "/healthz") { _ in .json(#"{"status":"ok"}"#) }
        inline(.get, "/readyz") { request in
            let snap = readiness.snapshot
            var checks = "{"
            for (i, name) in snap.order.enumerated() {
                if i > 0 { checks += "," }
                JSONString.append(name, to: &checks)
                checks += ":"
                let result: String = snap.evaluated ? ((snap.results[name] ?? nil) ?? "ok") : "not yet checked"
                JSONString.append(result, to: &checks)
            }
            checks += "}"
            if snap.isReady { return .json(#"{"status":"ready","checks":"# + checks + "}") }
            let reason = snap.evaluated ? Readiness.describe(snap.failures) : "starting"
            var body = ErrorBody.json(code: .notReady, message: "not ready: " + reason, requestID: request.requestID)
            body.removeLast()  // reopen the object to add the checks
            return .json(body + #","checks":"# + checks + "}", status: 503)
        }
    }
}
