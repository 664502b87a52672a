import HTTPCore
import Shared

/// CORS for the public API: only configured origins (exact match), no credentials (callers
/// authenticate with bearer tokens, not cookies). Preflights are answered without
/// authentication; a preflight from another origin is 403 `cors_forbidden`.
struct CORSPolicy: Sendable {
    static let methods = "GET, POST, PUT, PATCH, DELETE"
    static let requestHeaders = "authorization, content-type, idempotency-key, x-request-id, traceparent, tracestate, "
        + "x-alga-tenant, x-tenant-id, accept, accept-language"
    static let exposedHeaders = "x-request-id, retry-after, idempotent-replayed, etag, location"
    static let maxAgeSeconds = 600

    let origins: Set<String>

    init(origins: [String]) { self.origins = Set(origins) }

    /// `scheme://host[:port]` with an http(s) scheme and nothing else.
    static func isValidOrigin(_ s: String) -> Bool {
        let rest: Substring
        if s.hasPrefix("https://") { rest = s.dropFirst(8) } else if s.hasPrefix("http://") { rest = s.dropFirst(7) } else { return false }
        return !rest.isEmpty && !rest.contains("/") && !rest.contains("?") && !rest.contains("#") && !rest.contains("@")
            && rest.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }

    /// The allowed `Origin` of a request, or nil.
    func allowedOrigin(_ request: HTTPRequest) -> String? {
        guard let origin = request.headers["origin"], origins.contains(origin) else { return nil }
        return origin
    }

    /// The answer to `OPTIONS` on the public API.
    func preflight(_ request: HTTPRequest) throws(AppError) -> HTTPResponse {
        guard let origin = allowedOrigin(request) else {
            throw AppError(.corsForbidden, status: 403, "this origin may not call the extension API")
        }
        var r = HTTPResponse(status: 204)
        r.headers.add("access-control-allow-origin", origin)
        r.headers.add("access-control-allow-methods", Self.methods)
        r.headers.add("access-control-allow-headers", Self.requestHeaders)
        r.headers.add("access-control-max-age", String(Self.maxAgeSeconds))
        r.headers.add("vary", "origin")
        return r
    }

    /// Adds the CORS fields of an actual request's response (when its origin is allowed).
    func decorate(_ response: inout HTTPResponse, for request: HTTPRequest) {
        guard let origin = allowedOrigin(request) else { return }
        response.headers.set("access-control-allow-origin", origin)
        response.headers.set("access-control-expose-headers", Self.exposedHeaders)
        response.headers.add("vary", "origin")
    }
}
