#if EXTENSIONS
import HTTPCore
import Shared

/// `POST /v1/registry/publish`: the bundle as the body (spooled to disk, capped), the detached
/// signature in `X-Alga-Signature`. 201 for a new version, 200 for the identical bundle again.
enum PublishRoutes {
    static func register(on router: inout Router, api: RegistryAPI) {
        // The credential is checked from the headers, before any byte of the bundle is read.
        let options = RouteOptions(bodyLimit: api.maxBundleBytes, spoolThreshold: 0) { try api.auth.credential($0) }
        router.async(.post, "/v1/registry/publish", options: options) { request in
            let credential = try api.auth.credential(request)
            if case .tenant = credential.role { throw AppError.forbidden("publishing needs a publisher (or admin) credential") }
            return try await publish(request, credential, api)
        }
    }

    private static func publish(_ request: HTTPRequest, _ credential: Credential, _ api: RegistryAPI) async throws -> HTTPResponse {
        let backend = try api.require()
        do {
            let result = try await backend.publisher.publish(request, credential: credential)
            api.metrics.publishes.labels(result.created ? "created" : "unchanged").inc()
            if let ms = result.compileMs { api.metrics.compileSeconds.observe(Double(ms) / 1000) }
            return JSONResponse.make(result.json, status: result.created ? 201 : 200)
        } catch {
            let code = AppError.wrapping(error).code.rawValue
            api.metrics.publishes.labels(code).inc()
            if code.hasPrefix("signature_") { api.metrics.trustEvents.labels("signature_rejected").inc() }
            throw error
        }
    }
}
#endif
