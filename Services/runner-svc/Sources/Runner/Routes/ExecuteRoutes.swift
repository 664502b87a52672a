#if EXTENSIONS
import HTTPCore
import ServiceKit
import Shared

/// `POST /v1/execute` and `POST /warmup`, both behind the service token (fail closed: no token
/// file, no access). Every answer of execute, success or failure, is the `ExecuteResponse`
/// envelope; failures carry their HTTP status and `error.code` (docs/runner.md).
enum ExecuteRoutes {
    /// Largest execute envelope accepted (the request body travels base64 inside it).
    static let executeBodyLimit: Int64 = 12 << 20

    static func register(on router: inout Router, tokens: ServiceTokenFile?, runner: Runner) {
        let service = runner.execute
        router.async(.post, "/v1/execute", options: RouteOptions(bodyLimit: executeBodyLimit)) { request in
            let decoded: ExecuteRequest
            do {
                try BearerToken.require(request, tokens: tokens)
                decoded = try ExecuteRequest.decode(request.body.readAll())
            } catch {
                return envelope(.failure(AppError.wrapping(error), usage: ExecuteUsage()), error: AppError.wrapping(error))
            }
            let report = await service.execute(decoded, requestLogger: request.logger)
            var response = HTTPResponse.bytes(report.response.encoded(), status: report.httpStatus,
                                              contentType: "application/json")
            if report.errorCode == .overloaded { response.headers.add("Retry-After", "1") }
            return response
        }
        router.async(.post, "/warmup") { request in
            try BearerToken.require(request, tokens: tokens)
            let body = try await runner.warmup.warm(body: request.body.readAll())
            return .bytes(body, contentType: "application/json")
        }
    }

    private static func envelope(_ response: ExecuteResponse, error: AppError) -> HTTPResponse {
        var r = HTTPResponse.bytes(response.encoded(), status: error.httpStatus, contentType: "application/json")
        for (name, value) in error.headers { r.headers.add(name, value) }
        return r
    }
}
#endif
