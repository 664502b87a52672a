#if EXTENSIONS
import HTTPCore
import ServiceKit
import Shared

/// The public extension API, `/api/ext/{extension}/{path...}`; answered 501 until the gateway
/// issue lands.
enum ExtensionAPIRoutes {
    static let methods: [HTTPMethod] = [.get, .post, .put, .patch, .delete]

    static func register(on router: inout Router) {
        for method in methods {
            router.inline(method, "/api/ext/:extension/*path") { _ in
                throw AppError.notImplemented("the extension API")
            }
        }
    }
}
#endif
