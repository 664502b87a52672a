#if EXTENSIONS
import HTTPCore
import ServiceKit
import Shared

/// `POST /v1/execute` and `POST /warmup`, both behind the service token (fail closed: no token
/// file, no access). Every answer of execute, success or failure, is the `ExecuteResponse`
/// envelope; failures carry their HTTP status and `error.code` (docs/runner.md).
///
/// Execute is a pooled route: the network thread hands the request to a thread of the execution
/// pool, which authenticates, decodes, executes (when the module is in memory) and answers, with
/// no Swift task on the way. A module that must be loaded first continues in a task.
enum ExecuteRoutes {
    /// Largest execute envelope accepted (the request body travels base64 inside it).
    static let executeBodyLimit: Int64 = 12 << 20

    static func register(on router: inout Router, tokens: ServiceTokenFile?, runner: Runner) {
        let service = runner.execute
        let gate = ServiceTokenGate(file: tokens)
        router.pooled(.post, "/v1/execute", options: RouteOptions(bodyLimit: executeBodyLimit), pool: service.pool,
                      refused: { error, _ in failure(error) }) { request, cancellation in
            let decoded: ExecuteRequest
            do {
                try gate.require(request)
                decoded = try ExecuteRequest.decode(request.body.readAll())
            } catch {
                return .response(failure(AppError.wrapping(error)))
            }
            let logger = request.logger
            if let report = service.executeNow(decoded, requestLogger: logger, cancellation: cancellation) {
                return .response(answer(report))
            }
            return .continue { answer(await service.execute(decoded, requestLogger: logger)) }
        }
        router.async(.post, "/warmup") { request in
            try BearerToken.require(request, tokens: tokens)
            let body = try await runner.warmup.warm(body: request.body.readAll())
            return .bytes(body, contentType: "application/json")
        }
    }

    private static func answer(_ report: ExecutionReport) -> HTTPResponse {
        var response = HTTPResponse.bytes(report.response.encoded(), status: report.httpStatus,
                                          contentType: "application/json")
        if report.errorCode == .overloaded { response.headers.add("Retry-After", "1") }
        return response
    }

    /// The envelope for a failure before any execution (auth, decoding, a refused hand-over).
    private static func failure(_ error: AppError) -> HTTPResponse {
        var r = HTTPResponse.bytes(ExecuteResponse.failure(error, usage: ExecuteUsage()).encoded(), status: error.httpStatus,
                                   contentType: "application/json")
        for (name, value) in error.headers { r.headers.add(name, value) }
        return r
    }
}
#endif
