import BundleTestSupport
import Foundation
import Shared
import TestSupport
import Testing
@testable import Bundle

/// Thousands of damaged variants of a valid bundle: bit flips and truncations of the compressed
/// bytes, and of the tar stream underneath (recompressed, with header checksums sometimes fixed
/// so the damage reaches the deeper checks). None may crash the reader, produce an
/// undocumented error, write outside the target, or leave a partial tree.
@Suite(.ownThread) struct BundleMutationTests {
    static let variants = 3000
    /// Wall-clock budget; the loop stops early rather than run long on a loaded machine.
    static let budget: TimeInterval = 90
    static let seed: UInt64 = ProcessInfo.processInfo.environment["BUNDLE_FUZZ_SEED"].flatMap { UInt64($0) } ?? 20_261_128

    @Test func testExtract_whenBundleIsMutated_neverCrashesOrEscapes() throws {
        let source = TemporaryDirectory()
        let root = BundlePackerTests.makeTree(in: source, root: "src")
        let base = try BundlePacker(level: 3).pack(directory: root).bytes
        let tar = try decompress(base)
        let headerOffsets = try headerOffsets(tar)

        var rng = SplitMix64(seed: Self.seed)
        let probe = ExtractionProbe()
        let extractor = BundleExtractor(durable: false, logger: Logger(label: "t", handler: InMemoryLogHandler()))
        let deadline = Date().addingTimeInterval(Self.budget)
        var done = 0
        var accepted = 0
        var codes: [String: Int] = [:]
        while done < Self.variants && Date() < deadline {
            let variant = mutate(base: base, tar: tar, headers: headerOffsets, kind: done % 5, rng: &rng)
            var code: ErrorCode?
            do {
                _ = try extractor.extract(bytes: variant, into: probe.target)
            } catch {
                code = error.code
            }
            if let code {
                codes[code.rawValue, default: 0] += 1
                #expect(archiveErrorCodes.contains(code), "variant \(done) (seed \(Self.seed)): undocumented \(code)")
                #expect(probe.outsideListing() == ExtractionProbe.scaffold, "variant \(done): left files behind")
            } else {
                accepted += 1
                for p in treeListing(probe.target) {
                    #expect(throws: Never.self) { try BundlePath.validate(p, isDirectory: true, limits: .default) }
                }
                try FileManager.default.removeItem(atPath: probe.target)
                #expect(probe.outsideListing() == ExtractionProbe.scaffold, "variant \(done): wrote outside the target")
            }
            #expect(readFile(probe.root.sub("outer/sentinel")) == Array("untouched".utf8))
            done += 1
        }
        print("mutation test: seed \(Self.seed), \(done) variants, \(accepted) accepted, codes \(codes.sorted { $0.key < $1.key })")
        #expect(done >= 300, "too few variants ran before the time budget")
        #expect(codes.count >= 8, "mutations should reach many different checks")
    }

    private func mutate(base: [UInt8], tar: [UInt8], headers: [Int], kind: Int,
                        rng: inout SplitMix64) -> [UInt8] {
        switch kind {
        case 0:  // flip 1–4 bits of the compressed bytes
            var v = base
            for _ in 0...(Int(rng.next() % 4)) { v[Int(rng.next() % UInt64(v.count))] ^= 1 << (rng.next() % 8) }
            return v
        case 1:  // truncate the compressed bytes
            return Array(base.prefix(Int(rng.next() % UInt64(base.count))))
        case 2:  // flip bits anywhere in the tar stream
            var t = tar
            for _ in 0...(Int(rng.next() % 4)) { t[Int(rng.next() % UInt64(t.count))] ^= 1 << (rng.next() % 8) }
            return zstdCompress(t, level: 1)
        case 3:  // truncate the tar stream
            return zstdCompress(Array(tar.prefix(Int(rng.next() % UInt64(tar.count)))), level: 1)
        default:  // overwrite bytes of one header, then usually repair its checksum
            var t = tar
            let h = headers[Int(rng.next() % UInt64(headers.count))]
            let interesting = [0, 1, 2, 50, 99, 124, 130, 135, 156, 157, 257, 262, 345, 400]
            for _ in 0...(Int(rng.next() % 3)) {
                let field = interesting[Int(rng.next() % UInt64(interesting.count))]
                let choices: [UInt8] = [0, 0x2f, 0x2e, 0x5c, 0x30, 0x31, 0x32, 0x35, 0x36, 0x37, 0x78, 0x4c, 0x41, 0xff, 0x80]
                t[h + field] = choices[Int(rng.next() % UInt64(choices.count))]
            }
            if rng.next() % 4 != 0 { fixChecksum(&t, at: h) }
            return zstdCompress(t, level: 1)
        }
    }

    private func fixChecksum(_ t: inout [UInt8], at h: Int) {
        for i in 148..<156 { t[h + i] = 0x20 }
        let sum = t[h..<(h + 512)].reduce(0) { $0 + Int($1) }
        let octal = Array(String(sum, radix: 8).utf8)
        for (i, c) in (Array(repeating: UInt8(48), count: max(0, 6 - octal.count)) + octal).prefix(6).enumerated() {
            t[h + 148 + i] = c
        }
        t[h + 154] = 0
    }

    private func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
        let z = ZstdDecompressor(windowLogMax: 27)
        var out = [UInt8]()
        try bytes.withBytes { (b) throws(AppError) in try z.decompress(b) { (c) throws(AppError) in out += c } }
        try z.finish()
        return out
    }

    /// Offsets of the entry headers in a tar stream written by the packer (no extended headers).
    private func headerOffsets(_ tar: [UInt8]) throws -> [Int] {
        var out = [Int]()
        var pos = 0
        while pos + 512 <= tar.count, tar[pos..<(pos + 512)].contains(where: { $0 != 0 }) {
            out.append(pos)
            let sizeText = String(decoding: tar[(pos + 124)..<(pos + 135)], as: UTF8.self)
            let size = try #require(Int(sizeText, radix: 8))
            pos += 512 + (size + 511) / 512 * 512
        }
        return out
    }
}
