import Bundle
import Foundation
import ObjectStore
import Shared

/// Bundles of the guests `scripts/build-guests` compiled into `.build/guests`.
enum GuestBundle {
    static let allCapabilities = ["log", "metrics", "context.read", "http.fetch", "secrets.get", "storage.kv"]

    static func wasm(_ name: String) throws -> [UInt8] {
        let path = TestEnvironment.guests + "/\(name).wasm"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TestFailure("\(path) is missing: run scripts/build-guests before the capability tests")
        }
        return [UInt8](data)
    }

    /// A packed bundle of guest `name` (manifest + `dist/main.wasm`) and its content hash.
    static func pack(_ name: String, extensionName: String = "com.acme.caps", version: String = "1.0.0",
                     capabilities: [String] = allCapabilities) throws -> (bytes: [UInt8], hash: ContentHash) {
        let dir = try TestEnvironment.directory("bundle")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let caps = capabilities.map { "\"\($0)\"" }.joined(separator: ",")
        let manifest = #"{"name":"\#(extensionName)","publisher":"acme","version":"\#(version)","runtime":"wasm@1","capabilities":[\#(caps)],"api":{"endpoints":[{"method":"POST","path":"/probe","handler":"probe"}]}}"#
        try FileManager.default.createDirectory(atPath: dir + "/dist", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: dir + "/manifest.json", contents: Data(manifest.utf8))
        _ = FileManager.default.createFile(atPath: dir + "/dist/main.wasm", contents: Data(try wasm(name)))
        let (bytes, result) = try BundlePacker(level: 3).pack(directory: dir)
        return (bytes, result.contentHash)
    }

    /// Packs guest `name` into the local object store at `objects` (what the runner reads).
    @discardableResult
    static func store(_ name: String, in objects: String, capabilities: [String] = allCapabilities) async throws -> ContentHash {
        let packed = try pack(name, capabilities: capabilities)
        try await LocalDirectoryObjectStore(root: objects).put(key: BundleStoreKeys.bundle(packed.hash), bytes: packed.bytes)
        return packed.hash
    }
}
