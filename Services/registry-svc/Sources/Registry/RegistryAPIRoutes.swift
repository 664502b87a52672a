#if EXTENSIONS
import HTTPCore
import ServiceKit
import Shared

/// `/v1/registry/...`; answered 501 until the registry issue lands.
enum RegistryAPIRoutes {
    static func register(on router: inout Router) {
        router.inline(.get, "/v1/registry/extensions") { _ in throw AppError.notImplemented("the registry API") }
    }
}
#endif
