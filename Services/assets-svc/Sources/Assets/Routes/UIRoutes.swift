#if EXTENSIONS
import HTTPCore
import ServiceKit
import Shared

/// `GET /ext-ui/{extension}/{contentHash}/{path...}`; answered 501 until the assets issue lands.
enum UIRoutes {
    static func register(on router: inout Router) {
        router.inline(.get, "/ext-ui/:extension/:hash/*path") { _ in throw AppError.notImplemented("extension UI serving") }
    }
}
#endif
