import HTTPCore
import Shared

/// A console sign-in as a browser holds it in the black-box tests: the cookie and the CSRF token.
struct ConsoleSignIn: Sendable {
    var cookie: String
    var csrf: String

    /// `cookie: alga_console=…` plus, for writes, `x-csrf-token` and a same-origin fetch marker.
    func headers(write: Bool = false, csrf override: String? = nil) -> [(String, String)] {
        var h = [("cookie", cookie)]
        if write { h += [("x-csrf-token", override ?? csrf), ("sec-fetch-site", "same-origin"), ("content-type", "application/json")] }
        return h
    }

    /// Signs in with `apiKey` on `stack`'s gateway.
    static func start(_ stack: GatewayStack, apiKey: String) async throws -> ConsoleSignIn {
        let r = try await stack.call("POST", "/console/api/session", token: nil, body: JSONValue.object(["api_key": .string(apiKey)]).encoded(),
                                     headers: [("content-type", "application/json"), ("sec-fetch-site", "same-origin")])
        guard r.status == 201, let set = r.headers["set-cookie"], let pair = set.split(separator: ";").first,
              let csrf = (try? JSONValue.parse(r.body))?["csrf_token"]?.stringValue else {
            throw ServerProcess.Failure(description: "console sign-in: \(r.status) \(r.text)")
        }
        return ConsoleSignIn(cookie: String(pair), csrf: csrf)
    }
}
