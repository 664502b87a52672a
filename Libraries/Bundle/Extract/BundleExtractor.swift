import Foundation
import Shared

/// Safe, streaming extraction of a bundle into a new directory.
///
/// Entries are written below a private staging directory beside the target (see
/// `DirectoryWriter` for how), and the staging directory is renamed to the target only after
/// the whole archive was read and accepted and its hash matched `expectedHash`. Any failure
/// removes the staging directory: a target either does not exist or holds a complete tree.
public struct BundleExtractor: Sendable {
    public let limits: BundleLimits
    /// fsync files and directories before publishing (off for throwaway trees and tests).
    public let durable: Bool
    public let logger: Logger

    public init(limits: BundleLimits = .default, durable: Bool = true, logger: Logger) {
        self.limits = limits
        self.durable = durable
        self.logger = logger
    }

    /// Extracts the archive file at `archivePath` into `target`, which must not exist yet.
    public func extract(archiveAt archivePath: String, into target: String, subtree: BundleSubtree = .all,
                        expectedHash: ContentHash? = nil) throws(AppError) -> ExtractionResult {
        let session = try begin(into: target, subtree: subtree, expectedHash: expectedHash)
        do {
            try FileChunks.read(archivePath) { (chunk) throws(AppError) in try session.feed(chunk) }
        } catch {
            session.cancel(error)
            throw error
        }
        return try session.finish()
    }

    /// Extracts `bytes` into `target`, which must not exist yet.
    public func extract(bytes: [UInt8], into target: String, subtree: BundleSubtree = .all,
                        expectedHash: ContentHash? = nil) throws(AppError) -> ExtractionResult {
        let session = try begin(into: target, subtree: subtree, expectedHash: expectedHash)
        do {
            try bytes.withBytes { (b) throws(AppError) in try session.feed(b) }
        } catch {
            session.cancel(error)
            throw error
        }
        return try session.finish()
    }

    /// Starts a push-driven extraction: `feed` the archive bytes in order, then `finish` (or
    /// `cancel`). `target` must not exist (`bundle_target_exists`).
    public func begin(into target: String, subtree: BundleSubtree = .all,
                      expectedHash: ContentHash? = nil) throws(AppError) -> BundleExtraction {
        var st = stat()
        if lstat(target, &st) == 0 {
            throw AppError(.bundleTargetExists, status: 409, "extraction target \(target) already exists")
        }
        return try BundleExtraction(target: target, subtree: subtree, expectedHash: expectedHash, limits: limits,
                                    durable: durable, logger: logger)
    }
}
