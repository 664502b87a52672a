#if EXTENSIONS
import HTTPCore
import ServiceKit
import Shared

/// `POST /v1/execute` and `POST /warmup`. Until the runner issue lands, execute authenticates
/// the caller (fail closed: no token file, no access) and answers 501.
enum ExecuteRoutes {
    /// Largest execute envelope accepted (the request body travels base64 inside it).
    static let executeBodyLimit: Int64 = 8 << 20

    static func register(on router: inout Router, tokens: ServiceTokenFile?) {
        router.inline(.post, "/v1/execute", options: RouteOptions(bodyLimit: executeBodyLimit)) { request in
            try BearerToken.require(request, tokens: tokens)
            throw AppError.notImplemented("extension execution")
        }
        router.inline(.post, "/warmup") { request in
            try BearerToken.require(request, tokens: tokens)
            throw AppError.notImplemented("warm-up")
        }
    }
}
#endif
