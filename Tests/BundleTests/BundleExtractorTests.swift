import BundleTestSupport
import Foundation
import Shared
import TestSupport
import Testing
@testable import Bundle

@Suite(.ownThread) struct BundleExtractorTests {
    static func packedSample() throws -> (bytes: [UInt8], hash: ContentHash, source: TemporaryDirectory) {
        let dir = TemporaryDirectory()
        let root = BundlePackerTests.makeTree(in: dir, root: "src")
        let (bytes, result) = try BundlePacker(level: 3).pack(directory: root)
        return (bytes, result.contentHash, dir)
    }

    @Test func testExtract_whenValidBundle_reproducesTheSourceTree() throws {
        let (bytes, hash, source) = try Self.packedSample()
        let probe = ExtractionProbe()
        let (code, clean) = probe.extract(bytes, expectedHash: hash)
        #expect(code == nil)
        #expect(clean)
        #expect(treeListing(probe.target) == treeListing(source.sub("src")))
        for p in treeListing(source.sub("src")) where readFile(source.sub("src/" + p)) != nil {
            #expect(readFile(probe.target + "/" + p) == readFile(source.sub("src/" + p)), "\(p)")
        }
    }

    @Test func testExtract_whenSubtreeUI_writesOnlyUIButValidatesEverything() throws {
        let (bytes, hash, _) = try Self.packedSample()
        let probe = ExtractionProbe()
        let extractor = BundleExtractor(durable: false, logger: Logger(label: "t", handler: InMemoryLogHandler()))
        let result = try extractor.extract(bytes: bytes, into: probe.target, subtree: .ui, expectedHash: hash)
        #expect(result.published)
        #expect(result.entriesRead == 9)
        #expect(result.filesWritten == 3)
        #expect(treeListing(probe.target) == ["ui", "ui/assets", "ui/assets/app.js", "ui/assets/logo@2x.png",
                                               "ui/empty", "ui/index.html"])
        // A hostile entry outside the subtree still refuses the whole bundle.
        var b = ArchiveBuilder()
        b.file("ui/index.html", "ok")
        b.header(name: "dist/link", type: TarHeader.TypeFlag.symlink, linkname: "/etc/passwd")
        let probe2 = ExtractionProbe()
        let (code, clean) = probe2.extract(b.bundle(), subtree: .ui)
        #expect(code == .bundleEntrySymlink)
        #expect(clean)
    }

    @Test func testExtract_whenHashDiffersFromExpected_throwsIntegrityAndPublishesNothing() throws {
        let (bytes, _, _) = try Self.packedSample()
        let probe = ExtractionProbe()
        let wrong = try ContentHash(hex: String(repeating: "ab", count: 32))
        let (code, clean) = probe.extract(bytes, expectedHash: wrong)
        #expect(code == .bundleIntegrity)
        #expect(clean)
    }

    @Test func testExtract_whenTargetExists_throwsTargetExists() throws {
        let (bytes, _, _) = try Self.packedSample()
        let probe = ExtractionProbe()
        probe.root.mkdir("outer/inner/case/target")
        let extractor = BundleExtractor(durable: false, logger: Logger(label: "t", handler: InMemoryLogHandler()))
        #expect(throws: AppError(.bundleTargetExists, status: 409, "")) {
            try extractor.extract(bytes: bytes, into: probe.target)
        }
    }

    @Test func testFinish_whenAnotherExtractionPublishedFirst_reportsNotPublished() throws {
        let (bytes, hash, _) = try Self.packedSample()
        let probe = ExtractionProbe()
        let extractor = BundleExtractor(durable: false, logger: Logger(label: "t", handler: InMemoryLogHandler()))
        let slow = try extractor.begin(into: probe.target, expectedHash: hash)
        try bytes.withBytes { (b) throws(AppError) in try slow.feed(b) }
        let fast = try extractor.extract(bytes: bytes, into: probe.target, expectedHash: hash)
        #expect(fast.published)
        let late = try slow.finish()
        #expect(!late.published)
        #expect((ExtractionProbe.scaffold + ["outer/inner/case/target"]).sorted() == probe.outsideListing())
    }

    @Test func testExtract_whenDurable_writesTheSameTree() throws {
        let (bytes, hash, source) = try Self.packedSample()
        let probe = ExtractionProbe()
        let extractor = BundleExtractor(durable: true, logger: Logger(label: "t", handler: InMemoryLogHandler()))
        _ = try extractor.extract(bytes: bytes, into: probe.target, expectedHash: hash)
        #expect(treeListing(probe.target) == treeListing(source.sub("src")))
    }

    @Test func testScan_whenValidBundle_indexesEveryEntryWithItsHash() throws {
        let (bytes, hash, source) = try Self.packedSample()
        let scan = try BundleScanner().scan(bytes: bytes)
        #expect(scan.index.contentHash == hash)
        #expect(scan.index.compressedSize == Int64(bytes.count))
        #expect(scan.manifestBytes == readFile(source.sub("src/manifest.json")))
        let wasm = try #require(scan.index.entry(at: "dist/main.wasm"))
        #expect(wasm.kind == .file && wasm.size == 8)
        #expect(wasm.sha256 == Hex.encode(SHA256.hash(try #require(readFile(source.sub("src/dist/main.wasm"))))))
        #expect(scan.index.entry(at: "ui/empty")?.kind == .directory)
        let json = scan.index.jsonString()
        #expect(try BundleIndex(json: Array(json.utf8)) == scan.index)
    }
}
