import HTTPCore
import ServiceKit
import Shared

/// Assembles runner-svc: health, readiness (engine, cache directory, object store), metrics
/// and, with the `Extensions` trait and `EXT_ENABLED`, the execute and warm-up routes.
public enum RunnerApp {
    public static func runtime(config: RunnerConfig, logger: Logger) throws -> ServiceRuntime {
        let store = try config.objectStore.makeStore()
        let tokens = config.serviceTokenFile.map { ServiceTokenFile(path: $0) }
        let metrics = MetricsRegistry()
        let runner = try Runner(settings: config.execution, cache: config.cache, objects: store, metrics: metrics,
                                logger: logger)
        let checks = [runner.engineCheck, DirectoryCheck.check("cache", path: config.cache.root),
                      ObjectStoreCheck.check(store)]
        let pools = runner.pools.map { (pool: BlockingPool) in ServiceGroup.Entry("pool-\(pool.name)", pool) }
        return ServiceRuntime(settings: config.common, logger: logger, metrics: metrics, checks: checks,
                              dependencies: pools) { router in
            #if EXTENSIONS
            router.extensionRoutes(enabled: config.common.extensionsEnabled) { r in
                ExecuteRoutes.register(on: &r, tokens: tokens, runner: runner)
            }
            #endif
        }
    }
}
