import Bundle
import Foundation
import HTTPCore
import Shared
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The pod-local cache of extracted UI trees: `<root>/<hex>/ui/**`, one directory per content
/// hash, least recently used trees removed once their bytes exceed `maxBytes`.
///
/// - A miss fetches the bundle, verifies its hash while streaming, extracts only `ui/` and
///   publishes the directory atomically (the bundle library), then indexes it (`TreeScanner`).
///   Concurrent misses for one hash share one fetch.
/// - Every tree handed out is pinned until `release`; eviction never removes a pinned tree, so
///   a tree being served stays on disk. (A response's file is open before its tree is released,
///   and an open file keeps its bytes even if the tree is removed afterwards.)
/// - Eviction renames a tree out of the way under the lock (so no request finds it half
///   removed) and deletes it on the blocking pool.
/// - At start-up the index is rebuilt from disk: every `<hex>` directory counts with its size,
///   oldest modification first (a tree's time is touched at most once a minute while in use);
///   staging and eviction debris is removed. Trees are indexed (hashed) on their first request.
///
/// Thread-safety: every method may be called from any thread; the fast path (`acquireLoaded`,
/// `release`) takes one lock and never blocks on I/O.
public final class UICache: Sendable {
    struct Entry {
        /// nil until indexed (a tree found on disk at start-up).
        var tree: UITree?
        var bytes: Int64
        var lastUse: UInt64
        var pins: Int
        /// Monotonic second of the last modification-time touch.
        var touchedAt: UInt64
    }

    struct State {
        var entries: [String: Entry] = [:]
        /// Fetches or loads in flight, by hex.
        var loading: [String: Task<UITree, any Error>] = [:]
        /// Requests waiting for each load; the load pins its tree once for each of them.
        var waiters: [String: Int] = [:]
        var clock: UInt64 = 0
        var total: Int64 = 0
    }

    public let root: String
    public let maxBytes: Int64
    let rootFD: Int32
    let store: BundleStore
    let pool: BlockingPool
    let metrics: AssetsMetrics
    /// Small files kept in memory by the loaded trees (`ASSETS_MEMORY_CACHE_BYTES`).
    let memory: MemoryBudget
    let logger: Logger
    let state = Mutex(State())

    /// Opens (creating) `root` and rebuilds the index from what is there.
    public init(root: String, maxBytes: Int64, memoryBytes: Int64, store: BundleStore, pool: BlockingPool,
                metrics: AssetsMetrics, registry: MetricsRegistry, logger: Logger) throws {
        self.root = root
        self.maxBytes = maxBytes
        memory = MemoryBudget(limit: memoryBytes)
        self.store = store
        self.pool = pool
        self.metrics = metrics
        self.logger = logger
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        rootFD = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard rootFD >= 0 else {
            throw AppError(.cacheCorrupt, status: 500, "cannot open the cache directory \(root): errno \(errno)")
        }
        rebuildIndex()
        registry.gauge("assets_cache_bytes", help: "Bytes of extracted UI trees in the cache.") { [weak self] in
            Double(self?.usage.bytes ?? 0)
        }
        registry.gauge("assets_memory_bytes", help: "Bytes of small UI files kept in memory by cached trees.") { [weak self] in
            Double(self?.memory.reserved ?? 0)
        }
        registry.gauge("assets_cache_trees", help: "UI trees in the cache.") { [weak self] in
            Double(self?.usage.trees ?? 0)
        }
        registry.gauge("assets_cache_max_bytes", help: "EXT_CACHE_MAX_BYTES.") { Double(maxBytes) }
        evictIfNeeded()
    }

    deinit { close(rootFD) }

    static func monotonicSeconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec)
    }

    /// Bytes and trees in the index now.
    public var usage: (bytes: Int64, trees: Int) { state.withLock { ($0.total, $0.entries.count) } }

    // MARK: - handing out trees

    /// The tree of `hash`, pinned, if it is indexed; nil when it must be fetched or loaded.
    public func acquireLoaded(_ hash: ContentHash) -> UITree? {
        let now = Self.monotonicSeconds()
        // One hash lookup per hit: the entry is changed in place through its index.
        let (tree, touch) = state.withLock { s -> (UITree?, Bool) in
            guard let i = s.entries.index(forKey: hash.hex), let tree = s.entries.values[i].tree else { return (nil, false) }
            s.clock += 1
            s.entries.values[i].lastUse = s.clock
            s.entries.values[i].pins += 1
            let touch = now >= s.entries.values[i].touchedAt + 60
            if touch { s.entries.values[i].touchedAt = now }
            return (tree, touch)
        }
        guard let tree else { return nil }
        if touch { _ = utimensat(rootFD, hash.hex, nil, 0) }
        metrics.cacheHits.inc()
        return tree
    }

    /// The tree of `hash`, pinned: from the index, or fetched (or loaded) first, one fetch per
    /// hash however many requests wait for it.
    /// - Throws: 502 `bundle_not_found`, `bundle_integrity` or `bundle_fetch_failed` (nothing is
    ///   kept or served), 500 `cache_corrupt`, 503 `overloaded` from the blocking pool.
    public func acquire(_ hash: ContentHash) async throws -> UITree {
        if let tree = acquireLoaded(hash) { return tree }
        let hex = hash.hex
        let task = state.withLock { s -> Task<UITree, any Error>? in
            if var e = s.entries[hex], let _ = e.tree {
                e.pins += 1
                s.entries[hex] = e
                return nil
            }
            s.waiters[hex, default: 0] += 1
            if let running = s.loading[hex] { return running }
            let onDisk = s.entries[hex] != nil
            let started = Task { try await self.load(hash, onDisk: onDisk) }
            s.loading[hex] = started
            return started
        }
        guard let task else {
            // Indexed between the two looks: pinned above.
            return try state.withLock { s throws -> UITree in
                guard let tree = s.entries[hex]?.tree else { throw AppError.internalError("tree vanished while pinned") }
                return tree
            }
        }
        metrics.cacheMisses.inc()
        return try await task.value
    }

    /// Unpins a tree from `acquire`/`acquireLoaded`.
    public func release(_ tree: UITree) {
        let over = state.withLock { s -> Bool in
            if let i = s.entries.index(forKey: tree.hash.hex), s.entries.values[i].tree === tree {
                guard s.entries.values[i].pins > 0 else { preconditionFailure("BUG in UICache: release without a pin") }
                s.entries.values[i].pins -= 1
            }
            return s.total > maxBytes
        }
        if over { evictIfNeeded() }
    }

    /// Drops `tree` from the index because a file no longer matches it (`cache_corrupt`); the
    /// next request fetches the bundle again.
    public func invalidate(_ tree: UITree) {
        let path = state.withLock { s -> String? in
            guard let e = s.entries[tree.hash.hex], e.tree === tree else { return nil }
            s.entries[tree.hash.hex] = nil
            s.total -= e.bytes
            return moveAside(tree.hash.hex)
        }
        logger.warning("cached tree dropped", ["bundle.content_hash": .string(tree.hash.description)])
        if let path { removeLater(path) }
    }

    // MARK: - loading

    /// Runs once per hash at a time (the task in `State.loading`); pins the tree for every waiter.
    private func load(_ hash: ContentHash, onDisk: Bool) async throws -> UITree {
        let hex = hash.hex
        do {
            var tree: UITree?
            if onDisk {
                do {
                    tree = try await pool.run { [rootFD, memory] in try TreeScanner.load(hash, rootFD: rootFD, budget: memory) }
                } catch {
                    logger.warning("cached tree unreadable; fetching again", [
                        "bundle.content_hash": .string(hash.description), "error": .string("\(error)")])
                    let aside = state.withLock { s -> String? in
                        if let e = s.entries.removeValue(forKey: hex) { s.total -= e.bytes }
                        return moveAside(hex)
                    }
                    if let aside { removeLater(aside) }
                }
            }
            let loaded: UITree
            if let tree { loaded = tree } else { loaded = try await fetch(hash) }
            state.withLock { s in
                let pins = s.waiters.removeValue(forKey: hex) ?? 0
                s.loading[hex] = nil
                s.clock += 1
                s.total += loaded.bytes - (s.entries[hex]?.bytes ?? 0)
                s.entries[hex] = Entry(tree: loaded, bytes: loaded.bytes, lastUse: s.clock, pins: pins,
                                       touchedAt: Self.monotonicSeconds())
            }
            evictIfNeeded()
            return loaded
        } catch {
            state.withLock { s in
                s.waiters[hex] = nil
                s.loading[hex] = nil
            }
            throw error
        }
    }

    /// Fetches, verifies and extracts `ui/` of the bundle into `<root>/<hex>`, then indexes it.
    private func fetch(_ hash: ContentHash) async throws -> UITree {
        let started = ContinuousClock.now
        let target = root + "/" + hash.hex
        if let stale = state.withLock({ _ in moveAside(hash.hex) }) { removeLater(stale) }  // debris without an entry
        do {
            try await extract(hash, into: target)
        } catch {
            let result = error.code == .bundleIntegrity ? "integrity" : error.code == .bundleNotFound ? "not_found" : "error"
            metrics.fetches.labels(result).inc()
            logger.warning("bundle fetch failed", ["bundle.content_hash": .string(hash.description), "error.code": .string(error.code.rawValue),
                                                  "error": .string(error.message)])
            throw error
        }
        let tree = try await pool.run { [rootFD, memory] in try TreeScanner.load(hash, rootFD: rootFD, budget: memory) }
        metrics.fetches.labels("ok").inc()
        let elapsed = ContinuousClock.now - started
        metrics.fetchSeconds.observe(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        logger.info("bundle ui cached", ["bundle.content_hash": .string(hash.description), "cache.tree_bytes": .int(tree.bytes),
                                         "cache.tree_files": .int(Int64(tree.files.count))])
        return tree
    }

    /// The bundle library's verified extraction, with its failures mapped to what a client of
    /// this service may see: a bundle that is not its hash is `bundle_integrity`, whichever check
    /// noticed first (tampered bytes usually break the archive before the hash is known).
    private func extract(_ hash: ContentHash, into target: String) async throws(AppError) {
        do {
            _ = try await store.extractSubtree(hash, .ui, into: target, durable: true)
        } catch let error as AppError where error.code == .bundleNotFound {
            throw AppError(.bundleNotFound, status: 502, "bundle \(hash) is not in the bundle store", cause: error)
        } catch let error as AppError where error.code == .bundleIntegrity {
            throw AppError(.bundleIntegrity, status: 502, "bundle \(hash) does not match its content hash", cause: error)
        } catch {
            let reason = AppError.wrapping(error)
            do {
                try await store.getBundleStream(hash) { _ in }
            } catch let e as AppError where e.code == .bundleIntegrity {
                throw AppError(.bundleIntegrity, status: 502, "bundle \(hash) does not match its content hash", cause: e)
            } catch {}
            throw AppError(.bundleFetchFailed, status: 502, "bundle \(hash) cannot be fetched or extracted: \(reason.message)",
                           cause: reason)
        }
    }
}
