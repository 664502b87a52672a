import Postgres
import Shared

/// The registry's connections, as the `alga_registry` role (owns nothing, no BYPASSRLS):
/// `pool` for everything short, and `publishPool` for publish transactions, which hold their
/// connection while the bundle's objects are written (seconds for a large bundle), so slow
/// publishes never starve installs, resolves or the change feed. The change feed's LISTEN
/// connection is opened by `ChangeFeed` from `configuration`.
public struct RegistryDatabase: Sendable {
    public let configuration: PostgresConfiguration
    public let pool: PostgresPool
    public let publishPool: PostgresPool

    public init(configuration: PostgresConfiguration, publishConnections: Int, logger: Logger) {
        self.configuration = configuration
        pool = PostgresPool(configuration: configuration, logger: logger)
        var publish = configuration
        publish.maxConnections = publishConnections
        publish.applicationName = configuration.applicationName + "-publish"
        publishPool = PostgresPool(configuration: publish, logger: logger)
    }

    public func close() {
        pool.close()
        publishPool.close()
    }
}
