import HTTPCore
import Postgres
import ServiceKit
import Shared

/// Assembles gateway-svc: health, readiness (registry and runner reachable, database if
/// configured), metrics and, with the `Extensions` trait and `EXT_ENABLED`, the extension API and
/// `POST /v1/events`, plus the background services (change feed, quota flush, execution log,
/// retention, event delivery).
public enum GatewayApp {
    public static func runtime(config: GatewayConfig, logger: Logger, metrics: MetricsRegistry = MetricsRegistry())
        -> ServiceRuntime
    {
        let parts = GatewayParts(config: config, logger: logger, metrics: metrics)
        var checks = [PeerCheck.check("registry", host: config.registryURL.host, port: config.registryURL.port),
                      PeerCheck.check("runner", host: config.runnerURL.host, port: config.runnerURL.port)]
        if let db = config.database { checks.append(PeerCheck.check("database", host: db.host, port: db.port)) }
        return ServiceRuntime(settings: config.common, logger: logger, metrics: metrics, checks: checks,
                              dependencies: parts.services) { router in
            #if EXTENSIONS
            router.extensionRoutes(enabled: config.common.extensionsEnabled) { r in
                ExtensionAPIRoutes.register(on: &r, api: parts.api, maxRequestBytes: config.limits.maxRequestBytes)
                EventRoutes.register(on: &r, ingest: parts.ingest, tokens: parts.eventsTokens, wake: parts.dispatcher?.wake)
                ConsoleRoutes.register(on: &r, console: parts.console, maxRequestBytes: config.limits.maxRequestBytes)
                ExecutionLogRoutes.register(on: &r, reader: parts.logs)
            }
            #endif
        }
    }
}

/// Every part of the gateway, built once from the configuration.
struct GatewayParts: Sendable {
    let api: ExtensionAPI
    /// `GET /v1/execution-logs`.
    let logs: ExecutionLogReader
    let ingest: EventIngest?
    let eventsTokens: ServiceTokenFile?
    let dispatcher: EventDispatcher?
    let console: ConsoleAPI
    /// Background services in start order (they stop in reverse, after the HTTP server).
    let services: [ServiceGroup.Entry]

    init(config: GatewayConfig, logger: Logger, metrics: MetricsRegistry) {
        let pool = config.database.map {
            PostgresPool(configuration: PostgresConfiguration(url: $0.url, maxConnections: config.storage.poolSize,
                                                              applicationName: GatewayConfig.service), logger: logger)
        }
        var runnerHTTP = HTTPClientConfiguration()
        runnerHTTP.maxConnectionsPerHost = config.runner.connections
        runnerHTTP.maxIdleConnections = config.runner.connections
        runnerHTTP.maxIdleHandles = config.runner.connections
        runnerHTTP.maxResponseBytes = Int64(Base64.encodedLength(Int(config.limits.maxResponseBytes))) + (256 << 10)
        let runnerClient = HTTPClient(configuration: runnerHTTP, logger: logger)
        let registryClient = HTTPClient(logger: logger)

        let registry = RegistryClient(baseURL: config.registryURL, tokens: config.registryTokenFile.map(ServiceTokenFile.init(path:)),
                                      client: registryClient)
        let installs = InstallCache(registry: registry, metrics: metrics)
        let apiKeys = APIKeyDirectory(pool: pool, settings: config.auth, metrics: metrics, logger: logger)
        let runner = RunnerClient(baseURL: config.runnerURL, tokens: config.serviceTokenFile.map(ServiceTokenFile.init(path:)),
                                  settings: config.runner, client: runnerClient, metrics: metrics, logger: logger)
        let executor = Executor(runner: runner, scopedKeys: config.scopedTokenKeysFile.map(ScopedTokenKeys.init(path:)),
                                settings: config.runner, maxResponseBytes: config.limits.maxResponseBytes)
        let quotas = QuotaLedger(settings: config.quotas, pool: pool, metrics: metrics, logger: logger)
        let log = ExecutionLogWriter(pool: pool, settings: config.storage, metrics: metrics, logger: logger)
        api = ExtensionAPI(
            auth: GatewayAuthenticator(jwt: JWTVerifier(settings: config.auth),
                                       tokens: VerifiedTokenCache(capacity: config.auth.tokenCacheEntries), apiKeys: apiKeys),
            installs: installs, rateLimiter: RateLimiter(settings: config.limits), concurrency: ConcurrencyGate(settings: config.limits),
            quotas: quotas, idempotency: pool.map { IdempotencyStore(pool: $0, ttlSeconds: config.storage.idempotencyTTLSeconds) },
            executor: executor, log: log, apiKeys: apiKeys, cors: CORSPolicy(origins: config.corsOrigins),
            metrics: GatewayMetrics(metrics))
        console = ConsoleAPI(
            settings: config.console,
            sessions: ConsoleSessionStore(lifetimeSeconds: config.console.sessionSeconds, idleSeconds: config.console.idleSeconds,
                                          capacity: config.console.maxSessions),
            apiKeys: apiKeys, registry: ConsoleRegistry(baseURL: config.registryURL, token: config.console.registryTokenFile.map(ServiceTokenFile.init(path:)),
                                                        client: registryClient),
            pool: pool, files: ConsoleFiles(settings: config.console, logger: logger), extensionAPI: api)
        logs = ExecutionLogReader(auth: api.auth, pool: pool)
        eventsTokens = config.eventsTokenFile.map(ServiceTokenFile.init(path:))
        ingest = pool.map { EventIngest(pool: $0) }
        dispatcher = pool.map {
            EventDispatcher(pool: $0, registry: registry, executor: executor, log: log, quotas: quotas, settings: config.storage,
                            metrics: metrics, logger: logger)
        }
        var services: [ServiceGroup.Entry] = [
            .init("http-clients", ClientCloser(clients: [runnerClient, registryClient], pool: pool)),
            .init("execution-log", log),
            .init("quotas", quotas),
            .init("change-feed", ChangeFollower(registry: registry, installs: installs, apiKeys: apiKeys, logger: logger)),
            .init("api-key-usage", Periodic(every: .seconds(30)) { await apiKeys.flushLastUsed() }),
        ]
        if let pool {
            services.append(.init("retention", RetentionService(pool: pool, settings: config.storage, metrics: metrics, logger: logger)))
        }
        if let dispatcher { services.append(.init("events", dispatcher)) }
        self.services = services
    }
}
