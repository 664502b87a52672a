import HTTPCore
import ServiceKit
import Shared

/// Assembles runner-svc: health, readiness (object store, cache directory), metrics and,
/// with the `Extensions` trait and `EXT_ENABLED`, the execute and warm-up routes.
public enum RunnerApp {
    public static func runtime(config: RunnerConfig, logger: Logger) throws -> ServiceRuntime {
        let store = try config.objectStore.makeStore()
        let tokens = config.serviceTokenFile.map { ServiceTokenFile(path: $0) }
        return ServiceRuntime(settings: config.common, logger: logger,
                              checks: [ObjectStoreCheck.check(store), DirectoryCheck.check("cache", path: config.cache.root)]) {
            router in
            #if EXTENSIONS
            router.extensionRoutes(enabled: config.common.extensionsEnabled) { r in
                ExecuteRoutes.register(on: &r, tokens: tokens)
            }
            #endif
        }
    }
}
