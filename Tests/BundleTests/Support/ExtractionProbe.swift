import Foundation
import Shared
@testable import Bundle

/// Runs an extraction inside a scaffold and reports what happened on disk, so tests can check
/// that a refused archive leaves nothing behind and that nothing ever lands outside the target.
///
/// Layout: `<root>/outer/inner/case/target` is the target; `<root>/outer/sentinel` exists
/// before and must be unchanged after.
struct ExtractionProbe {
    let root: TemporaryDirectory
    let caseDir: String
    let target: String

    init() {
        root = TemporaryDirectory("bundle-probe")
        root.write("outer/sentinel", "untouched")
        root.mkdir("outer/inner/case")
        caseDir = root.sub("outer/inner/case")
        target = caseDir + "/target"
    }

    /// Everything under the scaffold root except the target's own contents.
    func outsideListing() -> [String] {
        treeListing(root.path).filter { !$0.hasPrefix("outer/inner/case/target/") }
    }

    static let scaffold = ["outer", "outer/inner", "outer/inner/case", "outer/sentinel"]

    /// Extracts; returns the error code (nil on success) after checking the scaffold is intact.
    func extract(_ bytes: [UInt8], limits: BundleLimits = .default, subtree: BundleSubtree = .all,
                 expectedHash: ContentHash? = nil, logger: Logger? = nil) -> (code: ErrorCode?, clean: Bool) {
        let extractor = BundleExtractor(limits: limits, durable: false,
                                        logger: logger ?? Logger(label: "test", handler: InMemoryLogHandler()))
        var code: ErrorCode?
        do {
            _ = try extractor.extract(bytes: bytes, into: target, subtree: subtree, expectedHash: expectedHash)
        } catch {
            code = error.code
        }
        var expected = Self.scaffold
        if code == nil { expected.append("outer/inner/case/target") }
        let clean = outsideListing() == expected.sorted()
            && readFile(root.sub("outer/sentinel")) == Array("untouched".utf8)
        return (code, clean)
    }
}

/// Every code an archive read may produce; docs/bundle-format.md must document each one.
let archiveErrorCodes: [ErrorCode] = [
    .bundleEmpty, .bundleNotZstd, .bundleNotCompressed, .bundleZstdTruncated, .bundleZstdCorrupt,
    .bundleZstdWindowTooLarge, .bundleTrailingData, .bundleTooLarge, .bundleUncompressedTooLarge,
    .bundleTooManyEntries, .bundleTarInvalid, .bundleTarTruncated, .bundleEntrySymlink, .bundleEntryHardlink,
    .bundleEntryDevice, .bundleEntryFIFO, .bundleEntryTypeUnsupported, .bundlePathEmpty, .bundlePathNUL,
    .bundlePathBackslash, .bundlePathAbsolute, .bundlePathTraversal, .bundlePathDotSegment,
    .bundlePathEmptySegment, .bundlePathHidden, .bundlePathInvalidCharacter, .bundlePathTooLong,
    .bundlePathTooDeep, .bundleDuplicateEntry, .bundleCaseConflict, .bundlePathConflict, .bundleIntegrity,
]
