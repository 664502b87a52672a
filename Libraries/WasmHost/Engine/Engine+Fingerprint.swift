import Shared

extension Engine {
    /// The Wasmtime release the project pins (scripts/bootstrap, .deps/wasmtime/VERSION). The
    /// library exports no version function, so WasmHostTests checks this against VERSION.
    public static let wasmtimeVersion = "50.0.1"

    /// The target triple compiled code is produced for (this process's own).
    public static let targetTriple: String = {
        #if arch(x86_64) && os(Linux)
            "x86_64-unknown-linux-gnu"
        #elseif arch(arm64) && os(Linux)
            "aarch64-unknown-linux-gnu"
        #elseif arch(arm64) && os(macOS)
            "aarch64-apple-darwin"
        #elseif arch(x86_64) && os(macOS)
            "x86_64-apple-darwin"
        #else
            "unknown"
        #endif
    }()

    /// The canonical text hashed into the fingerprint: every setting that changes compiled
    /// artefacts or decides whether `Module.deserialize` accepts them. Pool counts and sizes,
    /// stack size and tick interval are runtime-only and deliberately left out, so resizing the
    /// pool does not invalidate the compiled-module cache.
    public static func fingerprintDescription(of config: EngineConfig) -> String {
        [
            "wasmtime=\(wasmtimeVersion)",
            "target=\(targetTriple)",
            "strategy=cranelift",
            "opt_level=\(config.optimizationLevel.rawValue)",
            "epoch_interruption=\(config.epochInterruption)",
            "consume_fuel=\(config.consumeFuel)",
            "memory_reservation=\(config.memoryReservation)",
            "memory_guard_size=\(config.memoryGuardSize)",
            "memory_reservation_for_growth=\(config.memoryReservationForGrowth)",
            "allocator=pooling",
            "features=-threads,-multi_memory,-memory64",
        ].joined(separator: ";")
    }

    /// `sha256:<hex>` of `fingerprintDescription(of:)`.
    public static func fingerprint(of config: EngineConfig) -> String {
        SHA256.contentHash(Array(fingerprintDescription(of: config).utf8))
    }
}
