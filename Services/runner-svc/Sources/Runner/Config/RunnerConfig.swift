import ServiceKit
import Shared

/// runner-svc configuration (docs/config.md). Built from the environment at start-up; tests
/// pass an `Environment` dictionary.
public struct RunnerConfig: Sendable {
    public static let service = "runner-svc"
    public static let defaultPort = 8082

    /// `PORT`, `HTTP_*`, `EXT_ENABLED`, `LOG_LEVEL`, `EXT_DATA_ROOT`.
    public var common: CommonSettings
    /// `OBJECT_STORE_*`: where bundles and compiled modules are read from.
    public var objectStore: ObjectStoreSettings
    /// `EXT_CACHE_ROOT`, `EXT_CACHE_MAX_BYTES`: this runner's local bundle/module cache.
    public var cache: CacheSettings
    /// `SERVICE_TOKEN_FILE` (path, no default): tokens accepted on `POST /v1/execute`. Unset,
    /// every execute request is refused with 401 (fail closed).
    public var serviceTokenFile: String?
    /// `REGISTRY_BASE_URL` (default `http://127.0.0.1:8081`): KV storage and secrets APIs.
    public var registryURL: ServiceURL
    /// `RUNNER_*`: concurrency, limits, caches and compiled-module trust.
    public var execution: ExecutionSettings

    public init(environment env: Environment) throws(ConfigError) {
        common = try CommonSettings(service: Self.service, environment: env, defaultPort: Self.defaultPort)
        objectStore = try ObjectStoreSettings(environment: env)
        cache = try CacheSettings(environment: env, dataRoot: common.dataRoot)
        serviceTokenFile = env.get("SERVICE_TOKEN_FILE")
        registryURL = try ServiceURL(env.get("REGISTRY_BASE_URL") ?? "http://127.0.0.1:8081", variable: "REGISTRY_BASE_URL")
        execution = try ExecutionSettings(environment: env)
        execution.capabilities = try CapabilitySettings(environment: env, registryURL: registryURL.description)
    }

    /// The effective configuration for the start-up log (paths, never secrets).
    public var logFields: LogMetadata {
        var md = common.logFields
        md.merge(objectStore.logFields) { a, _ in a }
        md.merge(cache.logFields) { a, _ in a }
        md["config.service_token_file"] = .string(serviceTokenFile ?? "(unset: execute refused)")
        md["config.registry_base_url"] = .string(registryURL.description)
        md.merge(execution.logFields) { a, _ in a }
        return md
    }
}
