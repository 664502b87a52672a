import CWasmtime

/// Everything one execution (one request) owns: its instance, memory, fuel, deadline and the
/// per-request host state. Create a store per call and release it afterwards; releasing it
/// frees the instance's pool slots.
///
/// A new store is always armed: the initializer sets the epoch deadline and (when the engine
/// meters fuel) the fuel, because the library's defaults make the first wasm function entry
/// trap at once (deadline 0, fuel 0).
///
/// The `memory_limit` rule: the limiter makes a refused `memory.grow` return -1 instead of
/// trapping, and the C API cannot report a refusal. So a call that fails with a trap is
/// reclassified as `memory_limit` when, after the call, the guest memory is within the cap window
/// (one 64 KiB page, or 1/16 of the cap if larger) of the store's effective cap
/// (`min(limits.memoryBytes, EngineConfig.maxMemorySize)`),
/// i.e. the limiter refused, or would refuse, any further growth. `timeout`, `fuel_exhausted`
/// and `interrupted` are never reclassified (the budget ran out, whatever the memory);
/// the original kind stays in `Trap.underlyingKind`. See docs/design/001-wasmhost.md.
///
/// Ownership: owns one `wasmtime_store_t`, deleted in `deinit` (which releases every instance
/// and memory in it). `Instance` and `Func` values keep their store alive.
/// Thread-safety: not thread-safe; use a store from one thread at a time.
public final class Store {
    public let engine: Engine
    public let limits: StoreLimits
    /// Per-request host state, visible to host functions as `Caller.userData`.
    @exclusivity(unchecked) public var userData: AnyObject?
    /// Stops this store's execution from another thread.
    public let interruptHandle = StoreInterruptHandle()

    // Owned store and its borrowed context; valid until deinit.
    let raw: OpaquePointer
    let context: OpaquePointer
    // Accounting, updated on this store's thread only (a store is never shared between threads,
    // so these skip dynamic exclusivity checks, which cost more than the updates on every host call).
    @exclusivity(unchecked) var hostCallCount = 0
    @exclusivity(unchecked) var pendingHostTrap: Trap?
    /// Why the deadline callback stopped the guest (`timeout` or `interrupted`).
    @exclusivity(unchecked) var stopReason: TrapKind?
    /// The ticker count at which the deadline passes.
    @exclusivity(unchecked) var deadlineTick = UInt64.max
    @exclusivity(unchecked) var instanceCount = 0
    /// The exported `memory` of the store's first instance, found once at instantiation; host
    /// calls use it while that is the store's only instance (see `Caller`).
    @exclusivity(unchecked) var firstInstanceMemory: LinearMemory?
    @exclusivity(unchecked) private(set) var peakMemoryBytes = 0
    @exclusivity(unchecked) private var fuelConsumedBeforeLastSet: UInt64 = 0
    @exclusivity(unchecked) private var fuelLastSet: UInt64 = 0

    /// Creates an armed store.
    /// - Parameters:
    ///   - timeout: wall-clock budget from now; the call traps with `timeout` no earlier than this
    ///     and, with a healthy ticker, within about one tick after it.
    ///   - fuel: the fuel budget; nil means unlimited. Requires an engine with `consumeFuel`.
    /// - Throws: `WasmtimeError.invalidArgument` for fuel on an engine without fuel metering or
    ///   non-positive limits.
    public init(engine: Engine, limits: StoreLimits, timeout: Duration, fuel: UInt64? = nil,
                userData: AnyObject? = nil) throws(WasmtimeError)
    {
        guard limits.memoryBytes > 0, limits.instances > 0, limits.tableElements >= 0, limits.tables >= 0,
              limits.memories >= 0
        else { throw WasmtimeError(.invalidArgument, "store limits must be positive: \(limits)") }
        if fuel != nil, !engine.config.consumeFuel {
            throw WasmtimeError(.invalidArgument, "fuel requested but the engine does not meter fuel")
        }
        guard let raw = wasmtime_store_new(engine.raw, nil, nil), let context = wasmtime_store_context(raw) else {
            preconditionFailure("BUG in Store: wasmtime_store_new returned NULL")
        }
        self.engine = engine
        self.limits = limits
        self.userData = userData
        self.raw = raw
        self.context = context
        engine.storeCreated()
        wasmtime_context_set_data(context, Unmanaged.passUnretained(self).toOpaque())
        wasmtime_store_limiter(raw, Int64(limits.memoryBytes), Int64(limits.tableElements), Int64(limits.instances),
                               Int64(limits.tables), Int64(limits.memories))
        if engine.ticker != nil { installDeadlineCallback() }
        setTimeout(timeout)
        if engine.config.consumeFuel { try setFuel(fuel ?? UInt64.max) }
    }

    deinit {
        wasmtime_store_delete(raw)
        engine.storeReleased(instances: instanceCount)
    }

    /// Replaces the remaining fuel.
    /// - Throws: `WasmtimeError.invalidArgument` when the engine does not meter fuel.
    public func setFuel(_ fuel: UInt64) throws(WasmtimeError) {
        let remaining = remainingFuel ?? 0
        if let error = wasmtime_context_set_fuel(context, fuel) {
            throw WasmtimeError(consuming: error, as: .invalidArgument)
        }
        fuelConsumedBeforeLastSet &+= fuelLastSet &- min(remaining, fuelLastSet)
        fuelLastSet = fuel
    }

    /// Fuel left; nil when the engine does not meter fuel.
    public var remainingFuel: UInt64? {
        guard engine.config.consumeFuel else { return nil }
        var fuel: UInt64 = 0
        if let error = wasmtime_context_get_fuel(context, &fuel) {
            _ = LibraryText.consume(error: error)
            return nil
        }
        return fuel
    }

    /// The store's consumption so far.
    public var usage: StoreUsage {
        let fuel = remainingFuel.map { fuelConsumedBeforeLastSet &+ (fuelLastSet &- min($0, fuelLastSet)) }
        return StoreUsage(fuelConsumed: fuel, peakMemoryBytes: peakMemoryBytes,
                          memoryCapReached: memoryCapReached, hostCalls: hostCallCount)
    }

    /// The cap growth is checked against: the store's, or the pool's if smaller.
    public var effectiveMemoryCap: Int { min(limits.memoryBytes, engine.config.maxMemorySize) }

    /// Whether the memory is within the cap window of the effective cap (see the type's doc comment).
    var memoryCapReached: Bool {
        peakMemoryBytes > 0 && peakMemoryBytes + Store.capWindow(effectiveMemoryCap) > effectiveMemoryCap
    }

    /// How close to the cap counts as "reached": one 64 KiB page, or 1/16 of the cap if larger
    /// (guests grow in steps: a C allocator asking for 1 MiB at a time under a 16 MiB cap stops
    /// up to 1 MiB below it).
    static func capWindow(_ cap: Int) -> Int { max(64 << 10, cap / 16) }

    func observeMemory(bytes: Int) {
        if bytes > peakMemoryBytes { peakMemoryBytes = bytes }
    }
}

/// Not thread-safe: a store belongs to the thread running its request.
@available(*, unavailable)
extension Store: Sendable {}
