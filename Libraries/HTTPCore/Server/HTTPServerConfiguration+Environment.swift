import Shared

extension HTTPServerConfiguration {
    /// Reads `PORT` and the `HTTP_*` variables (see docs/config.md); unset ones keep the defaults.
    /// A set but invalid value is a `ConfigError` naming the variable.
    public init(environment env: Environment, defaultPort: Int = 8080) throws(ConfigError) {
        self.init()
        host = env.get("HTTP_HOST")
        port = try env.get("PORT", default: defaultPort)
        threads = try env.get("HTTP_THREADS", default: threads)
        connectionLimit = try env.get("HTTP_MAX_CONNECTIONS", default: connectionLimit)
        connectionMemoryBytes = Int(try env.get("HTTP_CONNECTION_MEMORY", default: ByteSize(Int64(connectionMemoryBytes))).bytes)
        idleTimeoutSeconds = try env.get("HTTP_IDLE_TIMEOUT_SECONDS", default: idleTimeoutSeconds)
        maxURIBytes = Int(try env.get("HTTP_MAX_URI_BYTES", default: ByteSize(Int64(maxURIBytes))).bytes)
        maxHeaderBytes = Int(try env.get("HTTP_MAX_HEADER_BYTES", default: ByteSize(Int64(maxHeaderBytes))).bytes)
        defaultBodyLimit = try env.get("HTTP_MAX_BODY_BYTES", default: ByteSize(defaultBodyLimit)).bytes
        spoolDirectory = env.get("HTTP_SPOOL_DIR") ?? spoolDirectory
        shutdownGraceMilliseconds = try env.get("HTTP_SHUTDOWN_GRACE_MS", default: shutdownGraceMilliseconds)
        turbo = try env.get("HTTP_TURBO", default: turbo)
        try validate()
    }

    /// Checks ranges; the error names the variable that sets the bad field.
    public func validate() throws(ConfigError) {
        func check(_ ok: Bool, _ variable: String, _ reason: String) throws(ConfigError) {
            if !ok { throw ConfigError(variable: variable, reason: reason) }
        }
        try check((0...65535).contains(port), "PORT", "must be between 0 and 65535, got \(port)")
        try check((1...256).contains(threads), "HTTP_THREADS", "must be between 1 and 256, got \(threads)")
        try check(connectionLimit >= 1, "HTTP_MAX_CONNECTIONS", "must be at least 1, got \(connectionLimit)")
        try check((4096...(1 << 20)).contains(connectionMemoryBytes), "HTTP_CONNECTION_MEMORY",
                  "must be between 4KiB and 1MiB, got \(connectionMemoryBytes)")
        try check(idleTimeoutSeconds >= 0, "HTTP_IDLE_TIMEOUT_SECONDS", "must not be negative")
        try check(maxURIBytes >= 64, "HTTP_MAX_URI_BYTES", "must be at least 64, got \(maxURIBytes)")
        try check(maxHeaderBytes >= 256, "HTTP_MAX_HEADER_BYTES", "must be at least 256, got \(maxHeaderBytes)")
        try check(defaultBodyLimit >= 0, "HTTP_MAX_BODY_BYTES", "must not be negative")
        try check(shutdownGraceMilliseconds >= 0, "HTTP_SHUTDOWN_GRACE_MS", "must not be negative")
    }
}
