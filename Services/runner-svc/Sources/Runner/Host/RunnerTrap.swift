import WasmHost

/// Trap kinds the runner's host functions raise on purpose.
enum RunnerTrap {
    /// The host-call budget is exhausted (docs/guest-abi.md §5.3).
    static let hostCallLimit = TrapKind.host("host_call_limit")
}
