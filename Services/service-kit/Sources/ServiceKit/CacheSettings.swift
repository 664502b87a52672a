import Shared

/// A service's local cache of extracted bundles and compiled modules (runner, assets).
public struct CacheSettings: Sendable, Equatable {
    /// `EXT_CACHE_ROOT`; default `<data root>/cache`, i.e. per service.
    public var root: String
    /// `EXT_CACHE_MAX_BYTES` (byte size, default 1GiB): LRU eviction keeps the cache below it.
    public var maxBytes: Int64

    public init(environment env: Environment, dataRoot: String) throws(ConfigError) {
        root = env.get("EXT_CACHE_ROOT") ?? dataRoot + "/cache"
        maxBytes = try env.get("EXT_CACHE_MAX_BYTES", default: ByteSize(1 << 30)).bytes
        guard maxBytes >= 1 << 20 else {
            throw ConfigError(variable: "EXT_CACHE_MAX_BYTES", reason: "must be at least 1MiB, got \(maxBytes)")
        }
    }

    public var logFields: LogMetadata {
        ["config.ext_cache_root": .string(root), "config.ext_cache_max_bytes": .int(maxBytes)]
    }
}
