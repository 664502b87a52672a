import HTTPCore

/// The service's own series (docs/assets.md, "Metrics"), besides the server's `http_*`.
public struct AssetsMetrics: Sendable {
    /// Requests whose tree was already in the cache.
    public let cacheHits: Counter
    /// Requests that had to wait for their tree to be fetched (or loaded after a restart).
    public let cacheMisses: Counter
    /// Trees removed to stay under `EXT_CACHE_MAX_BYTES`.
    public let evictions: Counter
    /// Body bytes of 200 and 206 responses.
    public let bytesServed: Counter
    /// Bundle fetches by outcome: `ok`, `not_found`, `integrity`, `error`.
    public let fetches: CounterFamily
    /// Fetch + verify + extract + index of one bundle.
    public let fetchSeconds: Histogram
    /// Registry lookups by answer: `allowed`, `denied`, `error`.
    public let lookups: CounterFamily
    /// Requests answered from the lookup cache.
    public let lookupCacheHits: Counter
    /// (extension, hash) pairs dropped because of a change-feed event or a resync.
    public let feedEvictions: Counter
    /// 1 while the change feed answers, 0 while it fails.
    public let feedUp: Gauge

    public init(registry: MetricsRegistry) {
        cacheHits = registry.counter("assets_cache_hits_total", help: "UI requests whose tree was already in the cache.")
        cacheMisses = registry.counter("assets_cache_misses_total", help: "UI requests that waited for their tree to be fetched or loaded.")
        evictions = registry.counter("assets_cache_evictions_total", help: "UI trees removed to stay under EXT_CACHE_MAX_BYTES.")
        bytesServed = registry.counter("assets_bytes_served_total", help: "Body bytes of 200 and 206 UI responses.")
        fetches = registry.counterFamily("assets_bundle_fetches_total", help: "Bundle fetches by outcome.", labels: ["result"])
        fetchSeconds = registry.histogram("assets_fetch_seconds", help: "Fetch, verification, extraction and indexing of one bundle.")
        lookups = registry.counterFamily("assets_registry_lookups_total", help: "Registry (extension, hash) lookups by answer.",
                                         labels: ["result"])
        lookupCacheHits = registry.counter("assets_lookup_cache_hits_total", help: "UI requests answered from the lookup cache.")
        feedEvictions = registry.counter("assets_feed_evictions_total", help: "Lookup cache entries dropped by change-feed events.")
        feedUp = registry.gauge("assets_change_feed_up", help: "1 while the registry change feed answers, else 0.")
    }
}
