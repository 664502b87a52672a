import Bundle
import HTTPCore
import ObjectStore
import ServiceKit
import Shared
import WasmHost

/// Everything that executes extensions in one process: the engine, the linker with every host
/// factor, the caches, the blocking pools and the execute/warm-up services. Built once at
/// start-up (`RunnerApp`), or directly by tests.
public final class Runner: Sendable {
    public let engine: Engine
    public let execute: ExecuteService
    public let warmup: WarmupService
    /// Services to run before the HTTP server and stop after it (the blocking pools).
    public let pools: [BlockingPool]
    let modules: ModuleCache
    let bundles: BundleCache
    /// The egress and registry clients behind `http.fetch`, `secrets.get` and `storage.*`.
    let capabilities: CapabilityBackends

    public init(settings: ExecutionSettings, cache: CacheSettings, objects: any ObjectStore, metrics: MetricsRegistry,
                logger: Logger) throws {
        let key = try settings.platformKeyFile.map { path throws(ConfigError) in try PlatformKey(file: path) }
        var engineConfig = EngineConfig()
        let slots = UInt32(settings.concurrency + 4)  // headroom for compile-path checks
        engineConfig.totalCoreInstances = slots
        engineConfig.totalMemories = slots
        engineConfig.totalTables = slots
        engineConfig.totalStacks = slots
        engineConfig.maxUnusedWarmSlots = slots
        // Reset the first 256 KiB of a freed memory with memset instead of madvise: small guests
        // (most handlers) then cost no page faults or TLB shootdowns per request.
        engineConfig.linearMemoryKeepResident = 256 << 10
        engineConfig.maxMemorySize = settings.maxMemoryMB << 20
        engineConfig.consumeFuel = settings.fuelMetering
        engineConfig.epochTickInterval = .milliseconds(settings.epochTickMs)
        engine = try Engine(config: engineConfig, logger: logger)

        let guestMetrics = GuestMetrics(seriesPerExtension: settings.guest.metricSeries, metrics: metrics)
        capabilities = CapabilityBackends(settings: settings.capabilities, metrics: metrics, logger: logger)
        let table = HostImportTable(metrics: guestMetrics, backends: capabilities, maxTimeoutMs: settings.maxTimeoutMs)
        let linker = Linker(engine: engine)
        try table.link(into: linker)
        let runnerMetrics = RunnerMetrics(registry: metrics, engine: engine, concurrency: settings.concurrency)

        // Executions run on this pool's threads (the execute route is a pooled route); the spare
        // threads answer at once when every execution slot is busy.
        let executionPool = BlockingPool(name: "execute", threads: settings.concurrency + ExecuteService.frontThreads,
                                         queueLimit: max(64, 4 * settings.concurrency),
                                         metrics: metrics)
        let compilePool = BlockingPool(name: "compile", threads: 1, queueLimit: 256, metrics: metrics)
        pools = [executionPool, compilePool] + (capabilities.resolverPool.map { [$0] } ?? [])
        let store = BundleStore(objects: objects, logger: logger)
        bundles = try BundleCache(root: cache.root, maxBytes: cache.maxBytes, store: store, metrics: metrics, logger: logger)
        let loader = ModuleLoader(engine: engine, linker: linker, validator: ABIValidator(importTypes: table.importTypes),
                                  bundles: bundles, store: store, key: key,
                                  trustedNativePublishers: Set(settings.trustedNativePublishers), pool: compilePool,
                                  metrics: runnerMetrics, logger: logger)
        modules = ModuleCache(capacity: settings.moduleCacheEntries, loader: loader, metrics: runnerMetrics)
        let executor = Executor(engine: engine, table: table, settings: settings, guestMetrics: guestMetrics)
        execute = ExecuteService(engine: engine, table: table, modules: modules, executor: executor, pool: executionPool,
                                 metrics: runnerMetrics, settings: settings, audit: AuditLog(logger: logger), logger: logger)
        warmup = WarmupService(modules: modules, sharing: key != nil, logger: logger)
        if key == nil { logger.warning("RUNNER_PLATFORM_KEY_FILE is not set: compiled modules are not shared") }
    }

    /// Readiness: the engine's epoch ticker advances (deadlines work).
    public var engineCheck: ReadinessCheck {
        ReadinessCheck("engine") { [engine] in
            guard let ticker = engine.ticker else { return "epoch interruption is off" }
            let before = ticker.tickCount
            try? await Task.sleep(for: ticker.interval * 3)
            return ticker.tickCount > before ? nil : "the epoch ticker is not advancing"
        }
    }

    /// Stops every pool (tests; services stop them through the service group).
    public func shutdown() {
        for pool in pools { pool.shutdown() }
    }
}
