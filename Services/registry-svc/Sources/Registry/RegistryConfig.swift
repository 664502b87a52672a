import ServiceKit
import Shared

/// registry-svc configuration (docs/config.md).
public struct RegistryConfig: Sendable {
    public static let service = "registry-svc"
    public static let defaultPort = 8081

    /// `PORT`, `HTTP_*`, `EXT_ENABLED`, `LOG_LEVEL`, `EXT_DATA_ROOT`.
    public var common: CommonSettings
    /// `OBJECT_STORE_*`: where published bundles are written.
    public var objectStore: ObjectStoreSettings
    /// `DATABASE_URL` (optional until the Postgres issue).
    public var database: DatabaseSettings?

    public init(environment env: Environment) throws(ConfigError) {
        common = try CommonSettings(service: Self.service, environment: env, defaultPort: Self.defaultPort)
        objectStore = try ObjectStoreSettings(environment: env)
        database = try DatabaseSettings(environment: env)
    }

    public var logFields: LogMetadata {
        var md = common.logFields
        md.merge(objectStore.logFields) { a, _ in a }
        md["config.database_url"] = .string(database?.redacted ?? "(unset)")
        return md
    }
}
