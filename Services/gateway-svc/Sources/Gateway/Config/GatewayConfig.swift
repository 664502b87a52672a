import ServiceKit
import Shared

/// gateway-svc configuration (docs/config.md).
public struct GatewayConfig: Sendable {
    public static let service = "gateway-svc"
    public static let defaultPort = 8080

    /// `PORT`, `HTTP_*`, `EXT_ENABLED`, `LOG_LEVEL`, `EXT_DATA_ROOT`.
    public var common: CommonSettings
    /// `RUNNER_BASE_URL` (default `http://127.0.0.1:8082`): where `POST /v1/execute` goes.
    public var runnerURL: ServiceURL
    /// `REGISTRY_BASE_URL` (default `http://127.0.0.1:8081`): install resolution, change feed.
    public var registryURL: ServiceURL
    /// `EXT_GATEWAY_TIMEOUT_MS` (integer ms, default 5000, 100…30000): per-request budget for
    /// the runner call.
    public var timeoutMilliseconds: Int
    /// `SERVICE_TOKEN_FILE` (path, no default): the token presented to the runner.
    public var serviceTokenFile: String?
    /// `DATABASE_URL` (optional until the Postgres issue): execution log, quotas, idempotency.
    public var database: DatabaseSettings?

    public init(environment env: Environment) throws(ConfigError) {
        common = try CommonSettings(service: Self.service, environment: env, defaultPort: Self.defaultPort)
        runnerURL = try ServiceURL(env.get("RUNNER_BASE_URL") ?? "http://127.0.0.1:8082", variable: "RUNNER_BASE_URL")
        registryURL = try ServiceURL(env.get("REGISTRY_BASE_URL") ?? "http://127.0.0.1:8081", variable: "REGISTRY_BASE_URL")
        timeoutMilliseconds = try env.get("EXT_GATEWAY_TIMEOUT_MS", default: 5000)
        guard (100...30_000).contains(timeoutMilliseconds) else {
            throw ConfigError(variable: "EXT_GATEWAY_TIMEOUT_MS", reason: "must be between 100 and 30000, got \(timeoutMilliseconds)")
        }
        serviceTokenFile = env.get("SERVICE_TOKEN_FILE")
        database = try DatabaseSettings(environment: env)
    }

    public var logFields: LogMetadata {
        var md = common.logFields
        md["config.runner_base_url"] = .string(runnerURL.description)
        md["config.registry_base_url"] = .string(registryURL.description)
        md["config.gateway_timeout_ms"] = .int(Int64(timeoutMilliseconds))
        md["config.service_token_file"] = .string(serviceTokenFile ?? "(unset)")
        md["config.database_url"] = .string(database?.redacted ?? "(unset)")
        return md
    }
}
