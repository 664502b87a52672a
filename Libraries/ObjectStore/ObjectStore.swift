import Shared

/// What an object store reports about one object.
public struct ObjectInfo: Sendable, Equatable {
    public var key: String
    public var size: Int64
    public var etag: String?

    public init(key: String, size: Int64, etag: String? = nil) {
        self.key = key
        self.size = size
        self.etag = etag
    }
}

/// A flat key → bytes store: a local directory (the embedded default) or S3 (SigV4, path-style).
///
/// Keys are `/`-separated relative paths of `[A-Za-z0-9._:/-]`, never starting with `/`, never
/// containing `..` or empty segments (`ObjectKey.validate`). Implementations are safe to call
/// from many tasks at once. Errors are `AppError`s with codes from `ErrorCode+ObjectStore.swift`.
public protocol ObjectStore: Sendable {
    /// Stores the file at `path` under `key` only if nothing is stored there yet (write-once).
    /// Returns false, and stores nothing, when an object already exists.
    func putIfAbsent(key: String, fileAt path: String) async throws -> Bool

    /// Stores `bytes` under `key`, replacing any existing object (derived artefacts only).
    func put(key: String, bytes: [UInt8]) async throws

    /// The whole object, or nil when absent; more than `maxBytes` is an `object_too_large` error.
    func get(key: String, maxBytes: Int) async throws -> [UInt8]?

    /// Streams the object to `chunk` in order; nil when absent. Stops with `object_too_large`
    /// as soon as more than `maxBytes` arrived, and with the error `chunk` throws, if any.
    func stream(key: String, maxBytes: Int64,
                chunk: (UnsafeRawBufferPointer) throws -> Void) async throws -> ObjectInfo?

    func head(key: String) async throws -> ObjectInfo?

    /// Deletes the object; deleting an absent object succeeds.
    func delete(key: String) async throws

    /// Objects whose key starts with `prefix`, in key order.
    func list(prefix: String) async throws -> [ObjectInfo]

    /// Throws if the store cannot be reached (readiness checks).
    func ping() async throws
}
