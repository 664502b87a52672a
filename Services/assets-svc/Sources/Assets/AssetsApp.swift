import Bundle
import HTTPCore
import ObjectStore
import ServiceKit
import Shared

/// Assembles assets-svc: health, readiness (object store, cache directory), metrics and, with
/// the `Extensions` trait and `EXT_ENABLED`, `/ext-ui/...` with its cache, lookup cache, change
/// feed follower and blocking pool (started before, and stopped after, the HTTP server).
public enum AssetsApp {
    public static func runtime(config: AssetsConfig, logger: Logger) throws -> ServiceRuntime {
        let store = try config.objectStore.makeStore(logger: logger)
        let metrics = MetricsRegistry()
        var dependencies: [ServiceGroup.Entry] = []
        var register: (inout Router) -> Void = { _ in }
        #if EXTENSIONS
        if config.common.extensionsEnabled {
            let parts = try UIParts(config: config, store: store, metrics: metrics, logger: logger)
            dependencies = parts.services
            register = { router in UIRoutes.register(on: &router, handler: parts.handler) }
        }
        #endif
        return ServiceRuntime(settings: config.common, logger: logger, metrics: metrics,
                              checks: [ObjectStoreCheck.check(store), DirectoryCheck.check("cache", path: config.cache.root)],
                              dependencies: dependencies, routes: register)
    }
}

/// The extension-UI machinery, built only when extension routes are on.
struct UIParts {
    let handler: UIHandler
    let services: [ServiceGroup.Entry]

    init(config: AssetsConfig, store: any ObjectStore, metrics registry: MetricsRegistry, logger: Logger) throws {
        let metrics = AssetsMetrics(registry: registry)
        let pool = BlockingPool(name: "assets-io", threads: 2, queueLimit: 256, metrics: registry)
        let bundles = BundleStore(objects: store, logger: logger)
        let cache = try UICache(root: config.cache.root, maxBytes: config.cache.maxBytes,
                                memoryBytes: config.memoryCacheBytes, store: bundles, pool: pool,
                                metrics: metrics, registry: registry, logger: logger)
        if config.serviceTokenFile == nil {
            logger.warning("SERVICE_TOKEN_FILE is not set: the registry will refuse every lookup and nothing is served")
        }
        let client = RegistryClient(baseURL: config.registryURL, tokens: config.serviceTokenFile.map(ServiceTokenFile.init(path:)),
                                    lookupTimeout: .milliseconds(config.registryTimeoutMilliseconds),
                                    client: HTTPClient(logger: logger),
                                    logger: logger)
        let pairs = PairCache(positiveTTL: .milliseconds(config.lookupTTLMilliseconds),
                              negativeTTL: .milliseconds(config.negativeTTLMilliseconds), metrics: metrics) { key in
            try await client.lookup(key)
        }
        let feed = ChangeFeedFollower(client: client, cache: pairs, waitMilliseconds: config.feedWaitMilliseconds,
                                      metrics: metrics, logger: logger)
        handler = UIHandler(pairs: pairs, cache: cache, responder: AssetResponder(policy: config.headers, metrics: metrics))
        services = [.init("pool-assets-io", pool), .init("change-feed", feed)]
    }
}
