import CMicroHTTPD
import Shared

/// One `info` line per completed request:
/// `{"msg":"request","http.method":"GET","http.path":"/x","http.route":"/x","http.status":200,
///   "http.bytes":13,"http.duration_us":41,"request.id":"…","http.remote":"127.0.0.1"}`.
/// The path is logged without its query string (queries may carry tokens).
enum AccessLog {
    static func write(_ logger: Logger, _ ctx: RequestContext, status: Int, micros: UInt64,
                      termination: MHD_RequestTerminationCode) {
        guard logger.level <= .info else { return }
        var md: LogMetadata = [
            "http.method": .string(ctx.method.rawValue),
            "http.path": .string(String(ctx.rawPath)),
            "http.route": .string(ctx.route?.template ?? RouteMetrics.unmatchedRoute),
            "http.status": .int(Int64(status)),
            "http.bytes": .int(ctx.responseBytes),
            "http.duration_us": .int(Int64(micros)),
            "request.id": .string(ctx.requestID.isEmpty ? "-" : ctx.requestID),
            "http.remote": .string(ctx.remoteAddress),
        ]
        if termination != .REQUEST_TERMINATED_COMPLETED_OK {
            md["http.termination"] = .string(terminationName(termination))
        }
        // Handing the fields over as the logger's own metadata avoids Logger's per-call merge.
        var requestLogger = logger
        if requestLogger.metadata.isEmpty {
            requestLogger.metadata = md
        } else {
            requestLogger.metadata.merge(md) { _, new in new }
        }
        requestLogger.info("request")
    }

    static func terminationName(_ t: MHD_RequestTerminationCode) -> String {
        switch t {
        case .REQUEST_TERMINATED_COMPLETED_OK: "ok"
        case .REQUEST_TERMINATED_WITH_ERROR: "error"
        case .REQUEST_TERMINATED_TIMEOUT_REACHED: "timeout"
        case .REQUEST_TERMINATED_DAEMON_SHUTDOWN: "shutdown"
        case .REQUEST_TERMINATED_READ_ERROR: "read_error"
        case .REQUEST_TERMINATED_CLIENT_ABORT: "client_abort"
        default: "unknown"
        }
    }
}
