import Shared

/// The runner call: timeouts, retries before execution, circuit breaker (docs/gateway.md,
/// "Runner calls").
public struct RunnerSettings: Sendable {
    /// `EXT_GATEWAY_TIMEOUT_MS` (100–300000, default 5000): an execution's budget when the
    /// install sets none.
    public var defaultTimeoutMs: Int
    /// `GATEWAY_TIMEOUT_MAX_MS` (100–300000, default 30000): no execution gets more, whatever
    /// the install says.
    public var maxTimeoutMs: Int
    /// `GATEWAY_RUNNER_CONNECT_TIMEOUT_MS` (10–10000, default 1000).
    public var connectTimeoutMs: Int
    /// `GATEWAY_RUNNER_CONNECTIONS` (1–1024, default 64): keep-alive connections to the runner.
    public var connections: Int
    /// `GATEWAY_RETRY_ATTEMPTS` (1–5, default 3): tries of one call when it fails before execution
    /// (connection refused, runner `overloaded`).
    public var retryAttempts: Int
    /// `GATEWAY_RETRY_BASE_MS` (1–1000, default 20): first backoff; doubles per retry, full jitter.
    public var retryBaseMs: Int
    /// `GATEWAY_RETRY_BUDGET_RATIO` (0–1, default 0.2): retries may add at most this share of
    /// calls (plus 10 per second), so retries never multiply an outage's load.
    public var retryBudgetRatio: Double
    /// `GATEWAY_BREAKER_FAILURES` (1–1000, default 5): consecutive transport failures that open
    /// the breaker.
    public var breakerFailures: Int
    /// `GATEWAY_BREAKER_OPEN_MS` (50–60000, default 1000): how long an open breaker refuses
    /// before one probe call is let through.
    public var breakerOpenMs: Int

    public init(environment env: Environment) throws(ConfigError) {
        defaultTimeoutMs = try env.get("EXT_GATEWAY_TIMEOUT_MS", default: 5000, in: 100...300_000)
        maxTimeoutMs = try env.get("GATEWAY_TIMEOUT_MAX_MS", default: 30_000, in: 100...300_000)
        guard defaultTimeoutMs <= maxTimeoutMs else {
            throw ConfigError(variable: "EXT_GATEWAY_TIMEOUT_MS", reason: "must not exceed GATEWAY_TIMEOUT_MAX_MS (\(maxTimeoutMs))")
        }
        connectTimeoutMs = try env.get("GATEWAY_RUNNER_CONNECT_TIMEOUT_MS", default: 1000, in: 10...10_000)
        connections = try env.get("GATEWAY_RUNNER_CONNECTIONS", default: 64, in: 1...1024)
        retryAttempts = try env.get("GATEWAY_RETRY_ATTEMPTS", default: 3, in: 1...5)
        retryBaseMs = try env.get("GATEWAY_RETRY_BASE_MS", default: 20, in: 1...1000)
        retryBudgetRatio = try env.get("GATEWAY_RETRY_BUDGET_RATIO", default: 0.2, in: 0...1)
        breakerFailures = try env.get("GATEWAY_BREAKER_FAILURES", default: 5, in: 1...1000)
        breakerOpenMs = try env.get("GATEWAY_BREAKER_OPEN_MS", default: 1000, in: 50...60_000)
    }

    var logFields: LogMetadata {
        ["config.gateway_timeout_ms": .int(Int64(defaultTimeoutMs)), "config.gateway_timeout_max_ms": .int(Int64(maxTimeoutMs)),
         "config.retry_attempts": .int(Int64(retryAttempts)), "config.retry_budget_ratio": .double(retryBudgetRatio),
         "config.breaker_failures": .int(Int64(breakerFailures)), "config.breaker_open_ms": .int(Int64(breakerOpenMs))]
    }
}
