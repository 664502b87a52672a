/// Per-execution limits resolved by the gateway from the install; the runner clamps them to its
/// own configured maxima.
public struct ExecuteLimits: Sendable, Equatable {
    /// Wall-clock deadline, 1...3_600_000 ms.
    public var timeoutMs: Int
    /// Linear-memory cap, 1...65_536 MiB.
    public var memoryMB: Int
    /// Wasmtime fuel budget when metering is requested (at least 1); nil means no fuel metering.
    public var fuel: UInt64?

    public static let timeoutRange: ClosedRange<Int64> = 1...3_600_000
    public static let memoryRange: ClosedRange<Int64> = 1...65_536

    public init(timeoutMs: Int, memoryMB: Int, fuel: UInt64? = nil) {
        self.timeoutMs = timeoutMs
        self.memoryMB = memoryMB
        self.fuel = fuel
    }
}
