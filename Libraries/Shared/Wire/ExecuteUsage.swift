/// What one execution consumed; reported in every response, success or failure.
public struct ExecuteUsage: Sendable, Equatable {
    public var durationUs: UInt64
    public var cpuUs: UInt64
    public var memoryPeakBytes: UInt64
    public var fuelUsed: UInt64
    public var egressBytes: UInt64
    public var hostCalls: UInt64

    public init(durationUs: UInt64 = 0, cpuUs: UInt64 = 0, memoryPeakBytes: UInt64 = 0, fuelUsed: UInt64 = 0,
                egressBytes: UInt64 = 0, hostCalls: UInt64 = 0) {
        self.durationUs = durationUs
        self.cpuUs = cpuUs
        self.memoryPeakBytes = memoryPeakBytes
        self.fuelUsed = fuelUsed
        self.egressBytes = egressBytes
        self.hostCalls = hostCalls
    }
}
