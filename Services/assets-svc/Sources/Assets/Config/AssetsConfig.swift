import ServiceKit
import Shared

/// assets-svc configuration (Services/assets-svc/README.md, docs/config.md, docs/assets.md).
public struct AssetsConfig: Sendable {
    public static let service = "assets-svc"
    public static let defaultPort = 8083

    /// `PORT`, `HTTP_*`, `EXT_ENABLED`, `LOG_LEVEL`, `EXT_DATA_ROOT`.
    public var common: CommonSettings
    /// `OBJECT_STORE_*`: where bundles are read from.
    public var objectStore: ObjectStoreSettings
    /// `EXT_CACHE_ROOT`, `EXT_CACHE_MAX_BYTES`: this service's extracted-UI cache.
    public var cache: CacheSettings
    /// `REGISTRY_BASE_URL` (default `http://127.0.0.1:8081`): (extension, hash) lookups and the change feed.
    public var registryURL: ServiceURL
    /// `SERVICE_TOKEN_FILE` (path, no default): its first token is presented to the registry.
    /// Unset or empty: every lookup is refused by the registry, so nothing is served (fail closed).
    public var serviceTokenFile: String?
    /// `EXT_UI_FRAME_ANCESTORS` (comma-separated origins, default `http://127.0.0.1:8080,
    /// http://localhost:8080`, the admin console of `scripts/up`): who may frame extension UIs.
    public var headers: UIHeaderPolicy
    /// `ASSETS_MEMORY_CACHE_BYTES` (byte size, default 64MiB, 0 turns it off): UI files of at most
    /// 16 KiB that cached trees keep in memory (the bytes hashed for the ETag) instead of reading
    /// them from disk on every request; files beyond the budget are served from disk.
    public var memoryCacheBytes: Int64
    /// `ASSETS_LOOKUP_TTL_MS` (1000–3600000, default 300000): longest a positive (extension, hash)
    /// lookup is trusted; the change feed evicts yanked pairs long before.
    public var lookupTTLMilliseconds: Int
    /// `ASSETS_NEGATIVE_TTL_MS` (0–5000, default 2000): how long an unknown or yanked pair is
    /// remembered (so a flood of bad URLs does not reach the registry; a new publish shows up after at most this).
    public var negativeTTLMilliseconds: Int
    /// `ASSETS_REGISTRY_TIMEOUT_MS` (100–30000, default 3000): budget of one lookup.
    public var registryTimeoutMilliseconds: Int
    /// `ASSETS_FEED_WAIT_MS` (100–60000, default 20000): long-poll wait of the change feed (keep it
    /// at most the registry's `REGISTRY_CHANGES_MAX_WAIT_MS`).
    public var feedWaitMilliseconds: Int

    public init(environment env: Environment) throws(ConfigError) {
        common = try CommonSettings(service: Self.service, environment: env, defaultPort: Self.defaultPort)
        objectStore = try ObjectStoreSettings(environment: env)
        cache = try CacheSettings(environment: env, dataRoot: common.dataRoot)
        registryURL = try ServiceURL(env.get("REGISTRY_BASE_URL") ?? "http://127.0.0.1:8081", variable: "REGISTRY_BASE_URL")
        serviceTokenFile = env.get("SERVICE_TOKEN_FILE")
        headers = try UIHeaderPolicy(
            frameAncestors: try env.get("EXT_UI_FRAME_ANCESTORS", default: UIHeaderPolicy.defaultFrameAncestors),
            variable: "EXT_UI_FRAME_ANCESTORS")
        memoryCacheBytes = try env.get("ASSETS_MEMORY_CACHE_BYTES", default: ByteSize(64 << 20)).bytes
        lookupTTLMilliseconds = try env.get("ASSETS_LOOKUP_TTL_MS", default: 300_000, in: 1000...3_600_000)
        negativeTTLMilliseconds = try env.get("ASSETS_NEGATIVE_TTL_MS", default: 2000, in: 0...5000)
        registryTimeoutMilliseconds = try env.get("ASSETS_REGISTRY_TIMEOUT_MS", default: 3000, in: 100...30_000)
        feedWaitMilliseconds = try env.get("ASSETS_FEED_WAIT_MS", default: 20_000, in: 100...60_000)
    }

    public var logFields: LogMetadata {
        var md = common.logFields
        md.merge(objectStore.logFields) { a, _ in a }
        md.merge(cache.logFields) { a, _ in a }
        md["config.registry_base_url"] = .string(registryURL.description)
        md["config.service_token_file"] = .string(serviceTokenFile ?? "")
        md["config.ext_ui_frame_ancestors"] = .string(headers.frameAncestors.joined(separator: " "))
        md["config.assets_memory_cache_bytes"] = .int(memoryCacheBytes)
        md["config.assets_lookup_ttl_ms"] = .int(Int64(lookupTTLMilliseconds))
        md["config.assets_negative_ttl_ms"] = .int(Int64(negativeTTLMilliseconds))
        md["config.assets_feed_wait_ms"] = .int(Int64(feedWaitMilliseconds))
        return md
    }
}
