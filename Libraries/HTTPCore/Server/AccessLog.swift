import CMicroHTTPD
import Shared

/// One `info` line per completed request:
/// `{"msg":"request","http.method":"GET","http.path":"/x","http.route":"/x","http.status":200,
///   "http.bytes":13,"http.duration_us":41,"request.id":"…","http.remote":"127.0.0.1"}`.
/// The path is logged without its query string (queries may carry tokens).
enum AccessLog {
    /// `fast` is the logger's handler when it is a `FastJSONLinesLogHandler` and the logger has
    /// no metadata of its own: then the line is rendered without a dictionary (same bytes).
    static func write(_ logger: Logger, fast: FastJSONLinesLogHandler?, _ ctx: RequestContext, status: Int, micros: UInt64,
                      termination: MHD_RequestTerminationCode) {
        guard logger.level <= .info else { return }
        let terminationName = termination == .REQUEST_TERMINATED_COMPLETED_OK ? nil : terminationName(termination)
        if let fast {
            fast.logAccess(label: logger.label, AccessLogLine(
                method: ctx.method.rawValue, path: ctx.rawPath, route: ctx.route?.template ?? RouteMetrics.unmatchedRoute,
                status: status, bytes: ctx.responseBytes, durationMicros: micros,
                requestID: ctx.requestID.isEmpty ? "-" : ctx.requestID, remote: ctx.remoteAddress,
                termination: terminationName))
            return
        }
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
        if let terminationName { md["http.termination"] = .string(terminationName) }
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
