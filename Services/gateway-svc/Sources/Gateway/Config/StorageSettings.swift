import Shared

/// The gateway's own tables: idempotency, execution log, retention, events
/// (docs/gateway.md, "Idempotency", "Execution log", "Events").
public struct StorageSettings: Sendable {
    /// `GATEWAY_DB_POOL_SIZE` (1–256, default 8).
    public var poolSize: Int
    /// `GATEWAY_IDEMPOTENCY_TTL_SECONDS` (60–604800, default 86400): how long a key is remembered.
    public var idempotencyTTLSeconds: Int
    /// `GATEWAY_EXECUTION_LOG_BUFFER` (100–10000000, default 100000): rows waiting for the
    /// database at most; beyond it new rows are dropped and counted.
    public var executionLogBuffer: Int
    /// `GATEWAY_EXECUTION_LOG_BATCH` (1–1000, default 500): rows per INSERT.
    public var executionLogBatch: Int
    /// `GATEWAY_EXECUTION_LOG_FLUSH_MS` (10–60000, default 250): flush interval.
    public var executionLogFlushMs: Int
    /// `GATEWAY_EXECUTION_LOG_RETENTION_DAYS` (1–3650, default 30): whole days dropped after this.
    public var executionLogRetentionDays: Int
    /// `GATEWAY_QUOTA_RETENTION_DAYS` (1–3650, default 35).
    public var quotaRetentionDays: Int
    /// `GATEWAY_EVENT_RETENTION_DAYS` (1–3650, default 7): finished events kept this long.
    public var eventRetentionDays: Int
    /// `GATEWAY_RETENTION_INTERVAL_S` (10–86400, default 3600): how often retention runs.
    public var retentionIntervalSeconds: Int
    /// `GATEWAY_EVENT_WORKERS` (0–64, default 2): delivery workers (0: this replica delivers nothing).
    public var eventWorkers: Int
    /// `GATEWAY_EVENT_LEASE_SECONDS` (2–3600, default 60): a claimed delivery not finished by then
    /// (the replica died) is claimed again.
    public var eventLeaseSeconds: Int
    /// `GATEWAY_EVENT_MAX_ATTEMPTS` (1–100, default 10): then the delivery is `dead`.
    public var eventMaxAttempts: Int
    /// `GATEWAY_EVENT_POLL_MS` (10–60000, default 250): idle workers look for due deliveries this often.
    public var eventPollMs: Int
    /// `GATEWAY_EVENT_RETRY_BASE_MS` (10–600000, default 1000): first retry delay, doubling, jittered, at most 1 hour.
    public var eventRetryBaseMs: Int

    public init(environment env: Environment) throws(ConfigError) {
        poolSize = try env.get("GATEWAY_DB_POOL_SIZE", default: 8, in: 1...256)
        idempotencyTTLSeconds = try env.get("GATEWAY_IDEMPOTENCY_TTL_SECONDS", default: 86_400, in: 60...604_800)
        executionLogBuffer = try env.get("GATEWAY_EXECUTION_LOG_BUFFER", default: 100_000, in: 100...10_000_000)
        executionLogBatch = try env.get("GATEWAY_EXECUTION_LOG_BATCH", default: 500, in: 1...1000)
        executionLogFlushMs = try env.get("GATEWAY_EXECUTION_LOG_FLUSH_MS", default: 250, in: 10...60_000)
        executionLogRetentionDays = try env.get("GATEWAY_EXECUTION_LOG_RETENTION_DAYS", default: 30, in: 1...3650)
        quotaRetentionDays = try env.get("GATEWAY_QUOTA_RETENTION_DAYS", default: 35, in: 1...3650)
        eventRetentionDays = try env.get("GATEWAY_EVENT_RETENTION_DAYS", default: 7, in: 1...3650)
        retentionIntervalSeconds = try env.get("GATEWAY_RETENTION_INTERVAL_S", default: 3600, in: 10...86_400)
        eventWorkers = try env.get("GATEWAY_EVENT_WORKERS", default: 2, in: 0...64)
        eventLeaseSeconds = try env.get("GATEWAY_EVENT_LEASE_SECONDS", default: 60, in: 2...3600)
        eventMaxAttempts = try env.get("GATEWAY_EVENT_MAX_ATTEMPTS", default: 10, in: 1...100)
        eventPollMs = try env.get("GATEWAY_EVENT_POLL_MS", default: 250, in: 10...60_000)
        eventRetryBaseMs = try env.get("GATEWAY_EVENT_RETRY_BASE_MS", default: 1000, in: 10...600_000)
    }

    var logFields: LogMetadata {
        ["config.db_pool_size": .int(Int64(poolSize)), "config.idempotency_ttl_s": .int(Int64(idempotencyTTLSeconds)),
         "config.execution_log_buffer": .int(Int64(executionLogBuffer)),
         "config.execution_log_retention_days": .int(Int64(executionLogRetentionDays)),
         "config.event_workers": .int(Int64(eventWorkers)), "config.event_lease_s": .int(Int64(eventLeaseSeconds)),
         "config.event_max_attempts": .int(Int64(eventMaxAttempts))]
    }
}
