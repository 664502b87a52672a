import ServiceKit
import Shared

/// gateway-svc configuration: every variable, its type and default is documented on its field
/// (and in Services/gateway-svc/README.md); tests build it from an `Environment` of their own.
public struct GatewayConfig: Sendable {
    public static let service = "gateway-svc"
    public static let defaultPort = 8080

    /// `PORT`, `HTTP_*`, `EXT_ENABLED`, `LOG_LEVEL`, `EXT_DATA_ROOT`.
    public var common: CommonSettings
    /// `RUNNER_BASE_URL` (default `http://127.0.0.1:8082`): where `POST /v1/execute` goes.
    public var runnerURL: ServiceURL
    /// `REGISTRY_BASE_URL` (default `http://127.0.0.1:8081`): install resolution, change feed.
    public var registryURL: ServiceURL
    /// `SERVICE_TOKEN_FILE` (path): the first token is presented to the runner (re-read on change).
    /// Unset: every runner call is refused by the runner (fail closed).
    public var serviceTokenFile: String?
    /// `REGISTRY_TOKEN_FILE` (path, default `SERVICE_TOKEN_FILE`): the first token is presented to
    /// the registry's internal API.
    public var registryTokenFile: String?
    /// `SCOPED_TOKEN_KEYS_FILE` (path): HMAC keys of the per-request scoped tokens, shared with the
    /// registry. Unset: executions are refused with 503 (the runner could not reach storage or
    /// secrets on the tenant's behalf).
    public var scopedTokenKeysFile: String?
    /// `GATEWAY_EVENTS_TOKEN_FILE` (path): tokens of the host application for `POST /v1/events`.
    /// Unset: the route refuses everyone.
    public var eventsTokenFile: String?
    /// `GATEWAY_CORS_ORIGINS` (comma list of exact origins, default none): browser origins allowed
    /// to call the public API.
    public var corsOrigins: [String]
    /// `DATABASE_URL` (the `alga_gateway` role). Unset: API keys, idempotency keys, quotas shared
    /// between replicas, execution logs and events are unavailable (see docs/gateway.md).
    public var database: DatabaseSettings?
    public var auth: AuthSettings
    public var limits: LimitSettings
    public var quotas: QuotaSettings
    public var runner: RunnerSettings
    public var storage: StorageSettings
    /// `GATEWAY_CONSOLE_*`: the admin console at `/console/` (docs/console.md).
    public var console: ConsoleSettings

    public init(environment env: Environment) throws(ConfigError) {
        common = try CommonSettings(service: Self.service, environment: env, defaultPort: Self.defaultPort)
        runnerURL = try ServiceURL(env.get("RUNNER_BASE_URL") ?? "http://127.0.0.1:8082", variable: "RUNNER_BASE_URL")
        registryURL = try ServiceURL(env.get("REGISTRY_BASE_URL") ?? "http://127.0.0.1:8081", variable: "REGISTRY_BASE_URL")
        serviceTokenFile = env.get("SERVICE_TOKEN_FILE")
        registryTokenFile = env.get("REGISTRY_TOKEN_FILE") ?? serviceTokenFile
        scopedTokenKeysFile = env.get("SCOPED_TOKEN_KEYS_FILE")
        eventsTokenFile = env.get("GATEWAY_EVENTS_TOKEN_FILE")
        corsOrigins = try env.get("GATEWAY_CORS_ORIGINS", default: [String]())
        for origin in corsOrigins where !CORSPolicy.isValidOrigin(origin) {
            throw ConfigError(variable: "GATEWAY_CORS_ORIGINS",
                              reason: "entries must be origins like https://app.example.com[:port], got '\(origin)'")
        }
        database = try DatabaseSettings(environment: env)
        auth = try AuthSettings(environment: env)
        limits = try LimitSettings(environment: env)
        quotas = try QuotaSettings(environment: env)
        runner = try RunnerSettings(environment: env)
        storage = try StorageSettings(environment: env)
        console = try ConsoleSettings(environment: env)
    }

    public var logFields: LogMetadata {
        var md = common.logFields
        md["config.runner_base_url"] = .string(runnerURL.description)
        md["config.registry_base_url"] = .string(registryURL.description)
        md["config.service_token_file"] = .string(serviceTokenFile ?? "(unset)")
        md["config.registry_token_file"] = .string(registryTokenFile ?? "(unset)")
        md["config.scoped_token_keys_file"] = .string(scopedTokenKeysFile ?? "(unset)")
        md["config.events_token_file"] = .string(eventsTokenFile ?? "(unset)")
        md["config.cors_origins"] = .string(corsOrigins.joined(separator: ","))
        md["config.database_url"] = .string(database?.redacted ?? "(unset)")
        for part in [auth.logFields, limits.logFields, quotas.logFields, runner.logFields, storage.logFields, console.logFields] {
            md.merge(part) { a, _ in a }
        }
        return md
    }
}
