import Shared

/// Runner-level error codes of `POST /v1/execute` (docs/runner.md lists each with its HTTP
/// status). `timeout` and `response_too_large` are declared in Shared; the bundle codes
/// (`bundle_not_found`, `bundle_integrity`) in the bundle library.
extension ErrorCode {
    /// The module fails docs/guest-abi.md §1: malformed, missing export, wrong ABI, unknown import.
    public static let moduleInvalid = ErrorCode("module_invalid")
    /// The request grants a capability the bundle's manifest does not declare.
    public static let capabilityDenied = ErrorCode("capability_denied")
    public static let memoryLimit = ErrorCode("memory_limit")
    public static let fuelExhausted = ErrorCode("fuel_exhausted")
    public static let hostCallLimit = ErrorCode("host_call_limit")
    public static let guestTrap = ErrorCode("guest_trap")
    public static let guestBadResponse = ErrorCode("guest_bad_response")
    /// The caller went away and the execution was interrupted (only in the audit record).
    public static let clientGone = ErrorCode("client_gone")
}
