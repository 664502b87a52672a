import Bundle
import HTTPCore
import Shared

/// The parts of the registry that need the database; nil in `RegistryAPI` when `DATABASE_URL`
/// is not set (the API then answers 503 after authenticating).
struct RegistryBackend: Sendable {
    let publisher: Publisher
    let catalog: Catalog
    let moderation: Moderation
    let trust: TrustAdmin
    let installs: InstallService
    let audit: AuditReader
    let resolver: Resolver
    let changes: ChangeFeed
    let scoped: ScopedStore
    let changesMaxWait: Duration
}

/// What the route handlers share.
struct RegistryAPI: Sendable {
    let auth: Authenticator
    let backend: RegistryBackend?
    let maxBundleBytes: Int64
    let metrics: RegistryMetrics

    /// The database-backed parts, or 503 `unavailable`.
    func require() throws(AppError) -> RegistryBackend {
        guard let backend else {
            throw AppError(.unavailable, status: 503, "the registry has no database configured (DATABASE_URL)")
        }
        return backend
    }
}

/// The registry's own metrics (beside the server's request metrics).
struct RegistryMetrics: Sendable {
    let publishes: CounterFamily
    let compileSeconds: Histogram

    init(_ registry: MetricsRegistry) {
        publishes = registry.counterFamily("registry_publish_total", help: "Publish requests by outcome (created, unchanged) or error code.",
                                           labels: ["outcome"], cardinalityLimit: 100)
        compileSeconds = registry.histogram("registry_compile_check_seconds", help: "Compile time of handler modules at publish.",
                                            buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30])
    }
}
