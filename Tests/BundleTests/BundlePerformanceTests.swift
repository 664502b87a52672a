import BundleTestSupport
import Foundation
import Shared
import TestSupport
import Testing
@testable import Bundle

/// Packs, scans and extracts a 10 MiB bundle and prints the times (for the record in
/// docs/bundle-format.md; run with `swift test -c release -Xswiftc -enable-testing --filter
/// BundlePerformanceTests`). Asserts only correctness: the round trip reproduces the tree.
@Suite(.serialized, .ownThread) struct BundlePerformanceTests {
    enum Content: String, CaseIterable { case text, random }

    static func makeTree(_ dir: TemporaryDirectory, _ content: Content) -> String {
        var rng = SplitMix64(seed: 1)
        let words = ["function", "return", "const", "export", "import", "render", "state", "props", "value", "=>"]
        for i in 0..<40 {  // 40 files × 256 KiB = 10 MiB
            var bytes = [UInt8]()
            bytes.reserveCapacity(256 << 10)
            switch content {
            case .random:
                while bytes.count < 256 << 10 { withUnsafeBytes(of: rng.next()) { bytes += $0 } }
            case .text:
                while bytes.count < 256 << 10 {
                    bytes += Array(words[Int(rng.next() % 10)].utf8) + [rng.next() % 7 == 0 ? 0x0A : 0x20]
                    bytes += Array(String(rng.next() % 1000).utf8)
                }
            }
            dir.write("src/ui/assets/chunk-\(i).js", Array(bytes.prefix(256 << 10)))
        }
        dir.write("src/manifest.json", #"{"name":"com.acme.bench","publisher":"acme","version":"1.0.0","runtime":"wasm@1"}"#)
        return dir.sub("src")
    }

    static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let value = try body()
        return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }

    @Test(arguments: Content.allCases)
    func testRoundTrip_when10MiBBundle_reproducesTreeAndReportsTimes(_ content: Content) throws {
        let dir = TemporaryDirectory("bench")
        let root = Self.makeTree(dir, content)
        let archive19 = dir.sub("b19.tar.zst")
        let archive3 = dir.sub("b3.tar.zst")
        let (packed19, pack19ms) = try Self.time { try BundlePacker(level: 19).pack(directory: root, to: archive19) }
        let (packed3, pack3ms) = try Self.time { try BundlePacker(level: 3).pack(directory: root, to: archive3) }
        let (scan, scanMs) = try Self.time { try BundleScanner().scan(archiveAt: archive19) }
        #expect(scan.index.contentHash == packed19.contentHash)
        let logger = Logger(label: "bench", handler: InMemoryLogHandler())
        dir.mkdir("out")
        let (_, extractMs) = try Self.time {
            try BundleExtractor(durable: false, logger: logger).extract(archiveAt: archive19, into: dir.sub("out/a"),
                                                                         expectedHash: packed19.contentHash)
        }
        let (_, durableMs) = try Self.time {
            try BundleExtractor(durable: true, logger: logger).extract(archiveAt: archive19, into: dir.sub("out/b"),
                                                                        expectedHash: packed19.contentHash)
        }
        for i in [0, 17, 39] {
            let p = "/ui/assets/chunk-\(i).js"
            #expect(readFile(dir.sub("out/a") + p) == readFile(root + p))
            #expect(readFile(dir.sub("out/b") + p) == readFile(root + p))
        }
        func mb(_ bytes: Int64) -> String { String(format: "%.2f MiB", Double(bytes) / 1_048_576) }
        print("""
            bundle benchmark (\(content.rawValue), \(mb(packed19.uncompressedSize)) tar):
              pack level 19: \(String(format: "%.0f", pack19ms)) ms -> \(mb(packed19.compressedSize))
              pack level 3:  \(String(format: "%.0f", pack3ms)) ms -> \(mb(packed3.compressedSize))
              scan (validate + index): \(String(format: "%.0f", scanMs)) ms
              extract: \(String(format: "%.0f", extractMs)) ms, with fsync: \(String(format: "%.0f", durableMs)) ms
            """)
    }
}
