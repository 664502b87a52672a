import Bundle
import Foundation
import ObjectStore
import Shared

/// Test bundles built from the guests `scripts/build-guests` compiled into `.build/guests`.
enum GuestBundle {
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Support, RunnerTests, Tests, <root>
        return url.path
    }()

    static var guestDirectory: String { repositoryRoot + "/.build/guests" }

    /// The compiled guest `name` (e.g. `hello-c`).
    static func wasm(_ name: String) throws -> [UInt8] {
        let path = guestDirectory + "/\(name).wasm"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AppError.internalError("\(path) is missing: run scripts/build-guests before the runner tests")
        }
        return [UInt8](data)
    }

    /// A packed bundle (manifest + `dist/main.wasm`) and its content hash.
    static func pack(wasm: [UInt8], capabilities: [String] = ["log", "metrics", "context.read", "http.fetch",
                                                               "secrets.get", "storage.kv"],
                     publisher: String = "acme", extra: [String: [UInt8]] = [:]) throws -> (bytes: [UInt8], hash: ContentHash) {
        let dir = try TestDirectory.make("bundle")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let caps = capabilities.map { "\"\($0)\"" }.joined(separator: ",")
        let manifest = #"{"name":"com.acme.test","publisher":"\#(publisher)","version":"1.0.0","runtime":"wasm@1","capabilities":[\#(caps)],"api":{"endpoints":[{"method":"POST","path":"/greet","handler":"greet"}]}}"#
        var files = extra
        files["manifest.json"] = Array(manifest.utf8)
        files["dist/main.wasm"] = wasm
        for (path, bytes) in files {
            let full = dir + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: full, contents: Data(bytes))
        }
        let (bytes, result) = try BundlePacker(level: 3).pack(directory: dir)
        return (bytes, result.contentHash)
    }

    /// Packs the guest `name` and stores it in the object store directory `objects`.
    @discardableResult
    static func publish(_ name: String, into objects: String, capabilities: [String]? = nil) async throws -> ContentHash {
        let packed = try capabilities.map { try pack(wasm: wasm(name), capabilities: $0) } ?? pack(wasm: wasm(name))
        try await store(packed.bytes, as: packed.hash, in: objects)
        return packed.hash
    }

    /// Writes `bytes` as the archive of `hash` (tests use this to plant tampered bytes too).
    static func store(_ bytes: [UInt8], as hash: ContentHash, in objects: String) async throws {
        let store = try LocalDirectoryObjectStore(root: objects)
        try await store.put(key: BundleStoreKeys.bundle(hash), bytes: bytes)
    }
}
