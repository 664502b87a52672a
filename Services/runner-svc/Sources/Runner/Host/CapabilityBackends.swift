import HTTPCore
import ServiceKit
import Shared

/// What the capability factors (`http.fetch`, `secrets.get`, `storage.*`) talk to, set up once
/// per process (phase 1 of the factors): the egress client with its resolver and address rules,
/// and the registry client. Two separate `HTTPClient`s: guest egress never shares connections,
/// pins or a DNS cache with the runner's internal calls.
final class CapabilityBackends: Sendable {
    let egress: EgressClient
    let registry: RegistryClient
    /// Threads for the system resolver's blocking lookups; nil with a static host table.
    let resolverPool: BlockingPool?

    init(settings: CapabilitySettings, metrics: MetricsRegistry, logger: Logger) {
        let resolver: any HTTPClientResolver
        if settings.egressStaticHosts.isEmpty {
            let pool = BlockingPool(name: "resolver", threads: settings.resolverThreads,
                                    queueLimit: settings.resolverThreads * 16, metrics: metrics)
            resolverPool = pool
            resolver = HTTPClientSystemResolver(pool: pool)
        } else {
            resolverPool = nil
            resolver = HTTPClientStaticResolver(settings.egressStaticHosts.mapValues { $0.compactMap(HTTPClientAddress.init) })
        }
        var config = HTTPClientConfiguration()
        config.connectTimeout = .seconds(5)
        config.timeout = .seconds(30)
        config.maxConnectionsPerHost = settings.egressConnectionsPerHost
        config.maxIdleConnections = 64
        config.userAgent = settings.egressUserAgent
        let client = HTTPClient(configuration: config, logger: logger)
        let egressMetrics = EgressMetrics(registry: metrics)
        egressMetrics.observe(client, in: metrics)
        egress = EgressClient(client: client, resolver: resolver,
                              addressRules: EgressAddressRules(allowLoopback: settings.egressAllowLoopback), metrics: egressMetrics)
        registry = RegistryClient(baseURL: settings.registryURL, tokens: settings.registryTokenFile.map { ServiceTokenFile(path: $0) },
                                  timeoutMs: settings.registryTimeoutMs, logger: logger)
        if settings.egressAllowLoopback {
            logger.warning("RUNNER_EGRESS_ALLOW_LOOPBACK is on: guest fetches may reach this host's loopback services")
        }
    }

    /// Stops both clients (tests; in a service the process ends).
    func shutdown() async {
        await egress.client.shutdown()
        await registry.client.shutdown()
    }
}
