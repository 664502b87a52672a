import Bundle
import Foundation
import HTTPCore
import Shared
import Synchronization

/// The runner's disk cache of extracted bundles: `<EXT_CACHE_ROOT>/bundles/<hex>/` holds a
/// bundle extracted by the bundle library (hash verified while streaming; the directory appears
/// whole or not at all). Least recently used bundles are removed once the total exceeds
/// `maxBytes` (`EXT_CACHE_MAX_BYTES`). Callers serialise work per hash (`ModuleCache` does).
/// Thread-safety: safe from any task.
final class BundleCache: Sendable {
    struct Entry {
        var bytes: Int64
        var lastUse: UInt64
    }

    let directory: String
    let maxBytes: Int64
    private let store: BundleStore
    private let logger: Logger
    private let state: Mutex<(entries: [String: Entry], clock: UInt64, total: Int64)>
    private let hits: Counter
    private let misses: Counter
    private let evictions: Counter

    init(root: String, maxBytes: Int64, store: BundleStore, metrics: MetricsRegistry, logger: Logger) throws {
        directory = root + "/bundles"
        self.maxBytes = maxBytes
        self.store = store
        self.logger = logger
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var entries: [String: Entry] = [:]
        var total: Int64 = 0
        // What a previous process left: complete trees (oldest first by mtime); staging debris is removed.
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var found: [(String, Int64, Date)] = []
        for name in names {
            let path = directory + "/" + name
            guard (try? ContentHash(hex: name)) != nil else {
                try? FileManager.default.removeItem(atPath: path)
                continue
            }
            let date = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast
            found.append((name, Self.treeSize(path), date))
        }
        for (i, item) in found.sorted(by: { $0.2 < $1.2 }).enumerated() {
            entries[item.0] = Entry(bytes: item.1, lastUse: UInt64(i))
            total += item.1
        }
        state = Mutex((entries, UInt64(found.count), total))
        hits = metrics.counter("runner_bundle_cache_hits_total", help: "Bundles found extracted on disk.")
        misses = metrics.counter("runner_bundle_cache_misses_total", help: "Bundles fetched and extracted.")
        evictions = metrics.counter("runner_bundle_cache_evictions_total", help: "Extracted bundles removed by LRU.")
        metrics.gauge("runner_bundle_cache_bytes", help: "Bytes of extracted bundles on disk.") { [self] in
            Double(self.state.withLock { $0.total })
        }
    }

    /// The directory of the extracted bundle, fetching and extracting it first if needed.
    /// - Throws: `bundle_not_found`, `bundle_integrity` (nothing is kept), extraction errors.
    func ensure(_ hash: ContentHash) async throws -> String {
        let path = directory + "/" + hash.hex
        let cached = state.withLock { s -> Bool in
            guard s.entries[hash.hex] != nil else { return false }
            s.clock += 1
            s.entries[hash.hex]?.lastUse = s.clock
            return true
        }
        if cached, FileManager.default.fileExists(atPath: path) {
            hits.inc()
            return path
        }
        misses.inc()
        let result: ExtractionResult
        do {
            result = try await store.extractSubtree(hash, .all, into: path, durable: false)
        } catch let error as AppError where error.code != .bundleNotFound && error.code != .bundleIntegrity {
            // Tampered bytes usually break the archive format before the hash is known. Which
            // is it: bytes that are not the bundle (integrity), or a genuine bundle we cannot use?
            try await store.getBundleStream(hash) { _ in }
            throw AppError(error.code, status: 502, "stored bundle \(hash) cannot be extracted: \(error.message)")
        }
        let size = result.published ? result.bytesWritten : Self.treeSize(path)
        state.withLock { s in
            s.clock += 1
            s.total += size - (s.entries[hash.hex]?.bytes ?? 0)
            s.entries[hash.hex] = Entry(bytes: size, lastUse: s.clock)
        }
        evict(keeping: hash.hex)
        return path
    }

    /// Removes least recently used trees until the total fits, never `keeping`.
    private func evict(keeping: String) {
        let victims: [String] = state.withLock { s in
            var out: [String] = []
            while s.total > maxBytes {
                guard let (name, entry) = s.entries.filter({ $0.key != keeping }).min(by: { $0.value.lastUse < $1.value.lastUse })
                else { break }
                s.entries[name] = nil
                s.total -= entry.bytes
                out.append(name)
            }
            return out
        }
        for name in victims {
            // Renamed first so a concurrent reader never sees a half-deleted tree under the real name.
            let path = directory + "/" + name
            let doomed = directory + "/.evicted-" + name + "-" + RequestID.generate()
            if rename(path, doomed) == 0 { try? FileManager.default.removeItem(atPath: doomed) }
            evictions.inc()
            logger.debug("bundle evicted", ["bundle.content_hash": .string("sha256:" + name)])
        }
    }

    var totalBytes: Int64 { state.withLock { $0.total } }

    static func treeSize(_ path: String) -> Int64 {
        guard let walker = FileManager.default.enumerator(atPath: path) else { return 0 }
        var total: Int64 = 0
        while let item = walker.nextObject() as? String {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + item)
            if let size = attributes?[.size] as? NSNumber, attributes?[.type] as? FileAttributeType == .typeRegular {
                total += size.int64Value
            }
        }
        return total
    }
}
