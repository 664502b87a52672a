import Shared

/// What one execution produced: the envelope for the gateway, the HTTP status to answer with,
/// and what the audit record and metrics need.
struct ExecutionReport: Sendable {
    var response: ExecuteResponse
    /// 200 when the guest produced a response; the failure's status otherwise.
    var httpStatus: Int
    /// nil when the guest's response is delivered.
    var errorCode: ErrorCode?
    /// Engine-side detail for the log (trap kind and text); never sent to the caller.
    var detail: String?
    /// Host calls answered `denied` (no grant), for the metrics.
    var deniedCalls = 0

    var usage: ExecuteUsage { response.usage }

    static func failure(_ error: AppError, usage: ExecuteUsage, detail: String? = nil) -> ExecutionReport {
        ExecutionReport(response: .failure(error, usage: usage), httpStatus: error.httpStatus, errorCode: error.code,
                        detail: detail)
    }
}
