import Shared

extension PostgresConfiguration {
    /// Reads a configuration from prefixed variables, e.g. with prefix `REGISTRY_DB`:
    ///
    /// | variable | type | default |
    /// |---|---|---|
    /// | `<P>_URL` | libpq URL (secret) | required |
    /// | `<P>_POOL_SIZE` | connections, 1-256 | 8 |
    /// | `<P>_ACQUIRE_TIMEOUT_MS` | milliseconds | 5000 |
    /// | `<P>_STATEMENT_TIMEOUT_MS` | milliseconds, 0 = none | 30000 |
    /// | `<P>_CONNECT_TIMEOUT_S` | seconds | 5 |
    /// | `<P>_APPLICATION_NAME` | string | `alga` |
    public init(environment env: Environment, prefix: String) throws(ConfigError) {
        let url: String = try env.require(prefix + "_URL")
        let size = try env.get(prefix + "_POOL_SIZE", default: 8)
        guard (1...256).contains(size) else {
            throw ConfigError(variable: prefix + "_POOL_SIZE", reason: "must be between 1 and 256, got \(size)")
        }
        let acquire = try env.get(prefix + "_ACQUIRE_TIMEOUT_MS", default: 5000)
        let statement = try env.get(prefix + "_STATEMENT_TIMEOUT_MS", default: 30000)
        let connect = try env.get(prefix + "_CONNECT_TIMEOUT_S", default: 5)
        for (name, value) in [("_ACQUIRE_TIMEOUT_MS", acquire), ("_STATEMENT_TIMEOUT_MS", statement),
                              ("_CONNECT_TIMEOUT_S", connect)] where value < 0 {
            throw ConfigError(variable: prefix + name, reason: "must not be negative, got \(value)")
        }
        self.init(url: url, maxConnections: size, acquireTimeout: .milliseconds(acquire),
                  connectTimeoutSeconds: connect, statementTimeout: statement == 0 ? nil : .milliseconds(statement),
                  applicationName: try env.get(prefix + "_APPLICATION_NAME", default: "alga"))
    }
}
