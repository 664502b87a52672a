#if EXTENSIONS
import HTTPCore
import Shared

/// Registers `/api/ext/{extension}/{path...}`: the methods an endpoint may declare (HEAD uses the
/// GET route), each authenticated in the header phase, and `OPTIONS` for CORS preflights.
enum ExtensionAPIRoutes {
    static let template = "/api/ext/:extension/*path"
    static let methods: [HTTPMethod] = [.get, .post, .put, .patch, .delete]

    static func register(on router: inout Router, api: ExtensionAPI, maxRequestBytes: Int64) {
        let auth = api.auth
        let options = RouteOptions(bodyLimit: maxRequestBytes) { head in try auth.head(head) }
        for method in methods {
            router.async(method, template, options: options) { request in try await api.handle(request) }
        }
        let cors = api.cors
        router.inline(.options, template) { request in try cors.preflight(request) }
    }
}
#endif
