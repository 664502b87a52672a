import HTTPCore
import ServiceKit
import Shared

/// Assembles registry-svc: health, readiness (object store, database if configured), metrics
/// and, with the `Extensions` trait and `EXT_ENABLED`, the registry API.
public enum RegistryApp {
    public static func runtime(config: RegistryConfig, logger: Logger) throws -> ServiceRuntime {
        let store = try config.objectStore.makeStore()
        var checks = [ObjectStoreCheck.check(store)]
        if let db = config.database { checks.append(PeerCheck.check("database", host: db.host, port: db.port)) }
        return ServiceRuntime(settings: config.common, logger: logger, checks: checks) { router in
            #if EXTENSIONS
            router.extensionRoutes(enabled: config.common.extensionsEnabled) { r in
                RegistryAPIRoutes.register(on: &r)
            }
            #endif
        }
    }
}
