import Shared

/// Runner-level error codes of `POST /v1/execute` (docs/runner.md lists each with its HTTP
/// status). `timeout`, `response_too_large`, `module_invalid` and `capability_denied` are declared
/// in Shared (the registry reports them too); the bundle codes (`bundle_not_found`,
/// `bundle_integrity`) in the bundle library.
extension ErrorCode {
    public static let memoryLimit = ErrorCode("memory_limit")
    public static let fuelExhausted = ErrorCode("fuel_exhausted")
    public static let hostCallLimit = ErrorCode("host_call_limit")
    public static let guestTrap = ErrorCode("guest_trap")
    public static let guestBadResponse = ErrorCode("guest_bad_response")
    /// The caller went away and the execution was interrupted (only in the audit record).
    public static let clientGone = ErrorCode("client_gone")
}
