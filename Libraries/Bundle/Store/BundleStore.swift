import Foundation
import ObjectStore
import Shared

/// Bundles in an object store, by content hash (keys in `BundleStoreKeys`). Works over any
/// `ObjectStore`: the local directory (the embedded default) or S3.
///
/// Everything read back is verified: streams are hashed as they pass and fail with
/// `bundle_integrity` if the bytes do not hash to their key; extraction publishes only a
/// verified tree. Safe to use from many tasks at once.
public struct BundleStore: Sendable {
    public let objects: any ObjectStore
    public let limits: BundleLimits
    public let logger: Logger

    public init(objects: any ObjectStore, limits: BundleLimits = .default, logger: Logger) {
        self.objects = objects
        self.limits = limits
        self.logger = logger
    }

    /// Validates the archive at `path` (every rule of extraction), checks it against
    /// `expectedHash` (`bundle_hash_mismatch`), then stores it write-once with its index.
    @discardableResult
    public func put(bundleAt path: String, expectedHash: ContentHash? = nil) async throws -> BundlePutResult {
        let scan = try BundleScanner(limits: limits).scan(archiveAt: path)
        let hash = scan.index.contentHash
        if let expectedHash, expectedHash != hash {
            throw AppError(.bundleHashMismatch, status: 400, "bundle hashes to \(hash), declared \(expectedHash)")
        }
        return try await put(validated: scan, bundleAt: path)
    }

    /// Stores the archive at `path` write-once with its index, trusting that `scan` is this
    /// archive's validating scan (publish scans once, then decides, then stores). Passing the
    /// scan of another file is a caller bug that readers catch as `bundle_integrity`.
    @discardableResult
    public func put(validated scan: BundleScan, bundleAt path: String) async throws -> BundlePutResult {
        let hash = scan.index.contentHash
        let created = try await objects.putIfAbsent(key: BundleStoreKeys.bundle(hash), fileAt: path)
        try await objects.put(key: BundleStoreKeys.index(hash), bytes: Array(scan.index.jsonString().utf8))
        logger.info("bundle stored", ["bundle.content_hash": .string(hash.description), "bundle.created": .bool(created),
                                      "bundle.size": .int(scan.index.compressedSize)])
        return BundlePutResult(scan: scan, created: created)
    }

    public func exists(_ hash: ContentHash) async throws -> Bool {
        try await objects.head(key: BundleStoreKeys.bundle(hash)) != nil
    }

    /// Streams the archive to `chunk` and returns its size. The bytes are hashed on the way and
    /// the call throws `bundle_integrity` at the end if they do not match `hash`, so a caller
    /// must not trust (or keep) what it received until this returns. `bundle_not_found` if absent.
    @discardableResult
    public func getBundleStream(_ hash: ContentHash,
                                chunk: (UnsafeRawBufferPointer) throws -> Void) async throws -> Int64 {
        let sha = SHA256()
        let info = try await objects.stream(key: BundleStoreKeys.bundle(hash), maxBytes: limits.maxCompressedBytes) {
            sha.update($0)
            try chunk($0)
        }
        guard let info else { throw notFound(hash) }
        let actual = ContentHash(digest: sha.finalize())
        guard actual == hash else { throw integrity(hash, actual) }
        return info.size
    }

    /// The bundle's index: the stored `index.json`, or (if missing or unreadable) rebuilt by a
    /// verified scan of the archive and stored again.
    public func getBundleIndex(_ hash: ContentHash) async throws -> BundleIndex {
        if let bytes = try await objects.get(key: BundleStoreKeys.index(hash), maxBytes: 64 << 20),
           let index = try? BundleIndex(json: bytes), index.contentHash == hash {
            return index
        }
        let session = BundleScanner(limits: limits).makeSession()
        let info = try await objects.stream(key: BundleStoreKeys.bundle(hash), maxBytes: limits.maxCompressedBytes) {
            try session.feed($0)
        }
        guard info != nil else { throw notFound(hash) }
        let index = try session.finish().index
        guard index.contentHash == hash else { throw integrity(hash, index.contentHash) }
        try await objects.put(key: BundleStoreKeys.index(hash), bytes: Array(index.jsonString().utf8))
        logger.info("bundle index rebuilt", ["bundle.content_hash": .string(hash.description)])
        return index
    }

    /// Extracts `subtree` of the bundle into `target` (which must not exist), verifying the
    /// hash while streaming; see `BundleExtractor` for the guarantees.
    public func extractSubtree(_ hash: ContentHash, _ subtree: BundleSubtree, into target: String,
                               durable: Bool = true) async throws -> ExtractionResult {
        let extractor = BundleExtractor(limits: limits, durable: durable, logger: logger)
        let session = try extractor.begin(into: target, subtree: subtree, expectedHash: hash)
        let info: ObjectInfo?
        do {
            info = try await objects.stream(key: BundleStoreKeys.bundle(hash), maxBytes: limits.maxCompressedBytes) {
                try session.feed($0)
            }
        } catch {
            session.cancel(AppError.wrapping(error))
            throw error
        }
        guard info != nil else {
            session.cancel(notFound(hash))
            throw notFound(hash)
        }
        return try session.finish()
    }

    /// Deletes every object stored for the bundle (archive, index, signature, derived), e.g.
    /// after a publish that stored them was refused. Deleting an absent bundle succeeds.
    public func delete(_ hash: ContentHash) async throws {
        let prefix = BundleStoreKeys.directory(hash) + "/"
        for object in try await objects.list(prefix: prefix) { try await objects.delete(key: object.key) }
        logger.info("bundle deleted", ["bundle.content_hash": .string(hash.description)])
    }

    // MARK: - signature and derived objects

    /// Stores the bundle's detached signature (replacing any previous one).
    public func putSignature(_ signature: BundleSignature) async throws {
        try await objects.put(key: BundleStoreKeys.signature(signature.contentHash),
                              bytes: Array(signature.jsonString().utf8))
    }

    /// The stored signature, nil if none; a stored signature for another hash is `bundle_integrity`.
    public func getSignature(_ hash: ContentHash) async throws -> BundleSignature? {
        guard let bytes = try await objects.get(key: BundleStoreKeys.signature(hash), maxBytes: 16 << 10) else {
            return nil
        }
        let signature = try BundleSignature(json: bytes)
        guard signature.contentHash == hash else { throw integrity(hash, signature.contentHash) }
        return signature
    }

    /// Stores a derived artefact (e.g. a compiled module) beside the bundle, replacing any
    /// previous one. Integrity of derived objects is the producer's business (the runner MACs them).
    public func putDerived(_ hash: ContentHash, name: String, bytes: [UInt8]) async throws {
        try await objects.put(key: BundleStoreKeys.derived(hash, name: name), bytes: bytes)
    }

    public func getDerived(_ hash: ContentHash, name: String, maxBytes: Int) async throws -> [UInt8]? {
        try await objects.get(key: BundleStoreKeys.derived(hash, name: name), maxBytes: maxBytes)
    }

    private func notFound(_ hash: ContentHash) -> AppError {
        AppError(.bundleNotFound, status: 404, "bundle \(hash) not found")
    }

    private func integrity(_ hash: ContentHash, _ actual: ContentHash) -> AppError {
        logger.info("bundle integrity failure", ["bundle.content_hash": .string(hash.description),
                                                    "bundle.actual_hash": .string(actual.description)])
        return AppError(.bundleIntegrity, status: 502, "stored bundle \(hash) hashes to \(actual)")
    }
}
