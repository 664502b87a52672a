import BundleTestSupport
import Foundation
import ObjectStore
import Shared
import TestSupport
import Testing
@testable import Bundle

/// One conformance suite for `BundleStore` over every `ObjectStore` implementation. To run it
/// against another store (S3), add a case to `StoreFactory.all`.
struct StoreFactory: Sendable, CustomTestStringConvertible {
    let name: String
    /// Makes an empty store, and a way to overwrite a stored object's raw bytes behind the
    /// store's back (to simulate corruption at rest).
    let make: @Sendable (TemporaryDirectory) throws -> (store: any ObjectStore, corrupt: @Sendable (String, [UInt8]) -> Void)

    var testDescription: String { name }

    static let all: [StoreFactory] = [
        StoreFactory(name: "local directory") { dir in
            let root = dir.sub("objects")
            let store = try LocalDirectoryObjectStore(root: root)
            return (store, { key, bytes in
                let path = root + "/" + key
                unlink(path)
                _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            })
        },
    ]
}

@Suite(.ownThread) struct BundleStoreTests {
    struct Setup {
        let dir = TemporaryDirectory()
        let store: BundleStore
        let corrupt: @Sendable (String, [UInt8]) -> Void
        let archive: String
        let hash: ContentHash

        init(_ factory: StoreFactory) throws {
            let (objects, corrupt) = try factory.make(dir)
            store = BundleStore(objects: objects, logger: Logger(label: "t", handler: InMemoryLogHandler()))
            self.corrupt = corrupt
            let root = BundlePackerTests.makeTree(in: dir, root: "src")
            archive = dir.sub("bundle.tar.zst")
            hash = try BundlePacker(level: 3).pack(directory: root, to: archive).contentHash
        }
    }

    @Test(arguments: StoreFactory.all)
    func testPut_whenNewBundle_storesArchiveAndIndexUnderItsHash(_ factory: StoreFactory) async throws {
        let s = try Setup(factory)
        #expect(try await !s.store.exists(s.hash))
        let put = try await s.store.put(bundleAt: s.archive, expectedHash: s.hash)
        #expect(put.created && put.contentHash == s.hash)
        #expect(try await s.store.exists(s.hash))
        let keys = try await s.store.objects.list(prefix: "bundles/").map(\.key)
        #expect(keys == ["bundles/sha256/\(s.hash.hex)/bundle.tar.zst", "bundles/sha256/\(s.hash.hex)/index.json"])
        #expect(try await s.store.getBundleIndex(s.hash) == put.scan.index)
        let again = try await s.store.put(bundleAt: s.archive)
        #expect(!again.created)
    }

    @Test(arguments: StoreFactory.all)
    func testPut_whenDeclaredHashDiffersOrArchiveInvalid_storesNothing(_ factory: StoreFactory) async throws {
        let s = try Setup(factory)
        let wrong = ContentHash(digest: [UInt8](repeating: 1, count: 32))
        await #expect(throws: AppError(.bundleHashMismatch, status: 400, "")) {
            try await s.store.put(bundleAt: s.archive, expectedHash: wrong)
        }
        var b = ArchiveBuilder()
        b.header(name: "ui/link", type: TarHeader.TypeFlag.symlink, linkname: "/etc/passwd")
        let bad = s.dir.write("bad.tar.zst", b.bundle())
        await #expect(throws: AppError(.bundleEntrySymlink, status: 400, "")) { try await s.store.put(bundleAt: bad) }
        #expect(try await s.store.objects.list(prefix: "bundles/").isEmpty)
    }

    @Test(arguments: StoreFactory.all)
    func testGetBundleStream_whenIntact_returnsTheExactBytes(_ factory: StoreFactory) async throws {
        let s = try Setup(factory)
        try await s.store.put(bundleAt: s.archive)
        var received = [UInt8]()
        let size = try await s.store.getBundleStream(s.hash) { received += $0 }
        #expect(received == readFile(s.archive))
        #expect(size == Int64(received.count))
    }

    @Test(arguments: StoreFactory.all)
    func testReads_whenStoredBytesCorrupted_throwIntegrityAndExtractNothing(_ factory: StoreFactory) async throws {
        let s = try Setup(factory)
        try await s.store.put(bundleAt: s.archive)
        // A different valid bundle stored under this hash's key (corruption or substitution at rest).
        var b = ArchiveBuilder()
        b.file("manifest.json", "{}")
        s.corrupt(BundleStoreKeys.bundle(s.hash), b.bundle())
        await #expect(throws: AppError(.bundleIntegrity, status: 502, "")) {
            try await s.store.getBundleStream(s.hash) { _ in }
        }
        let target = s.dir.sub("cache/\(s.hash.hex)")
        s.dir.mkdir("cache")
        await #expect(throws: AppError(.bundleIntegrity, status: 502, "")) {
            try await s.store.extractSubtree(s.hash, .ui, into: target, durable: false)
        }
        #expect(treeListing(s.dir.sub("cache")).isEmpty)
    }

    @Test(arguments: StoreFactory.all)
    func testExtractSubtree_whenUI_writesOnlyUI(_ factory: StoreFactory) async throws {
        let s = try Setup(factory)
        try await s.store.put(bundleAt: s.archive)
        s.dir.mkdir("cache")
        let target = s.dir.sub("cache/\(s.hash.hex)")
        let result = try await s.store.extractSubtree(s.hash, .ui, into: target, durable: false)
        #expect(result.published && result.contentHash == s.hash)
        #expect(treeListing(target).allSatisfy { $0.hasPrefix("ui") })
        #expect(readFile(target + "/ui/index.html") == readFile(s.dir.sub("src/ui/index.html")))
        let dist = s.dir.sub("cache/\(s.hash.hex)-dist")
        _ = try await s.store.extractSubtree(s.hash, .dist, into: dist, durable: false)
        #expect(treeListing(dist) == ["dist", "dist/main.wasm"])
    }

    @Test(arguments: StoreFactory.all)
    func testReads_whenBundleAbsent_throwNotFound(_ factory: StoreFactory) async throws {
        let s = try Setup(factory)
        await #expect(throws: AppError(.bundleNotFound, status: 404, "")) { try await s.store.getBundleStream(s.hash) { _ in } }
        await #expect(throws: AppError(.bundleNotFound, status: 404, "")) { try await s.store.getBundleIndex(s.hash) }
        s.dir.mkdir("cache")
        await #expect(throws: AppError(.bundleNotFound, status: 404, "")) {
            try await s.store.extractSubtree(s.hash, .all, into: s.dir.sub("cache/x"), durable: false)
        }
        #expect(treeListing(s.dir.sub("cache")).isEmpty)
    }

    @Test(arguments: StoreFactory.all)
    func testGetBundleIndex_whenIndexObjectLost_rebuildsAndStoresIt(_ factory: StoreFactory) async throws {
        let s = try Setup(factory)
        let put = try await s.store.put(bundleAt: s.archive)
        try await s.store.objects.delete(key: BundleStoreKeys.index(s.hash))
        #expect(try await s.store.getBundleIndex(s.hash) == put.scan.index)
        #expect(try await s.store.objects.head(key: BundleStoreKeys.index(s.hash)) != nil)
    }

    @Test(arguments: StoreFactory.all)
    func testSignatureAndDerived_whenStored_roundTripBesideTheBundle(_ factory: StoreFactory) async throws {
        let s = try Setup(factory)
        try await s.store.put(bundleAt: s.archive)
        #expect(try await s.store.getSignature(s.hash) == nil)
        let sig = BundleSignature.sign(contentHash: s.hash, publisher: "acme", key: .generate(), at: Date())
        try await s.store.putSignature(sig)
        #expect(try await s.store.getSignature(s.hash) == sig)

        let name = "wasmtime-50.0.1-x86_64-linux-abc123.cwasm"
        try await s.store.putDerived(s.hash, name: name, bytes: [1, 2, 3])
        #expect(try await s.store.getDerived(s.hash, name: name, maxBytes: 10) == [1, 2, 3])
        try await s.store.putDerived(s.hash, name: name, bytes: [4])
        #expect(try await s.store.getDerived(s.hash, name: name, maxBytes: 10) == [4])
        #expect(try await s.store.getDerived(s.hash, name: "other", maxBytes: 10) == nil)
        #expect(try await s.store.objects.head(key: "bundles/sha256/\(s.hash.hex)/derived/\(name)") != nil)
        for bad in ["", "../x", ".hidden", "a/b", String(repeating: "a", count: 129)] {
            await #expect(throws: AppError(.derivedObjectNameInvalid, status: 400, "")) {
                try await s.store.putDerived(s.hash, name: bad, bytes: [1])
            }
        }
    }
}
