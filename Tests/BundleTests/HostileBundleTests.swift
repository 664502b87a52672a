import BundleTestSupport
import Foundation
import Shared
import TestSupport
import Testing
@testable import Bundle

/// The hostile corpus: every archive is refused with its documented code, by extraction and by
/// the publish-time scan alike, and extraction leaves the file system exactly as it found it.
@Suite(.ownThread) struct HostileBundleTests {
    @Test(arguments: HostileCase.all)
    func testExtract_whenArchiveIsHostile_refusesWithItsCodeAndLeavesNothing(_ hostile: HostileCase) throws {
        let bytes = hostile.build()
        let probe = ExtractionProbe()
        let (code, clean) = probe.extract(bytes, limits: hostile.limits)
        #expect(code == hostile.expected)
        #expect(clean, "files left behind or written outside the target")
        #expect(archiveErrorCodes.contains(hostile.expected))

        var scanCode: ErrorCode?
        do { _ = try BundleScanner(limits: hostile.limits).scan(bytes: bytes) } catch { scanCode = error.code }
        #expect(scanCode == hostile.expected)
    }

    @Test func testExtract_whenBombDeclaresOneGiB_writesNothing() throws {
        let bytes = HostileCase.bomb(entries: 1, entrySize: 1 << 30)
        let handler = InMemoryLogHandler()
        let probe = ExtractionProbe()
        let (code, clean) = probe.extract(bytes, logger: Logger(label: "t", level: .debug, handler: handler))
        #expect(code == .bundleUncompressedTooLarge)
        #expect(clean)
        let failure = try #require(handler.records.first { $0.message == "bundle extraction failed" })
        #expect(failure.metadata["bundle.bytes_written"] == .int(0))
    }

    @Test func testExtract_whenBombSpreadsOverEntries_stopsWritingAtTheCap() throws {
        let cap: Int64 = 16 << 20
        let bytes = HostileCase.bomb(entries: 1024, entrySize: 1 << 20)
        let handler = InMemoryLogHandler()
        let probe = ExtractionProbe()
        let (code, clean) = probe.extract(bytes, limits: BundleLimits(maxUncompressedBytes: cap),
                                          logger: Logger(label: "t", level: .debug, handler: handler))
        #expect(code == .bundleUncompressedTooLarge)
        #expect(clean)
        let failure = try #require(handler.records.first { $0.message == "bundle extraction failed" })
        guard case .int(let written) = failure.metadata["bundle.bytes_written"],
              case .int(let decompressed) = failure.metadata["bundle.bytes_decompressed"] else {
            Issue.record("missing byte counts in \(failure.metadata)")
            return
        }
        #expect(written > 0 && written <= cap)
        #expect(decompressed <= cap)
    }
}

extension HostileCase: CustomTestStringConvertible {
    public var testDescription: String { name }
}
