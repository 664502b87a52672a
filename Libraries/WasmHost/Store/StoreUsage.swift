/// What a store has consumed so far; read it after a call, whether it succeeded or not.
public struct StoreUsage: Sendable, Hashable {
    /// Fuel spent (granted minus remaining); nil when the engine does not meter fuel.
    public var fuelConsumed: UInt64?
    /// The largest size the guest's memory reached, in bytes. Linear memory never shrinks, so
    /// this is its size at the last observation (after instantiation, each call, each host call).
    public var peakMemoryBytes: Int
    /// Whether the memory ended within the cap window (one 64 KiB page, or 1/16 of the cap if
    /// larger) of the store's effective cap, i.e. the
    /// limiter refused (or would refuse) the next growth. See `Store` for how this classifies a
    /// failed call as `memory_limit`.
    public var memoryCapReached: Bool
    /// Host function calls made by the guest.
    public var hostCalls: Int
}
