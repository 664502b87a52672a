import Shared

/// How runner-svc executes guests (docs/runner.md, "Configuration"). Each field names its
/// variable, type and default; `RunnerConfig` reads them, tests pass values directly.
public struct ExecutionSettings: Sendable, Equatable {
    /// `RUNNER_CONCURRENCY` (int, default 16): executions at once (= Knative
    /// `containerConcurrency`); the next one gets 503 `overloaded` at once.
    public var concurrency = 16
    /// `RUNNER_TIMEOUT_MAX_MS` (int, default 30000): hard maximum of `limits.timeout_ms`.
    public var maxTimeoutMs = 30_000
    /// `RUNNER_MEMORY_MAX_MB` (int, default 128): hard maximum of `limits.memory_mb` (and the
    /// pooling allocator's per-memory size).
    public var maxMemoryMB = 128
    /// `RUNNER_FUEL_METERING` (bool, default true): the engine meters fuel, so requests may set
    /// `limits.fuel`; off, a request with `fuel` is refused with 400.
    public var fuelMetering = true
    /// `RUNNER_EPOCH_TICK_MS` (int, default 5): deadline granularity.
    public var epochTickMs = 5
    /// `RUNNER_RESPONSE_MAX_BYTES` (byte size, default 4MiB), `RUNNER_LOG_MAX_BYTES` (byte size,
    /// default 64KiB): the guest's response body and log bytes per execution.
    public var guest = GuestLimits()
    /// `RUNNER_MODULE_CACHE_ENTRIES` (int, default 128): compiled modules kept in memory.
    public var moduleCacheEntries = 128
    /// `RUNNER_PLATFORM_KEY_FILE` (path, no default): the key that authenticates compiled modules
    /// shared through the object store. Unset: nothing is shared; every runner compiles itself.
    public var platformKeyFile: String?
    /// `RUNNER_TRUSTED_NATIVE_PUBLISHERS` (comma-separated list, default empty): publishers whose
    /// own `precompiled/<triple>.cwasm` may be loaded. Empty: never (the safe default).
    public var trustedNativePublishers: [String] = []
    /// `RUNNER_EXTENSION_CONCURRENCY` (int 1…`RUNNER_CONCURRENCY`, default `RUNNER_CONCURRENCY`):
    /// executions at once per (tenant, extension) in this process; the next one gets 503
    /// `overloaded` at once. Set it below `RUNNER_CONCURRENCY` (docs/capabilities.md suggests
    /// half) so one hot extension never takes every slot of a pod.
    public var extensionConcurrency: Int?
    /// `RUNNER_FUEL_MAX` (int, default unset): with fuel metering, the most fuel one execution
    /// gets; a request without `limits.fuel` gets this much, one asking for more is clamped.
    public var maxFuel: UInt64?
    /// `REGISTRY_*`, `RUNNER_EGRESS_*`: the backends of `http.fetch`, `secrets.get`, `storage.*`.
    public var capabilities = CapabilitySettings()

    public init() {}

    /// The per-(tenant, extension) cap in force.
    public var effectiveExtensionConcurrency: Int { min(extensionConcurrency ?? concurrency, concurrency) }

    /// The fuel an execution runs with: the request's, clamped to `maxFuel`; `maxFuel` when the
    /// request sets none; nil (unmetered) without either.
    public func effectiveFuel(_ requested: UInt64?) -> UInt64? {
        guard let maxFuel, fuelMetering else { return requested }
        return min(requested ?? maxFuel, maxFuel)
    }

    public init(environment env: Environment) throws(ConfigError) {
        concurrency = try env.get("RUNNER_CONCURRENCY", default: concurrency, in: 1...4096)
        maxTimeoutMs = try env.get("RUNNER_TIMEOUT_MAX_MS", default: maxTimeoutMs, in: 1...3_600_000)
        maxMemoryMB = try env.get("RUNNER_MEMORY_MAX_MB", default: maxMemoryMB, in: 1...4096)
        fuelMetering = try env.get("RUNNER_FUEL_METERING", default: fuelMetering)
        epochTickMs = try env.get("RUNNER_EPOCH_TICK_MS", default: epochTickMs, in: 1...1000)
        guest.responseBodyBytes = Int(try env.get("RUNNER_RESPONSE_MAX_BYTES", default: ByteSize(Int64(guest.responseBodyBytes))).bytes)
        guest.logBytes = Int(try env.get("RUNNER_LOG_MAX_BYTES", default: ByteSize(Int64(guest.logBytes))).bytes)
        guard (1...(64 << 20)).contains(guest.responseBodyBytes) else {
            throw ConfigError(variable: "RUNNER_RESPONSE_MAX_BYTES", reason: "must be between 1 byte and 64MiB")
        }
        guard (0...(16 << 20)).contains(guest.logBytes) else {
            throw ConfigError(variable: "RUNNER_LOG_MAX_BYTES", reason: "must be between 0 and 16MiB")
        }
        moduleCacheEntries = try env.get("RUNNER_MODULE_CACHE_ENTRIES", default: moduleCacheEntries, in: 1...100_000)
        platformKeyFile = env.get("RUNNER_PLATFORM_KEY_FILE")
        trustedNativePublishers = try env.get("RUNNER_TRUSTED_NATIVE_PUBLISHERS", default: [String]())
        if let n = try env.optional("RUNNER_EXTENSION_CONCURRENCY", as: Int.self) {
            guard (1...concurrency).contains(n) else {
                throw ConfigError(variable: "RUNNER_EXTENSION_CONCURRENCY", reason: "must be between 1 and RUNNER_CONCURRENCY (\(concurrency)), got \(n)")
            }
            extensionConcurrency = n
        }
        if let fuel = try env.optional("RUNNER_FUEL_MAX", as: UInt64.self) {
            guard fuel >= 1 else { throw ConfigError(variable: "RUNNER_FUEL_MAX", reason: "must be at least 1") }
            maxFuel = fuel
        }
    }

    public var logFields: LogMetadata {
        [
            "config.runner_concurrency": .int(Int64(concurrency)),
            "config.runner_timeout_max_ms": .int(Int64(maxTimeoutMs)),
            "config.runner_memory_max_mb": .int(Int64(maxMemoryMB)),
            "config.runner_fuel_metering": .bool(fuelMetering),
            "config.runner_epoch_tick_ms": .int(Int64(epochTickMs)),
            "config.runner_response_max_bytes": .int(Int64(guest.responseBodyBytes)),
            "config.runner_log_max_bytes": .int(Int64(guest.logBytes)),
            "config.runner_module_cache_entries": .int(Int64(moduleCacheEntries)),
            "config.runner_platform_key_file": .string(platformKeyFile ?? "(unset: compiled modules are not shared)"),
            "config.runner_trusted_native_publishers": .string(trustedNativePublishers.joined(separator: ",")),
            "config.runner_extension_concurrency": .int(Int64(effectiveExtensionConcurrency)),
            "config.runner_fuel_max": .string(maxFuel.map(String.init) ?? "(unset: no ceiling)"),
        ].merging(capabilities.logFields) { a, _ in a }
    }
}
