/// Everything an `Engine` is built from. One engine per process; see
/// docs/design/001-wasmhost.md for how the pool sizes relate to the runner's concurrency.
///
/// Only the fields marked "artefact" change compiled code; they (with the Wasmtime version and
/// the target) make up `Engine.fingerprint`, the key under which serialized modules are cached.
public struct EngineConfig: Sendable, Hashable {
    // MARK: Pooling allocator (slots are reserved once, at engine creation)

    /// Live core instances across all stores; one per in-flight request. Default 1000.
    public var totalCoreInstances: UInt32 = 1000
    /// Live linear memories across all stores. Default 1000.
    public var totalMemories: UInt32 = 1000
    /// Live tables across all stores. Default 1000.
    public var totalTables: UInt32 = 1000
    /// Pooled fiber stacks (used only by async execution, which WasmHost does not use). Default 1000.
    public var totalStacks: UInt32 = 1000
    /// Largest size one linear memory can ever reach, in bytes; also an upper bound on every
    /// store's memory cap. Must not exceed `memoryReservation`. Default 128 MiB.
    public var maxMemorySize: Int = 128 << 20
    /// Largest per-instance runtime state (VMContext) in bytes; larger modules are rejected at
    /// compile time. Default 1 MiB.
    public var maxCoreInstanceSize: Int = 1 << 20
    /// Largest table, in elements. Default 20 000.
    public var tableElements: Int = 20_000
    /// Memories and tables one module may define. Default 1 each.
    public var maxMemoriesPerModule: UInt32 = 1
    public var maxTablesPerModule: UInt32 = 1
    /// Freed slots kept warm (not decommitted) for reuse. Default 100.
    public var maxUnusedWarmSlots: UInt32 = 100
    /// Bytes of each freed memory slot kept resident (zeroed with memset instead of madvise).
    /// Default 0.
    public var linearMemoryKeepResident: Int = 0

    // MARK: Linear memory layout (artefact)

    /// Virtual address space reserved per linear memory, in bytes. With 4 GiB on 64-bit hosts,
    /// bounds checks are elided. Default 4 GiB.
    public var memoryReservation: UInt64 = 4 << 30
    /// Guard region after each memory, in bytes. Default 32 MiB.
    public var memoryGuardSize: UInt64 = 32 << 20
    /// Extra reservation for growth of non-pooled memories, in bytes. Default 0.
    public var memoryReservationForGrowth: UInt64 = 0

    // MARK: Execution

    /// Native stack available to wasm per call, in bytes; deeper recursion traps with
    /// `stack_overflow`. The calling thread needs this much plus ~256 KiB of its own. Default 512 KiB.
    public var maxWasmStack: Int = 512 << 10
    /// Epoch interruption (artefact): deadlines in ticks of `epochTickInterval`. Default on.
    public var epochInterruption = true
    /// How often the ticker thread advances the epoch; 1 ms ... 1 s. Default 5 ms.
    public var epochTickInterval: Duration = .milliseconds(5)
    /// Fuel metering (artefact). When on, every store gets fuel (unlimited if not asked). Default off.
    public var consumeFuel = false

    // MARK: Compilation (artefact)

    public var optimizationLevel: OptimizationLevel = .speed
    /// Compile functions on several threads. Default on.
    public var parallelCompilation = true

    public init() {}
}
