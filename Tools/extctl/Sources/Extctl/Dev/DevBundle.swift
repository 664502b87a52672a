import Bundle
import Foundation
import ObjectStore
import Shared

/// The bundle `extctl dev` serves right now: rebuilt, packed and put in the dev object store
/// whenever the project changes. The runner loads bundles by content hash, so a new hash is a reload.
final class DevBundle: @unchecked Sendable {
    struct Current: Sendable {
        var manifest: Manifest
        var contentHash: ContentHash
    }

    private let lock = NSLock()
    private var current: Current?

    var value: Current? { lock.withLock { current } }

    /// Packs `directory`, checks it and stores it under `objects` like the registry does.
    func load(directory: String, objects: String) async throws -> Current {
        let (check, bytes) = try BundleCheck.check(directory: directory)
        let archive = objects + "/incoming-" + RequestID.generate() + ".tar.zst"
        try FileIO.write(bytes, to: archive)
        defer { try? FileManager.default.removeItem(atPath: archive) }
        let logger = Logger(label: "extctl.dev", level: .error, handler: InMemoryLogHandler())
        let store = BundleStore(objects: try LocalDirectoryObjectStore(root: objects), logger: logger)
        _ = try await store.put(bundleAt: archive, expectedHash: check.contentHash)
        let next = Current(manifest: check.manifest, contentHash: check.contentHash)
        lock.withLock { current = next }
        return next
    }
}
