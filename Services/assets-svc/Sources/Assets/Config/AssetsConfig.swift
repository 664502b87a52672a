import ServiceKit
import Shared

/// assets-svc configuration (docs/config.md).
public struct AssetsConfig: Sendable {
    public static let service = "assets-svc"
    public static let defaultPort = 8083

    /// `PORT`, `HTTP_*`, `EXT_ENABLED`, `LOG_LEVEL`, `EXT_DATA_ROOT`.
    public var common: CommonSettings
    /// `OBJECT_STORE_*`: where bundles are read from.
    public var objectStore: ObjectStoreSettings
    /// `EXT_CACHE_ROOT`, `EXT_CACHE_MAX_BYTES`: this service's extracted-UI cache.
    public var cache: CacheSettings
    /// `REGISTRY_BASE_URL` (default `http://127.0.0.1:8081`): (extension, hash) lookups.
    public var registryURL: ServiceURL

    public init(environment env: Environment) throws(ConfigError) {
        common = try CommonSettings(service: Self.service, environment: env, defaultPort: Self.defaultPort)
        objectStore = try ObjectStoreSettings(environment: env)
        cache = try CacheSettings(environment: env, dataRoot: common.dataRoot)
        registryURL = try ServiceURL(env.get("REGISTRY_BASE_URL") ?? "http://127.0.0.1:8081", variable: "REGISTRY_BASE_URL")
    }

    public var logFields: LogMetadata {
        var md = common.logFields
        md.merge(objectStore.logFields) { a, _ in a }
        md.merge(cache.logFields) { a, _ in a }
        md["config.registry_base_url"] = .string(registryURL.description)
        return md
    }
}
