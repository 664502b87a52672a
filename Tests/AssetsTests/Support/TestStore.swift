@testable import Assets
import Bundle
import Foundation
import HTTPCore
import ObjectStore
import Shared

/// A real bundle store (the local-directory object store) in a private temporary directory,
/// with bundles packed from file lists by the bundle library, and a cache directory beside it.
final class TestStore: @unchecked Sendable {
    let dir: String
    let objects: LocalDirectoryObjectStore
    let bundles: BundleStore
    let logs = InMemoryLogHandler()
    var cacheRoot: String { dir + "/cache" }

    init() throws {
        dir = NSTemporaryDirectory() + "assets-tests-" + RequestID.generate()
        try FileManager.default.createDirectory(atPath: dir + "/objects", withIntermediateDirectories: true)
        objects = try LocalDirectoryObjectStore(root: dir + "/objects")
        bundles = BundleStore(objects: objects, logger: Logger(label: "test", handler: logs))
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    var logger: Logger { Logger(label: "test", level: .debug, handler: logs) }

    /// Packs `files` (bundle paths → bytes) with a manifest and stores the bundle; returns its hash.
    func add(_ files: [String: [UInt8]], name: String = "com.acme.ui", version: String = "1.0.0",
             entry: String = "ui/index.html") async throws -> ContentHash {
        let bytes = try Self.pack(files, name: name, version: version, entry: entry)
        let path = dir + "/upload-" + RequestID.generate()
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await bundles.put(bundleAt: path).contentHash
    }

    static func pack(_ files: [String: [UInt8]], name: String, version: String, entry: String) throws -> [UInt8] {
        let src = NSTemporaryDirectory() + "assets-src-" + RequestID.generate()
        defer { try? FileManager.default.removeItem(atPath: src) }
        let manifest = #"{"name":"\#(name)","publisher":"acme","version":"\#(version)","runtime":"wasm@1","ui":{"type":"iframe","entry":"\#(entry)"}}"#
        for (path, contents) in files.merging(["manifest.json": Array(manifest.utf8)], uniquingKeysWith: { a, _ in a }) {
            let full = src + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(contents).write(to: URL(fileURLWithPath: full))
        }
        return try BundlePacker(level: 3).pack(directory: src).bytes
    }

    /// The stored archive's path in the object store directory (to tamper with it).
    func archivePath(_ hash: ContentHash) -> String { dir + "/objects/" + BundleStoreKeys.bundle(hash) }

    /// A cache over this store.
    func makeCache(maxBytes: Int64 = 64 << 20, memoryBytes: Int64 = 64 << 20, metrics: MetricsRegistry = MetricsRegistry(),
                   pool: BlockingPool) throws -> (UICache, AssetsMetricsProbe) {
        let assets = AssetsMetrics(registry: metrics)
        let cache = try UICache(root: cacheRoot, maxBytes: maxBytes, memoryBytes: memoryBytes, store: bundles, pool: pool,
                                metrics: assets, registry: metrics, logger: logger)
        return (cache, AssetsMetricsProbe(metrics: assets, registry: metrics))
    }

    static func random(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255) } }
}

/// Reads the series a test checks.
struct AssetsMetricsProbe: Sendable {
    let metrics: AssetsMetrics
    let registry: MetricsRegistry

    var fetchesOK: UInt64 { metrics.fetches.labels("ok").value }
    var hits: UInt64 { metrics.cacheHits.value }
    var misses: UInt64 { metrics.cacheMisses.value }
    var evictions: UInt64 { metrics.evictions.value }
}

