extension ExecuteResponse {
    /// The envelope for a runner-level failure (ARCHITECTURE.md "Request path contracts"): the
    /// runner answers with `error.httpStatus` as its HTTP status and this body, whose `status`
    /// repeats that status and whose `error` carries the stable code and the safe message.
    public static func failure(_ error: AppError, usage: ExecuteUsage = ExecuteUsage()) -> ExecuteResponse {
        let range = ExecuteResponse.statusRange
        let status = Int(min(max(Int64(error.httpStatus), range.lowerBound), range.upperBound))
        return ExecuteResponse(status: status, error: ExecuteError(code: error.code, message: error.message), usage: usage)
    }
}
