import Foundation
import Postgres
import ServiceKit
import Shared

/// registry-svc configuration. Every variable, its type and default is listed here and in
/// Services/registry-svc/README.md; tests build it from an `Environment` of their own.
public struct RegistryConfig: Sendable {
    public static let service = "registry-svc"
    public static let defaultPort = 8081

    /// `PORT`, `HTTP_*`, `EXT_ENABLED`, `LOG_LEVEL`, `EXT_DATA_ROOT`.
    public var common: CommonSettings
    /// `OBJECT_STORE_*`: where published bundles are written (local directory by default, S3).
    public var objectStore: ObjectStoreSettings
    /// `DATABASE_URL` (the `alga_registry` role). Without it the API answers 503 `unavailable`.
    public var database: DatabaseSettings?
    /// `DATABASE_POOL_SIZE` (1–256, default 8): connections for everything but publish.
    public var databasePoolSize: Int
    /// `REGISTRY_PUBLISH_CONCURRENCY` (1–16, default 2): publishes validated, compiled and
    /// stored at once (threads and database connections); more wait in line.
    public var publishConcurrency: Int
    /// `REGISTRY_CREDENTIALS_FILE`: API credentials (`name role sha256:<hex>` lines, re-read on
    /// change). Unset: no API credential is valid.
    public var credentialsFile: String?
    /// `SERVICE_TOKEN_FILE`: tokens of the internal API (gateway, assets service), one per line,
    /// re-read on change. Unset: the internal API refuses everyone.
    public var serviceTokenFile: String?
    /// `SCOPED_TOKEN_KEYS_FILE`: HMAC keys of per-request scoped tokens (`<id> <base64>` lines),
    /// shared with the gateway. Unset: KV storage and secrets refuse everyone.
    public var scopedTokenKeysFile: String?
    /// `REGISTRY_RUNNER_TOKENS_FILE`: service tokens the runner presents (`x-alga-service-token`)
    /// beside each scoped token, one per line, re-read on change. Unset: the scoped token alone
    /// authenticates KV and secrets calls (a warning is logged at start-up).
    public var runnerTokensFile: String?
    /// `SECRETS_KEK_FILE`: key-encryption keys of install secrets (`<version> <base64 32 bytes>`
    /// lines; the highest version encrypts). Unset: installs with secrets get 503.
    public var secretsKeyFile: String?
    /// `REGISTRY_ALLOW_UNSIGNED` (bool, default false): development only; accept and install
    /// bundles without a signature.
    public var allowUnsigned: Bool
    /// `REGISTRY_MAX_BUNDLE_BYTES` (byte size, default 100MiB): upload cap, and the bundle
    /// library's compressed-size cap.
    public var maxBundleBytes: Int64
    /// The compile check at publish (`REGISTRY_COMPILE_*`).
    public var compile: CompileCheckSettings
    /// `RUNNER_BASE_URL` (optional): the runner whose `POST /warmup` is called after a publish.
    public var runnerURL: ServiceURL?
    /// `RUNNER_TOKEN_FILE` (default `SERVICE_TOKEN_FILE`): the first token is sent to the runner.
    public var runnerTokenFile: String?
    /// `REGISTRY_DEFAULT_TIMEOUT_MS` (default 10000) and `REGISTRY_DEFAULT_MEMORY_MB` (default 128):
    /// the limits resolve reports for installs that set none.
    public var defaultTimeoutMs: Int
    public var defaultMemoryMB: Int
    /// `REGISTRY_CHANGES_MAX_WAIT_MS` (default 30000, at most 120000): longest change-feed long poll.
    public var changesMaxWaitMs: Int
    /// `REGISTRY_CHANGES_RETENTION_DAYS` (1–3650, default 30): changes older than this are pruned
    /// hourly; consumers away longer resynchronise.
    public var changesRetentionDays: Int

    public init(environment env: Environment) throws(ConfigError) {
        common = try CommonSettings(service: Self.service, environment: env, defaultPort: Self.defaultPort)
        objectStore = try ObjectStoreSettings(environment: env)
        database = try DatabaseSettings(environment: env)
        databasePoolSize = try env.get("DATABASE_POOL_SIZE", default: 8, in: 1...256)
        publishConcurrency = try env.get("REGISTRY_PUBLISH_CONCURRENCY", default: 2, in: 1...16)
        credentialsFile = env.get("REGISTRY_CREDENTIALS_FILE")
        serviceTokenFile = env.get("SERVICE_TOKEN_FILE")
        scopedTokenKeysFile = env.get("SCOPED_TOKEN_KEYS_FILE")
        secretsKeyFile = env.get("SECRETS_KEK_FILE")
        runnerTokensFile = env.get("REGISTRY_RUNNER_TOKENS_FILE")
        allowUnsigned = try env.get("REGISTRY_ALLOW_UNSIGNED", default: false)
        maxBundleBytes = try env.get("REGISTRY_MAX_BUNDLE_BYTES", default: ByteSize.mib(100)).bytes
        guard (1024...(4 << 30)).contains(maxBundleBytes) else {
            throw ConfigError(variable: "REGISTRY_MAX_BUNDLE_BYTES", reason: "must be between 1KiB and 4GiB, got \(maxBundleBytes)")
        }
        compile = try CompileCheckSettings(environment: env)
        runnerURL = try env.get("RUNNER_BASE_URL").map { (raw) throws(ConfigError) in
            try ServiceURL(raw, variable: "RUNNER_BASE_URL")
        }
        runnerTokenFile = env.get("RUNNER_TOKEN_FILE") ?? serviceTokenFile
        defaultTimeoutMs = try env.get("REGISTRY_DEFAULT_TIMEOUT_MS", default: 10_000, in: 1...300_000)
        defaultMemoryMB = try env.get("REGISTRY_DEFAULT_MEMORY_MB", default: 128, in: 1...4096)
        changesMaxWaitMs = try env.get("REGISTRY_CHANGES_MAX_WAIT_MS", default: 30_000, in: 0...120_000)
        changesRetentionDays = try env.get("REGISTRY_CHANGES_RETENTION_DAYS", default: 30, in: 1...3650)
    }

    /// The database configuration, or nil without `DATABASE_URL`.
    public var postgres: PostgresConfiguration? {
        database.map { PostgresConfiguration(url: $0.url, maxConnections: databasePoolSize, applicationName: Self.service) }
    }

    public var logFields: LogMetadata {
        var md = common.logFields
        md.merge(objectStore.logFields) { a, _ in a }
        md.merge(compile.logFields) { a, _ in a }
        md["config.database_url"] = .string(database?.redacted ?? "(unset)")
        md["config.database_pool_size"] = .int(Int64(databasePoolSize))
        md["config.publish_concurrency"] = .int(Int64(publishConcurrency))
        md["config.credentials_file"] = .string(credentialsFile ?? "(unset)")
        md["config.service_token_file"] = .string(serviceTokenFile ?? "(unset)")
        md["config.scoped_token_keys_file"] = .string(scopedTokenKeysFile ?? "(unset)")
        md["config.secrets_kek_file"] = .string(secretsKeyFile ?? "(unset)")
        md["config.runner_tokens_file"] = .string(runnerTokensFile ?? "(unset: scoped tokens alone)")
        md["config.allow_unsigned"] = .bool(allowUnsigned)
        md["config.max_bundle_bytes"] = .int(maxBundleBytes)
        md["config.runner_base_url"] = .string(runnerURL?.description ?? "(unset)")
        return md
    }
}
