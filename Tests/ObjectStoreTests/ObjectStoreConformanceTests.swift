import Foundation
import ObjectStore
import Shared
import TestSupport
import Testing

/// The behaviour every `ObjectStore` must have, checked against the local-directory store and
/// the S3 store (moto's server with signature checking on).
@Suite(.ownThread) struct ObjectStoreConformanceTests {
    @Test(arguments: ObjectStoreKind.allCases)
    func testPutIfAbsent_whenKeyExists(kind: ObjectStoreKind) async throws {
        let store = try await kind.makeStore()
        let first = try ObjectStoreTestSupport.file(Array("first".utf8))
        let second = try ObjectStoreTestSupport.file(Array("second".utf8))
        defer { unlink(first); unlink(second) }
        #expect(try await store.putIfAbsent(key: "bundles/sha256:abc.tar.zst", fileAt: first))
        #expect(try await store.putIfAbsent(key: "bundles/sha256:abc.tar.zst", fileAt: second) == false)
        #expect(try await store.get(key: "bundles/sha256:abc.tar.zst", maxBytes: 100) == Array("first".utf8))
        let info = try await store.head(key: "bundles/sha256:abc.tar.zst")
        #expect(info?.size == 5)
        #expect(info?.key == "bundles/sha256:abc.tar.zst")
    }

    @Test(arguments: ObjectStoreKind.allCases)
    func testPutIfAbsent_whenWritersRace(kind: ObjectStoreKind) async throws {
        let store = try await kind.makeStore()
        let writers = 8
        let files = try (0..<writers).map { try ObjectStoreTestSupport.file(Array("writer \($0)".utf8)) }
        defer { files.forEach { unlink($0) } }
        let winners = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for (i, file) in files.enumerated() {
                group.addTask { (i, try await store.putIfAbsent(key: "race/one", fileAt: file)) }
            }
            var winners = [Int]()
            for try await (i, won) in group where won { winners.append(i) }
            return winners
        }
        #expect(winners.count == 1)
        let stored = try await store.get(key: "race/one", maxBytes: 100)
        #expect(stored == winners.first.map { Array("writer \($0)".utf8) })
    }

    @Test(arguments: ObjectStoreKind.allCases)
    func testAbsent_whenKeyWasNeverWritten(kind: ObjectStoreKind) async throws {
        let store = try await kind.makeStore()
        #expect(try await store.get(key: "missing/key", maxBytes: 10) == nil)
        #expect(try await store.head(key: "missing/key") == nil)
        var called = false
        let info = try await store.stream(key: "missing/key", maxBytes: 0) { _ in called = true }
        #expect(info == nil)
        #expect(!called)
        try await store.delete(key: "missing/key")  // deleting an absent object succeeds
    }

    @Test(arguments: ObjectStoreKind.allCases)
    func testCap_whenObjectIsLargerThanAllowed(kind: ObjectStoreKind) async throws {
        let store = try await kind.makeStore()
        let bytes = ObjectStoreTestSupport.bytes(100_000)
        try await store.put(key: "capped", bytes: bytes)
        #expect(try await store.get(key: "capped", maxBytes: 100_000) == bytes)
        let tooLarge = await ObjectStoreTestSupport.appError { _ = try await store.get(key: "capped", maxBytes: 99_999) }
        #expect(tooLarge?.code == .objectTooLarge)
        #expect(tooLarge?.httpStatus == 413)
        var received = 0
        let streamed = await ObjectStoreTestSupport.appError {
            _ = try await store.stream(key: "capped", maxBytes: 10) { received += $0.count }
        }
        #expect(streamed?.code == .objectTooLarge)
        #expect(received <= 10)
    }

    @Test(arguments: ObjectStoreKind.allCases)
    func testStreamStops_whenChunkHandlerThrows(kind: ObjectStoreKind) async throws {
        struct Stop: Error {}
        let store = try await kind.makeStore()
        try await store.put(key: "stop/here", bytes: ObjectStoreTestSupport.bytes(3 << 20))
        var calls = 0
        await #expect(throws: Stop.self) {
            _ = try await store.stream(key: "stop/here", maxBytes: 10 << 20) { _ in
                calls += 1
                throw Stop()
            }
        }
        #expect(calls == 1)
        let denied = AppError(.bundleTestMarker, status: 422, "the caller's own error")
        let thrown = await ObjectStoreTestSupport.appError {
            _ = try await store.stream(key: "stop/here", maxBytes: 10 << 20) { _ in throw denied }
        }
        #expect(thrown?.code == .bundleTestMarker)  // passed through, not turned into a store error
    }

    @Test(arguments: ObjectStoreKind.allCases)
    func testReject_whenKeyIsInvalid(kind: ObjectStoreKind) async throws {
        let store = try await kind.makeStore()
        let file = try ObjectStoreTestSupport.file([1])
        defer { unlink(file) }
        let keys = ["", "/abs", "trailing/", "a//b", "../up", "a/./b", "a/..", "sp ace", "tilde~", "é",
                    "percent%2F", String(repeating: "k", count: 513)]
        for key in keys {
            let errors: [AppError?] = [
                await ObjectStoreTestSupport.appError { _ = try await store.putIfAbsent(key: key, fileAt: file) },
                await ObjectStoreTestSupport.appError { try await store.put(key: key, bytes: [1]) },
                await ObjectStoreTestSupport.appError { _ = try await store.get(key: key, maxBytes: 1) },
                await ObjectStoreTestSupport.appError { _ = try await store.head(key: key) },
                await ObjectStoreTestSupport.appError { try await store.delete(key: key) },
            ]
            for error in errors { #expect(error?.code == .objectKeyInvalid, "key \(key)") }
        }
        #expect(try await store.list(prefix: "").isEmpty)
    }

    @Test(arguments: ObjectStoreKind.allCases)
    func testList_whenPrefixesOverlap(kind: ObjectStoreKind) async throws {
        let store = try await kind.makeStore()
        let keys = ["a/1", "a/2", "ab", "b:1", "sha256:x/y", "sha256:x/z", "z"]
        for (i, key) in keys.enumerated() { try await store.put(key: key, bytes: Array(repeating: 1, count: i + 1)) }
        #expect(try await store.list(prefix: "").map(\.key) == keys.sorted())
        #expect(try await store.list(prefix: "a/").map(\.key) == ["a/1", "a/2"])
        #expect(try await store.list(prefix: "a").map(\.key) == ["a/1", "a/2", "ab"])
        #expect(try await store.list(prefix: "sha256:").map(\.key) == ["sha256:x/y", "sha256:x/z"])
        #expect(try await store.list(prefix: "sha256:x/z").map(\.size) == [6])
        #expect(try await store.list(prefix: "nothing").isEmpty)
    }

    @Test(arguments: ObjectStoreKind.allCases)
    func testList_whenMoreThanOnePage(kind: ObjectStoreKind) async throws {
        let store = try await kind.makeStore()
        let count = 1_005
        let keys = (0..<count).map { "many/\(String(format: "%05d", $0))" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for i in stride(from: worker, to: count, by: 8) {
                        try await store.put(key: keys[i], bytes: [UInt8(i & 0xFF)])
                    }
                }
            }
            try await group.waitForAll()
        }
        try await store.put(key: "other", bytes: [0])
        let listed = try await store.list(prefix: "many/")
        #expect(listed.count == count)
        #expect(listed.map(\.key) == keys)
        #expect(listed.allSatisfy { $0.size == 1 })
        #expect(try await store.list(prefix: "").count == count + 1)
    }

    @Test(arguments: ObjectStoreKind.allCases)
    func testDelete_whenObjectExists(kind: ObjectStoreKind) async throws {
        let store = try await kind.makeStore()
        try await store.put(key: "gone/soon", bytes: [1, 2, 3])
        try await store.put(key: "gone/later", bytes: [4])
        try await store.delete(key: "gone/soon")
        #expect(try await store.head(key: "gone/soon") == nil)
        #expect(try await store.get(key: "gone/soon", maxBytes: 10) == nil)
        #expect(try await store.list(prefix: "gone/").map(\.key) == ["gone/later"])
        let file = try ObjectStoreTestSupport.file([9])
        defer { unlink(file) }
        #expect(try await store.putIfAbsent(key: "gone/soon", fileAt: file))  // writable again after delete
    }

    @Test(arguments: ObjectStoreKind.allCases)
    func testPut_whenReplacing(kind: ObjectStoreKind) async throws {
        let store = try await kind.makeStore()
        try await store.put(key: "derived/module.cwasm", bytes: [1, 1, 1])
        try await store.put(key: "derived/module.cwasm", bytes: [2, 2])
        #expect(try await store.get(key: "derived/module.cwasm", maxBytes: 10) == [2, 2])
        #expect(try await store.head(key: "derived/module.cwasm")?.size == 2)
        try await store.put(key: "derived/empty", bytes: [])
        #expect(try await store.get(key: "derived/empty", maxBytes: 0) == [])
        #expect(try await store.head(key: "derived/empty")?.size == 0)
    }

    @Test(arguments: ObjectStoreKind.allCases)
    func testLargeObject_whenStreamed(kind: ObjectStoreKind) async throws {
        let store = try await kind.makeStore()
        let bytes = ObjectStoreTestSupport.bytes(20 << 20, seed: 42)
        let file = try ObjectStoreTestSupport.file(bytes)
        defer { unlink(file) }
        #expect(try await store.putIfAbsent(key: "large/object.bin", fileAt: file))
        #expect(try await store.head(key: "large/object.bin")?.size == Int64(bytes.count))
        let hasher = SHA256()
        var chunks = 0
        let info = try await store.stream(key: "large/object.bin", maxBytes: 20 << 20) { chunk in
            hasher.update(chunk)
            chunks += 1
        }
        #expect(info?.size == Int64(bytes.count))
        #expect(hasher.finalize() == SHA256.hash(bytes))
        #expect(chunks > 1)
        let capped = await ObjectStoreTestSupport.appError {
            _ = try await store.stream(key: "large/object.bin", maxBytes: (20 << 20) - 1) { _ in }
        }
        #expect(capped?.code == .objectTooLarge)
    }

    @Test(arguments: ObjectStoreKind.allCases)
    func testPing_whenReachable(kind: ObjectStoreKind) async throws {
        let store = try await kind.makeStore()
        try await store.ping()
    }
}

extension ErrorCode {
    /// A code no store produces, to check that caller errors pass through unchanged.
    static let bundleTestMarker = ErrorCode("test_marker")
}
