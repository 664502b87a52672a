import CWasmtime
import Shared
import Synchronization

/// The process-wide WebAssembly engine: compiler settings, the pooling instance allocator and
/// the epoch ticker. Create one per process and share it.
///
/// Ownership: owns one `wasm_engine_t` handle, deleted in `deinit`. Modules, linkers and stores
/// made from it hold the library's own references, so they stay valid even if this object goes
/// first; the ticker holds its own handle too and is stopped in `deinit`.
/// Thread-safety: all members are safe to use from any thread.
public final class Engine: @unchecked Sendable {
    public let config: EngineConfig
    /// Stable hash of everything that makes a serialized module loadable by this engine
    /// (Wasmtime version, target, artefact settings); see `Engine+Fingerprint`.
    public let fingerprint: String
    /// Advances the epoch; nil when `epochInterruption` is off.
    public let ticker: EpochTicker?

    // Set once in init, deleted in deinit; the library's engine is thread-safe.
    let raw: OpaquePointer
    let logger: Logger
    private let liveStoreCount = Atomic<Int>(0)
    private let liveInstanceCount = Atomic<Int>(0)

    /// Builds the engine and starts its epoch ticker.
    /// - Throws: `WasmtimeError.invalidConfiguration` when `config.validate()` fails.
    public init(config: EngineConfig = EngineConfig(), logger: Logger) throws(WasmtimeError) {
        try config.validate()
        guard let libraryConfig = wasm_config_new() else {
            preconditionFailure("BUG in Engine: wasm_config_new returned NULL")
        }
        Engine.apply(config, to: libraryConfig)
        // Takes ownership of libraryConfig.
        guard let raw = wasm_engine_new_with_config(libraryConfig) else {
            preconditionFailure("BUG in Engine: wasm_engine_new_with_config returned NULL")
        }
        self.raw = raw
        self.config = config
        self.fingerprint = Engine.fingerprint(of: config)
        self.logger = logger
        self.ticker = config.epochInterruption ? EpochTicker(engine: raw, interval: config.epochTickInterval) : nil
        ticker?.start()
        logger.info("wasm engine ready", [
            "wasm.fingerprint": .string(fingerprint),
            "wasm.version": .string(Engine.wasmtimeVersion),
            "wasm.pool.instances": .int(Int64(config.totalCoreInstances)),
            "wasm.pool.max_memory_bytes": .int(Int64(config.maxMemorySize)),
            "wasm.epoch_tick": .string("\(config.epochTickInterval)"),
            "wasm.fuel": .bool(config.consumeFuel),
        ])
    }

    deinit {
        ticker?.stop()
        wasm_engine_delete(raw)
    }

    /// Stores alive right now (each holds at most `StoreLimits.instances` pool slots).
    public var liveStores: Int { liveStoreCount.load(ordering: .relaxed) }
    /// Instances alive right now across all stores: the pool's core-instance slots in use.
    public var liveInstances: Int { liveInstanceCount.load(ordering: .relaxed) }

    /// The epoch ticks to pass to `Store.setDeadline(ticks:)` so that the deadline fires no
    /// earlier than `duration` from now: ceil(duration / interval) + 1 (the first tick may come
    /// at once). Nil when epoch interruption is off.
    public func ticks(for duration: Duration) -> UInt64? {
        guard config.epochInterruption else { return nil }
        let interval = config.epochTickInterval
        guard duration > .zero else { return 1 }
        let ticks = (duration / interval).rounded(.up)
        // Far beyond any real deadline (~160 years at 5 ms); keeps the conversion in range.
        guard ticks < 1e12 else { return 1_000_000_000_000 }
        return UInt64(max(ticks, 1)) + 1
    }

    func storeCreated() { liveStoreCount.add(1, ordering: .relaxed) }
    func storeReleased(instances: Int) {
        liveStoreCount.subtract(1, ordering: .relaxed)
        if instances > 0 { liveInstanceCount.subtract(instances, ordering: .relaxed) }
    }
    func instanceCreated() { liveInstanceCount.add(1, ordering: .relaxed) }

    private static func apply(_ config: EngineConfig, to c: OpaquePointer) {
        wasmtime_config_strategy_set(c, WASMTIME_STRATEGY_CRANELIFT)
        wasmtime_config_cranelift_opt_level_set(c, config.optimizationLevel.library)
        wasmtime_config_parallel_compilation_set(c, config.parallelCompilation)
        wasmtime_config_epoch_interruption_set(c, config.epochInterruption)
        wasmtime_config_consume_fuel_set(c, config.consumeFuel)
        wasmtime_config_max_wasm_stack_set(c, config.maxWasmStack)
        wasmtime_config_memory_reservation_set(c, config.memoryReservation)
        wasmtime_config_memory_guard_size_set(c, config.memoryGuardSize)
        wasmtime_config_memory_reservation_for_growth_set(c, config.memoryReservationForGrowth)
        // One 32-bit, unshared memory per module: what the guest ABI expects and what the
        // pool supports (shared memories are rejected by the pooling allocator).
        wasmtime_config_wasm_threads_set(c, false)
        wasmtime_config_wasm_multi_memory_set(c, false)
        wasmtime_config_wasm_memory64_set(c, false)

        guard let pool = wasmtime_pooling_allocation_config_new() else {
            preconditionFailure("BUG in Engine: wasmtime_pooling_allocation_config_new returned NULL")
        }
        wasmtime_pooling_allocation_config_total_core_instances_set(pool, config.totalCoreInstances)
        wasmtime_pooling_allocation_config_total_memories_set(pool, config.totalMemories)
        wasmtime_pooling_allocation_config_total_tables_set(pool, config.totalTables)
        wasmtime_pooling_allocation_config_total_stacks_set(pool, config.totalStacks)
        wasmtime_pooling_allocation_config_max_memories_per_module_set(pool, config.maxMemoriesPerModule)
        wasmtime_pooling_allocation_config_max_tables_per_module_set(pool, config.maxTablesPerModule)
        wasmtime_pooling_allocation_config_max_unused_warm_slots_set(pool, config.maxUnusedWarmSlots)
        wasmtime_pooling_allocation_config_max_memory_size_set(pool, config.maxMemorySize)
        wasmtime_pooling_allocation_config_max_core_instance_size_set(pool, config.maxCoreInstanceSize)
        wasmtime_pooling_allocation_config_table_elements_set(pool, config.tableElements)
        wasmtime_pooling_allocation_config_linear_memory_keep_resident_set(pool, config.linearMemoryKeepResident)
        wasmtime_pooling_allocation_strategy_set(c, pool)  // copies the pooling config
        wasmtime_pooling_allocation_config_delete(pool)
    }
}
