/// A failed host call as the guest sees it: a negative code plus the reason `error.last` reports.
/// Thrown by import bodies; never leaves the host-call wrapper (`HostImport`).
struct GuestCallError: Error, Sendable {
    let code: GuestErrorCode
    /// Why, for `error.last`; never contains guest data such as secret or stored values.
    let reason: String
    /// A timeout whose bound was the execution's deadline, not the call's own timeout: the
    /// execution ends as `timeout` instead of returning to the guest (`HostImport`).
    private(set) var deadlineBound = false

    init(_ code: GuestErrorCode, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// This error, marked as bound by the deadline when it is a timeout and `bound` holds.
    func timedOutAtDeadline(if bound: Bool) -> GuestCallError {
        var copy = self
        copy.deadlineBound = code == .timeout && bound
        return copy
    }
}
