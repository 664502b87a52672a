import HTTPCore
import ServiceKit
import Shared

/// Assembles gateway-svc: health, readiness (registry and runner reachable, database if
/// configured), metrics and, with the `Extensions` trait and `EXT_ENABLED`, `/api/ext/...`.
public enum GatewayApp {
    public static func runtime(config: GatewayConfig, logger: Logger) -> ServiceRuntime {
        var checks = [PeerCheck.check("registry", host: config.registryURL.host, port: config.registryURL.port),
                      PeerCheck.check("runner", host: config.runnerURL.host, port: config.runnerURL.port)]
        if let db = config.database { checks.append(PeerCheck.check("database", host: db.host, port: db.port)) }
        return ServiceRuntime(settings: config.common, logger: logger, checks: checks) { router in
            #if EXTENSIONS
            router.extensionRoutes(enabled: config.common.extensionsEnabled) { r in
                ExtensionAPIRoutes.register(on: &r)
            }
            #endif
        }
    }
}
