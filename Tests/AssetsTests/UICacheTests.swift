@testable import Assets
import Bundle
import Foundation
import HTTPCore
import Shared
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The cache manager over a real bundle store and real bundles: fetch, verify, extract, index,
/// single flight, LRU by bytes with pins, restart, tampering and planted links.
@Suite(.ownThread) struct UICacheTests {
    let store: TestStore
    let pool = BlockingPool(name: "test-io", threads: 2, queueLimit: 64)

    init() throws { store = try TestStore() }

    static let page: [String: [UInt8]] = [
        "ui/index.html": Array("<!doctype html><script type=module src=./app.js></script>".utf8),
        "ui/app.js": Array("import './lib/util.js';".utf8),
        "ui/lib/util.js": Array("export const x = 1;".utf8),
    ]

    @Test func testAcquire_whenMissThenHit_fetchesOnceAndIndexesEveryFile() async throws {
        defer { pool.shutdown() }
        let hash = try await store.add(Self.page)
        let (cache, probe) = try store.makeCache(pool: pool)
        #expect(cache.acquireLoaded(hash) == nil)
        let tree = try await cache.acquire(hash)
        #expect(Set(tree.files.keys) == ["index.html", "app.js", "lib/util.js"], "only ui/, without the prefix")
        let expected = "\"" + Hex.encode(Array(SHA256.hash(Self.page["ui/app.js"]!).prefix(16))) + "\""
        #expect(tree.files["app.js"]?.etag == expected)
        #expect(tree.files["app.js"]?.contentType == "text/javascript; charset=utf-8")
        cache.release(tree)
        let again = try #require(cache.acquireLoaded(hash))
        #expect(again === tree)
        cache.release(again)
        #expect(probe.fetchesOK == 1 && probe.misses == 1 && probe.hits == 1)
        #expect(FileManager.default.fileExists(atPath: store.cacheRoot + "/\(hash.hex)/ui/lib/util.js"))
        #expect(!FileManager.default.fileExists(atPath: store.cacheRoot + "/\(hash.hex)/manifest.json"), "nothing outside ui/")
    }

    @Test func testAcquire_whenManyRequestsMissAtOnce_fetchesOnce() async throws {
        defer { pool.shutdown() }
        let hash = try await store.add(Self.page.merging(["ui/big.bin": TestStore.random(2 << 20)]) { a, _ in a })
        let (cache, probe) = try store.makeCache(pool: pool)
        let trees = try await withThrowingTaskGroup(of: UITree.self) { group in
            for _ in 0..<16 { group.addTask { try await cache.acquire(hash) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(trees.count == 16 && trees.allSatisfy { $0 === trees[0] })
        #expect(probe.fetchesOK == 1)
        for tree in trees { cache.release(tree) }
        // Every pin was released: a tiny budget now evicts the tree.
        let (small, smallProbe) = try store.makeCache(maxBytes: 1, pool: pool)
        #expect(small.usage.trees == 0 && smallProbe.evictions == 1)
    }

    @Test func testEviction_whenOverMaxBytes_removesLeastRecentlyUsedAndNeverAPinnedTree() async throws {
        defer { pool.shutdown() }
        var hashes: [ContentHash] = []
        for i in 0..<3 {
            hashes.append(try await store.add(["ui/index.html": Array("page \(i)".utf8), "ui/blob.bin": TestStore.random(200_000)],
                                              version: "1.0.\(i)"))
        }
        let (cache, probe) = try store.makeCache(maxBytes: 450_000, pool: pool)
        let pinned = try await cache.acquire(hashes[0])  // held, like a request being served
        let b = try await cache.acquire(hashes[1])
        cache.release(b)
        let c = try await cache.acquire(hashes[2])
        cache.release(c)
        // Over budget: the least recently used unpinned tree (b) went, the pinned one stayed.
        #expect(probe.evictions == 1)
        #expect(!FileManager.default.fileExists(atPath: store.cacheRoot + "/" + hashes[1].hex))
        #expect(FileManager.default.fileExists(atPath: store.cacheRoot + "/" + hashes[0].hex))
        let file = try #require(SafeOpen.open("blob.bin", below: pinned.directoryFD), "the pinned tree is intact")
        close(file.fd)
        #expect(file.size == 200_000)
        // b again: a fetch; now a (pinned) and b and c exceed the budget, c is the unpinned LRU.
        let b2 = try await cache.acquire(hashes[1])
        cache.release(b2)
        #expect(probe.evictions == 2 && probe.fetchesOK == 4)
        #expect(cache.usage.bytes <= 450_000)
        cache.release(pinned)
        #expect(cache.acquireLoaded(hashes[0]).map { cache.release($0); return true } == true)
    }

    @Test func testRestart_whenTreesAreOnDisk_rebuildsTheIndexAndServesWithoutFetching() async throws {
        defer { pool.shutdown() }
        let a = try await store.add(Self.page)
        let b = try await store.add(["ui/index.html": Array("b".utf8)], version: "2.0.0")
        do {
            let (first, _) = try store.makeCache(pool: pool)
            for hash in [a, b] { first.release(try await first.acquire(hash)) }
        }
        try FileManager.default.createDirectory(atPath: store.cacheRoot + "/.staging-leftover/ui", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: store.cacheRoot + "/.evicted-\(a.hex)-x", withIntermediateDirectories: true)
        let (second, probe) = try store.makeCache(pool: pool)
        #expect(second.usage.trees == 2)
        #expect(second.usage.bytes == Int64(Self.page.values.reduce(0) { $0 + $1.count } + 1))
        let tree = try await second.acquire(a)
        #expect(tree.files.count == 3)
        second.release(tree)
        #expect(probe.fetchesOK == 0 && probe.misses == 1, "loaded from disk, not fetched")
        let left = try FileManager.default.contentsOfDirectory(atPath: store.cacheRoot)
        #expect(Set(left) == [a.hex, b.hex], "debris removed")
    }

    @Test func testFetch_whenStoredBytesDoNotMatchTheHash_neverPublishesATree() async throws {
        defer { pool.shutdown() }
        let hash = try await store.add(Self.page)
        let other = try TestStore.pack(["ui/index.html": Array("evil".utf8)], name: "com.acme.ui", version: "6.6.6",
                                       entry: "ui/index.html")
        var flipped = try [UInt8](Data(contentsOf: URL(fileURLWithPath: store.archivePath(hash))))
        flipped[flipped.count / 2] ^= 0x5A
        let (cache, probe) = try store.makeCache(pool: pool)
        for substitute in [flipped, other] {
            try Data(substitute).write(to: URL(fileURLWithPath: store.archivePath(hash)))
            do {
                let tree = try await cache.acquire(hash)
                cache.release(tree)
                Issue.record("a tampered bundle was cached")
            } catch let error as AppError {
                #expect(error.code == .bundleIntegrity, "\(error)")
                #expect(error.httpStatus == 502)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: store.cacheRoot).isEmpty, "no tree, no staging debris")
        }
        #expect(probe.fetchesOK == 0 && probe.metrics.fetches.labels("integrity").value == 2)
    }

    @Test func testLinks_whenPlantedInTheCache_areNeverIndexedOrOpened() async throws {
        defer { pool.shutdown() }
        let hash = try await store.add(Self.page.merging(["ui/assets/logo.svg": Array("<svg/>".utf8)]) { a, _ in a })
        let secretDir = store.dir + "/outside"
        try FileManager.default.createDirectory(atPath: secretDir + "/assets", withIntermediateDirectories: true)
        try "SECRET".write(toFile: secretDir + "/secret.txt", atomically: true, encoding: .utf8)
        try "SECRET".write(toFile: secretDir + "/assets/logo.svg", atomically: true, encoding: .utf8)
        let (cache, _) = try store.makeCache(pool: pool)
        let tree = try await cache.acquire(hash)
        defer { cache.release(tree) }
        let ui = store.cacheRoot + "/" + hash.hex + "/ui"
        // Replace indexed entries with links to the outside, and add new ones.
        try FileManager.default.removeItem(atPath: ui + "/app.js")
        try FileManager.default.createSymbolicLink(atPath: ui + "/app.js", withDestinationPath: secretDir + "/secret.txt")
        try FileManager.default.removeItem(atPath: ui + "/assets")
        try FileManager.default.createSymbolicLink(atPath: ui + "/assets", withDestinationPath: secretDir + "/assets")
        #expect(link(secretDir + "/secret.txt", ui + "/hard.txt") == 0)
        #expect(mkfifo(ui + "/fifo.js", 0o644) == 0)
        for path in ["app.js", "assets/logo.svg", "hard.txt", "fifo.js"] {
            #expect(SafeOpen.open(path, below: tree.directoryFD) == nil, "\(path) was opened")
        }
        // A fresh index of the same directory leaves them all out.
        let rescanned = try TreeScanner.load(hash, rootFD: cache.rootFD, budget: MemoryBudget(limit: 0))
        #expect(Set(rescanned.files.keys) == ["index.html", "lib/util.js"])
    }

    @Test func testMemory_whenBudgetIsSmallerThanTheTree_keepsWhatFitsAndGivesItBackWithTheTree() async throws {
        defer { pool.shutdown() }
        let small = (0..<3).map { i in (0..<1000).map { UInt8(truncatingIfNeeded: $0 &+ i) } }
        let large = TestStore.random(Int(AssetResponder.inlineBodyLimit) + 1)
        let hash = try await store.add(["ui/a.js": small[0], "ui/b.js": small[1], "ui/c.js": small[2], "ui/large.bin": large],
                                       entry: "ui/a.js")
        let (cache, _) = try store.makeCache(memoryBytes: 2500, pool: pool)
        do {
            let tree = try await cache.acquire(hash)
            let resident = tree.files.filter { $0.value.resident != nil }
            #expect(resident.count == 2, "two of the three 1000-byte files fit in 2500 bytes")
            #expect(tree.files["large.bin"]?.resident == nil, "files over 16 KiB are never kept in memory")
            for (path, file) in resident {
                #expect(file.resident == small[["a.js": 0, "b.js": 1, "c.js": 2][path] ?? -1], "\(path): the indexed bytes")
            }
            #expect(cache.memory.reserved == 2000 && tree.residentBytes == 2000)
            cache.release(tree)
            cache.invalidate(tree)
        }
        #expect(cache.memory.reserved == 0, "the dropped tree gave its bytes back")
        // Loaded again: the budget is available again.
        let again = try await cache.acquire(hash)
        #expect(again.residentBytes == 2000)
        cache.release(again)
    }

    @Test func testMemory_whenFileReplacedAfterIndexing_servesTheIndexedBytes() async throws {
        defer { pool.shutdown() }
        let hash = try await store.add(Self.page)
        let (cache, _) = try store.makeCache(pool: pool)
        let tree = try await cache.acquire(hash)
        defer { cache.release(tree) }
        let ui = store.cacheRoot + "/" + hash.hex + "/ui"
        try FileManager.default.removeItem(atPath: ui + "/app.js")
        try "SECRET".write(toFile: store.dir + "/secret.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: ui + "/app.js", withDestinationPath: store.dir + "/secret.txt")
        let responder = AssetResponder(policy: try UIHeaderPolicy(frameAncestors: ["https://host.example"], variable: "X"),
                                       metrics: AssetsMetrics(registry: MetricsRegistry()))
        let request = HTTPRequest(method: .get, target: "/t/app.js", path: "/t/app.js", requestID: "r1",
                                  logger: Logger(label: "test", handler: InMemoryLogHandler()))
        let (response, corrupt) = responder.respond(request, tree: tree, path: try AssetPath(parsing: "app.js"), entry: nil)
        #expect(response.status == 200 && !corrupt)
        guard case .prepared(let prepared) = response.body else { Issue.record("not answered from memory: \(response.body)"); return }
        let body = prepared.body
        #expect(body == Self.page["ui/app.js"], "the bytes hashed at indexing, not the planted link")
    }
}
