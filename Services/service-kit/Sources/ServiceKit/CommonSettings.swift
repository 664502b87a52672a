import HTTPCore
import Shared

/// Settings every service reads (docs/config.md, "all services").
public struct CommonSettings: Sendable {
    /// `PORT`, `HTTP_*`: the HTTP server.
    public var http: HTTPServerConfiguration
    /// `EXT_ENABLED` (bool, default true): the runtime master switch. Off: extension routes
    /// answer 404 and the runner refuses work; health, readiness and metrics stay up.
    public var extensionsEnabled: Bool
    /// `LOG_LEVEL` (trace…critical, default info).
    public var logLevel: LogLevel
    /// This service's own working directory, `${TMPDIR:-/tmp}/alga-ext/<service>` by default
    /// (`EXT_DATA_ROOT`), so no service can evict another's files.
    public var dataRoot: String

    public init(service: String, environment env: Environment, defaultPort: Int) throws(ConfigError) {
        http = try HTTPServerConfiguration(environment: env, defaultPort: defaultPort)
        extensionsEnabled = try env.get("EXT_ENABLED", default: true)
        let level = env.get("LOG_LEVEL") ?? "info"
        guard let parsed = LogLevel(name: level) else {
            throw ConfigError(variable: "LOG_LEVEL", reason: "must be one of trace, debug, info, notice, warning, error, critical; got '\(level)'")
        }
        logLevel = parsed
        dataRoot = env.get("EXT_DATA_ROOT") ?? Self.defaultRoot(env) + "/" + service
    }

    /// `${TMPDIR:-/tmp}/alga-ext`: the parent of every default directory.
    public static func defaultRoot(_ env: Environment) -> String {
        var tmp = env.get("TMPDIR") ?? "/tmp"
        while tmp.count > 1 && tmp.hasSuffix("/") { tmp.removeLast() }
        return tmp + "/alga-ext"
    }

    /// Fields for the start-up configuration log line.
    public var logFields: LogMetadata {
        [
            "config.port": .int(Int64(http.port)),
            "config.http_threads": .int(Int64(http.threads)),
            "config.http_max_body_bytes": .int(http.defaultBodyLimit),
            "config.ext_enabled": .bool(extensionsEnabled),
            "config.log_level": .string(logLevel.name),
            "config.data_root": .string(dataRoot),
        ]
    }
}
