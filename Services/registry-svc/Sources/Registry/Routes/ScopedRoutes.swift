#if EXTENSIONS
import HTTPCore
import Shared

/// KV storage and secrets for the runner, each call authorised by the request's scoped token
/// alone (tenant and install come from the token). Values are raw bytes (`application/octet-stream`).
enum ScopedRoutes {
    /// The guest ABI's value cap (docs/guest-abi.md §4.11); the install's quota may be lower.
    static let maxValueBytes: Int64 = 64 << 10

    static func register(on router: inout Router, api: RegistryAPI) {
        router.async(.get, "/v1/internal/secrets/:name") { request in
            let token = try api.auth.scoped(request)
            let value = try await api.require().scoped.secret(token, name: request.parameter("name"))
            var response = HTTPResponse.bytes(value)
            response.headers.set("cache-control", "no-store")
            return response
        }
        router.async(.get, "/v1/internal/kv/item") { request in
            let token = try api.auth.scoped(request)
            let (value, revision) = try await api.require().scoped.get(token, key: try key(request))
            var response = HTTPResponse.bytes(value)
            response.headers.set("x-alga-revision", String(revision))
            response.headers.set("cache-control", "no-store")
            return response
        }
        router.async(.put, "/v1/internal/kv/item", options: RouteOptions(bodyLimit: maxValueBytes)) { request in
            let token = try api.auth.scoped(request)
            let revision = try await api.require().scoped.put(token, key: try key(request), value: try request.body.readAll(),
                                                              expected: try expected(request))
            return JSONResponse.make(["revision": .int(revision)])
        }
        router.async(.delete, "/v1/internal/kv/item") { request in
            let token = try api.auth.scoped(request)
            try await api.require().scoped.delete(token, key: try key(request), expected: try expected(request))
            return HTTPResponse.status(204)
        }
        router.async(.get, "/v1/internal/kv/list") { request in
            let token = try api.auth.scoped(request)
            return JSONResponse.make(try await api.require().scoped.list(
                token, prefix: request.queryValue("prefix") ?? "", cursor: request.queryValue("cursor"),
                limit: try InternalRoutes.integer(request, "limit", in: 1...100) ?? 100))
        }
    }

    private static func key(_ request: HTTPRequest) throws(AppError) -> String {
        guard let key = request.queryValue("key") else { throw AppError.badRequest("key: required") }
        return key
    }

    private static func expected(_ request: HTTPRequest) throws(AppError) -> Int64 {
        guard let raw = request.queryValue("expected_revision") else { return -1 }
        guard let n = Int64(raw), n >= -1 else { throw AppError.badRequest("expected_revision: must be -1, 0 or a revision") }
        return n
    }
}
#endif
