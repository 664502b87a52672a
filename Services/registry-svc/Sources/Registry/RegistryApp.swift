import Bundle
import Foundation
import HTTPCore
import ObjectStore
import Postgres
import ServiceKit
import Shared

/// Assembles registry-svc: health, readiness (object store, database), metrics and, with the
/// `Extensions` trait and `EXT_ENABLED`, the registry API. Without `DATABASE_URL` the API
/// answers 503 after authentication.
public enum RegistryApp {
    public static func runtime(config: RegistryConfig, logger: Logger) throws -> ServiceRuntime {
        let store = try config.objectStore.makeStore(logger: logger)
        if config.runnerTokensFile == nil {
            logger.warning("REGISTRY_RUNNER_TOKENS_FILE is not set: KV and secrets calls are authenticated by scoped tokens alone")
        }
        let metrics = MetricsRegistry()
        var checks = [ObjectStoreCheck.check(store)]
        var dependencies: [ServiceGroup.Entry] = []
        var backend: RegistryBackend?
        if let postgres = config.postgres {
            guard FileManager.default.isExecutableFile(atPath: config.compile.checkerPath) else {
                throw ConfigError(variable: "REGISTRY_COMPILE_CHECKER", reason: "\(config.compile.checkerPath) is not an executable")
            }
            let database = RegistryDatabase(configuration: postgres, publishConnections: config.publishConcurrency, logger: logger)
            let threads = BlockingPool(name: "publish", threads: config.publishConcurrency, queueLimit: 64, metrics: metrics)
            let feed = ChangeFeed(database: database, logger: logger)
            let retention = ChangeRetention(database: database, retainDays: config.changesRetentionDays, interval: .seconds(3600),
                                            logger: logger)
            dependencies += [.init("database", DatabaseService(database: database)), .init("publish-pool", threads),
                             .init("change-feed", feed), .init("change-retention", retention)]
            checks.append(DatabaseService.check(database))
            backend = makeBackend(config, database: database, store: store, threads: threads, feed: feed, logger: logger)
        }
        let api = RegistryAPI(
            auth: Authenticator(credentials: config.credentialsFile.map(CredentialFile.init(path:)),
                                serviceTokens: config.serviceTokenFile.map(ServiceTokenFile.init(path:)),
                                scopedKeys: config.scopedTokenKeysFile.map(ScopedTokenKeys.init(path:)),
                                runnerTokens: config.runnerTokensFile.map(ServiceTokenFile.init(path:))),
            backend: backend, maxBundleBytes: config.maxBundleBytes, metrics: RegistryMetrics(metrics))
        return ServiceRuntime(settings: config.common, logger: logger, metrics: metrics, checks: checks,
                              dependencies: dependencies) { router in
            #if EXTENSIONS
            router.extensionRoutes(enabled: config.common.extensionsEnabled) { r in
                RegistryRoutes.register(on: &r, api: api)
            }
            #endif
        }
    }

    static func makeBackend(_ config: RegistryConfig, database: RegistryDatabase, store: any ObjectStore,
                            threads: BlockingPool, feed: ChangeFeed, logger: Logger) -> RegistryBackend {
        let limits = BundleLimits(maxCompressedBytes: config.maxBundleBytes)
        let bundles = BundleStore(objects: store, limits: limits, logger: logger)
        let warmup = config.runnerURL.map { url in
            RunnerWarmup(runner: url, tokens: config.runnerTokenFile.map(ServiceTokenFile.init(path:)),
                         client: HTTPClient(logger: logger), logger: logger)
        }
        let publisher = Publisher(database: database, bundles: bundles, threads: threads,
                                  inspector: BundleInspector(limits: limits, wasmLimits: .default, logger: logger),
                                  compile: CompileCheck(settings: config.compile), allowUnsigned: config.allowUnsigned,
                                  workRoot: config.common.dataRoot + "/publish", warmup: warmup, logger: logger)
        let box = SecretBox(keys: config.secretsKeyFile.map(KeyEncryptionKeys.init(path:)))
        return RegistryBackend(
            publisher: publisher, catalog: Catalog(database: database), moderation: Moderation(database: database),
            trust: TrustAdmin(database: database, logger: logger),
            installs: InstallService(database: database, secrets: box, allowUnsigned: config.allowUnsigned),
            apiKeys: APIKeyService(database: database),
            audit: AuditReader(database: database),
            resolver: Resolver(database: database, defaultTimeoutMs: config.defaultTimeoutMs, defaultMemoryMB: config.defaultMemoryMB),
            changes: feed, scoped: ScopedStore(database: database, secrets: box),
            changesMaxWait: .milliseconds(config.changesMaxWaitMs))
    }
}
