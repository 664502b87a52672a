import Shared

/// One extraction in progress (see `BundleExtractor.begin`). Feeding after a thrown error, or
/// after `finish`/`cancel`, is a bug. Not thread-safe; use from one task.
public final class BundleExtraction {
    private let target: String
    private let expectedHash: ContentHash?
    private let durable: Bool
    private let logger: Logger
    private let staging: StagingDirectory
    private let writer: DirectoryWriter
    private let reader: BundleStreamReader<DirectoryWriter>
    private var failed = false
    private var done = false

    init(target: String, subtree: BundleSubtree, expectedHash: ContentHash?, limits: BundleLimits, durable: Bool,
         logger: Logger) throws(AppError) {
        self.target = target
        self.expectedHash = expectedHash
        self.durable = durable
        self.logger = logger
        staging = try StagingDirectory(besideTarget: target)
        writer = DirectoryWriter(rootFD: staging.fd, rootPath: staging.path, subtree: subtree, durable: durable)
        reader = BundleStreamReader(limits: limits, handler: writer)
    }

    /// The next bytes of the archive. On error the staged tree is already gone.
    public func feed(_ chunk: UnsafeRawBufferPointer) throws(AppError) {
        precondition(!failed && !done, "BUG in BundleExtraction: feed after failure or completion")
        do {
            try reader.feed(chunk)
        } catch {
            cancel(error)
            throw error
        }
    }

    /// Ends the archive: validates its end, checks the hash, publishes the tree at the target.
    public func finish() throws(AppError) -> ExtractionResult {
        precondition(!failed && !done, "BUG in BundleExtraction: finish after failure or completion")
        do throws(AppError) {
            let hash = try reader.finish()
            if let expectedHash, expectedHash != hash {
                throw AppError(.bundleIntegrity, status: 502, "bundle bytes hash to \(hash), expected \(expectedHash)")
            }
            let published = try staging.publish(as: target, durable: durable)
            done = true
            let result = ExtractionResult(contentHash: hash, published: published, filesWritten: writer.filesWritten,
                                          bytesWritten: writer.bytesWritten, entriesRead: reader.entryCount)
            logger.debug("bundle extracted", [
                "bundle.content_hash": .string(hash.description), "bundle.target": .string(target),
                "bundle.published": .bool(published), "bundle.files_written": .int(Int64(result.filesWritten)),
                "bundle.bytes_written": .int(result.bytesWritten),
            ])
            return result
        } catch {
            cancel(error)
            throw error
        }
    }

    /// Abandons the extraction and removes the staged tree. `error` (if any) is logged.
    public func cancel(_ error: AppError? = nil) {
        guard !failed && !done else { return }
        failed = true
        staging.discard()
        logger.debug("bundle extraction failed", [
            "bundle.target": .string(target), "bundle.error_code": .string(error?.code.rawValue ?? "cancelled"),
            "bundle.bytes_compressed": .int(reader.compressedBytes),
            "bundle.bytes_decompressed": .int(reader.uncompressedBytes),
            "bundle.bytes_written": .int(writer.bytesWritten), "bundle.files_written": .int(Int64(writer.filesWritten)),
        ])
    }
}

/// An extraction is driven by one task from start to finish.
@available(*, unavailable)
extension BundleExtraction: Sendable {}
