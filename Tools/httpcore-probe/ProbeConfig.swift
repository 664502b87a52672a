import Shared

/// Probe-only settings (the HTTP server itself reads `PORT` and `HTTP_*`).
struct ProbeConfig: Sendable {
    /// Body limit of `POST /echo` (`PROBE_ECHO_LIMIT`, byte size, default 64KiB).
    var echoLimit: Int64
    /// Blocking-pool workers behind `/block` (`PROBE_POOL_THREADS`, default 4).
    var poolThreads: Int
    /// Jobs that may wait for a worker (`PROBE_POOL_QUEUE`, default 64).
    var poolQueue: Int
    /// `LOG_LEVEL` (default info; `warning` turns the access log off).
    var logLevel: LogLevel

    init(environment env: Environment) throws(ConfigError) {
        echoLimit = try env.get("PROBE_ECHO_LIMIT", default: ByteSize.kib(64)).bytes
        poolThreads = try env.get("PROBE_POOL_THREADS", default: 4)
        poolQueue = try env.get("PROBE_POOL_QUEUE", default: 64)
        let level = env.get("LOG_LEVEL") ?? "info"
        guard let parsed = LogLevel(name: level) else {
            throw ConfigError(variable: "LOG_LEVEL", reason: "must be one of trace, debug, info, notice, warning, error, critical")
        }
        logLevel = parsed
        guard poolThreads >= 1 else { throw ConfigError(variable: "PROBE_POOL_THREADS", reason: "must be at least 1") }
        guard poolQueue >= 0 else { throw ConfigError(variable: "PROBE_POOL_QUEUE", reason: "must not be negative") }
    }
}
