import HTTPCore
import ServiceKit
import Shared

/// Assembles assets-svc: health, readiness (object store, cache directory), metrics and,
/// with the `Extensions` trait and `EXT_ENABLED`, `/ext-ui/...`.
public enum AssetsApp {
    public static func runtime(config: AssetsConfig, logger: Logger) throws -> ServiceRuntime {
        let store = try config.objectStore.makeStore()
        return ServiceRuntime(settings: config.common, logger: logger,
                              checks: [ObjectStoreCheck.check(store), DirectoryCheck.check("cache", path: config.cache.root)]) {
            router in
            #if EXTENSIONS
            router.extensionRoutes(enabled: config.common.extensionsEnabled) { r in
                UIRoutes.register(on: &r)
            }
            #endif
        }
    }
}
