import Shared

/// Validates a whole bundle without writing anything and returns its index and manifest bytes:
/// the publish-time check. Every rule of extraction applies (same reader).
public struct BundleScanner: Sendable {
    public let limits: BundleLimits

    public init(limits: BundleLimits = .default) { self.limits = limits }

    public func scan(archiveAt path: String) throws(AppError) -> BundleScan {
        let session = makeSession()
        try FileChunks.read(path) { (chunk) throws(AppError) in try session.feed(chunk) }
        return try session.finish()
    }

    public func scan(bytes: [UInt8]) throws(AppError) -> BundleScan {
        let session = makeSession()
        try bytes.withBytes { (b) throws(AppError) in try session.feed(b) }
        return try session.finish()
    }

    /// A push-driven scan, for bytes that arrive in chunks (an upload, a download).
    public func makeSession() -> BundleScanSession { BundleScanSession(limits: limits) }
}

/// One scan in progress: `feed` the archive bytes in order, then `finish`. Not thread-safe.
public final class BundleScanSession {
    private let builder = IndexBuilder()
    private let reader: BundleStreamReader<IndexBuilder>

    init(limits: BundleLimits) { reader = BundleStreamReader(limits: limits, handler: builder) }

    public func feed(_ chunk: UnsafeRawBufferPointer) throws(AppError) { try reader.feed(chunk) }

    public func finish() throws(AppError) -> BundleScan {
        let hash = try reader.finish()
        let index = BundleIndex(contentHash: hash, compressedSize: reader.compressedBytes,
                                uncompressedSize: reader.uncompressedBytes, entries: builder.entries)
        return BundleScan(index: index, manifestBytes: builder.manifestBytes)
    }
}

/// A scan is driven by one task from start to finish.
@available(*, unavailable)
extension BundleScanSession: Sendable {}
