#if EXTENSIONS
import HTTPCore
import Shared

/// Registers the console (docs/console.md): pages and browser packages under `/console/`, its
/// JSON API under `/console/api/`, and the host bridge's proxy under `/console/proxy/`.
enum ConsoleRoutes {
    static let jsonBodyLimit: Int64 = 256 << 10

    static func register(on router: inout Router, console: ConsoleAPI, maxRequestBytes: Int64) {
        let json = RouteOptions(bodyLimit: jsonBodyLimit)
        let files = console.files
        router.inline(.get, "/console") { _ in HTTPResponse(status: 308, headers: ["location": "/console/"]) }
        router.inline(.get, "/console/*path") { request in files.response(request.parameter("path"), request: request) }

        router.async(.post, "/console/api/session", options: RouteOptions(bodyLimit: 16 << 10)) { try await console.signIn($0) }
        router.inline(.get, "/console/api/session") { try console.current($0) }
        router.inline(.delete, "/console/api/session") { try console.signOut($0) }

        router.async(.get, "/console/api/catalog") { try await console.catalog($0) }
        router.async(.get, "/console/api/catalog/:extension/versions") { try await console.versions($0) }
        router.async(.get, "/console/api/catalog/:extension/versions/:version") { try await console.version($0) }

        router.async(.get, "/console/api/installs") { try await console.installs($0) }
        router.async(.post, "/console/api/installs", options: json) { try await console.install($0) }
        router.async(.patch, "/console/api/installs/:extension", options: json) { try await console.update($0) }
        router.async(.delete, "/console/api/installs/:extension") { try await console.uninstall($0) }
        router.async(.get, "/console/api/installs/:extension/ui") { try await console.ui($0) }
        router.async(.post, "/console/api/installs/:extension/:action", options: json) { try await console.act($0) }

        router.async(.get, "/console/api/logs") { try await console.logs($0) }

        let proxy = RouteOptions(bodyLimit: maxRequestBytes)
        for method in ExtensionAPIRoutes.methods {
            router.async(method, ConsoleAPI.proxyPrefix + ExtensionAPIRoutes.template, options: proxy) { try await console.proxy($0) }
        }
    }
}
#endif
