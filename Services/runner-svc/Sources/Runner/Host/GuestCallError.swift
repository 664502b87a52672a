/// A failed host call as the guest sees it: a negative code plus the reason `error.last` reports.
/// Thrown by import bodies; never leaves the host-call wrapper (`HostImport`).
struct GuestCallError: Error, Sendable {
    let code: GuestErrorCode
    /// Why, for `error.last`; never contains guest data such as secret or stored values.
    let reason: String

    init(_ code: GuestErrorCode, _ reason: String) {
        self.code = code
        self.reason = reason
    }
}
