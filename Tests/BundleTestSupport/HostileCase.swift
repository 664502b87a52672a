import CArchive
import Foundation
import Shared
@testable import Bundle

/// One archive the library must refuse, with the code it must refuse it with.
public struct HostileCase: Sendable {
    public let name: String
    public let expected: ErrorCode
    public var limits: BundleLimits = .default
    public let build: @Sendable () -> [UInt8]

    public init(name: String, expected: ErrorCode, limits: BundleLimits = .default,
                build: @escaping @Sendable () -> [UInt8]) {
        self.name = name
        self.expected = expected
        self.limits = limits
        self.build = build
    }

    public static func tar(_ body: @escaping @Sendable (inout ArchiveBuilder) -> Void) -> @Sendable () -> [UInt8] {
        {
            var b = ArchiveBuilder()
            b.file("manifest.json", "{}")
            body(&b)
            return b.bundle()
        }
    }

    public static let all: [HostileCase] = traversal + names + types + duplicates + caps + containers

    public static let traversal: [HostileCase] = [
        HostileCase(name: "dotdot at start", expected: .bundlePathTraversal, build: tar { $0.file("../evil", "x") }),
        HostileCase(name: "dotdot climbing out", expected: .bundlePathTraversal,
                    build: tar { $0.file("ui/../../../evil", "x") }),
        HostileCase(name: "dot then dotdot", expected: .bundlePathTraversal, build: tar { $0.file("./../evil", "x") }),
        HostileCase(name: "bare dotdot directory", expected: .bundlePathTraversal,
                    build: tar { $0.header(name: "../", type: TarHeader.TypeFlag.directory) }),
        HostileCase(name: "dotdot in pax path", expected: .bundlePathTraversal, build: tar {
            $0.pax([("path", Array("ui/../../evil".utf8))])
            $0.header(name: "ui/innocent")
        }),
        HostileCase(name: "dotdot in GNU long name", expected: .bundlePathTraversal, build: tar {
            $0.raw { (w) throws(AppError) in
                try w.appendExtended(type: TarHeader.TypeFlag.gnuLongName, data: Array("../../evil\u{0}".utf8))
            }
            $0.header(name: Array("x".utf8), magic: .gnu)
        }),
        HostileCase(name: "dotdot in ustar prefix", expected: .bundlePathTraversal, build: tar {
            $0.raw { (w) throws(AppError) in
                try w.appendHeader(TarHeader(name: Array("evil".utf8), typeflag: TarHeader.TypeFlag.file,
                                             prefix: Array("../..".utf8)))
            }
        }),
        HostileCase(name: "backslash traversal", expected: .bundlePathBackslash,
                    build: tar { $0.file("..\\..\\evil", "x") }),
        HostileCase(name: "absolute path", expected: .bundlePathAbsolute, build: tar { $0.file("/tmp/evil", "x") }),
        HostileCase(name: "double-slash absolute", expected: .bundlePathAbsolute,
                    build: tar { $0.file("//server/share/evil", "x") }),
    ]

    public static let names: [HostileCase] = [
        HostileCase(name: "NUL in pax path", expected: .bundlePathNUL, build: tar {
            $0.pax([("path", Array("ui/a\u{0}/../../evil".utf8))])
            $0.header(name: "ui/a")
        }),
        HostileCase(name: "NUL inside ustar name field", expected: .bundlePathNUL,
                    build: tar { $0.header(name: Array("ui/a\u{0}evil".utf8)) }),
        HostileCase(name: "empty name", expected: .bundlePathEmpty, build: tar { $0.header(name: [], data: [1]) }),
        HostileCase(name: "hidden file", expected: .bundlePathHidden, build: tar { $0.file("ui/.env", "SECRET=1") }),
        HostileCase(name: "hidden directory", expected: .bundlePathHidden, build: tar { $0.file(".git/config", "x") }),
        HostileCase(name: "dot segment", expected: .bundlePathDotSegment, build: tar { $0.file("ui/./a.js", "x") }),
        HostileCase(name: "empty segment", expected: .bundlePathEmptySegment, build: tar { $0.file("ui//a.js", "x") }),
        HostileCase(name: "space in name", expected: .bundlePathInvalidCharacter,
                    build: tar { $0.file("ui/a b.js", "x") }),
        HostileCase(name: "non-ASCII name", expected: .bundlePathInvalidCharacter,
                    build: tar { $0.file("ui/caf\u{e9}.js", "x") }),
        HostileCase(name: "control character", expected: .bundlePathInvalidCharacter,
                    build: tar { $0.file("ui/a\u{1b}[31m.js", "x") }),
        HostileCase(name: "overlong path", expected: .bundlePathTooLong, build: tar {
            $0.pax([("path", Array(("ui/" + String(repeating: "a", count: 300)).utf8))])
            $0.header(name: "ui/short")
        }),
        HostileCase(name: "deep path", expected: .bundlePathTooDeep,
                    build: tar { $0.file(Array(repeating: "d", count: 20).joined(separator: "/"), "x") }),
    ]

    public static let types: [HostileCase] = [
        HostileCase(name: "symlink", expected: .bundleEntrySymlink, build: tar {
            $0.header(name: "ui/link", type: TarHeader.TypeFlag.symlink, linkname: "/etc")
            $0.file("ui/link/passwd", "x")
        }),
        HostileCase(name: "hard link", expected: .bundleEntryHardlink,
                    build: tar { $0.header(name: "ui/h", type: TarHeader.TypeFlag.hardLink, linkname: "../../etc/passwd") }),
        HostileCase(name: "character device", expected: .bundleEntryDevice,
                    build: tar { $0.header(name: "ui/null", type: TarHeader.TypeFlag.characterDevice) }),
        HostileCase(name: "block device", expected: .bundleEntryDevice,
                    build: tar { $0.header(name: "ui/sda", type: TarHeader.TypeFlag.blockDevice) }),
        HostileCase(name: "FIFO", expected: .bundleEntryFIFO,
                    build: tar { $0.header(name: "ui/pipe", type: TarHeader.TypeFlag.fifo) }),
        HostileCase(name: "contiguous file", expected: .bundleEntryTypeUnsupported,
                    build: tar { $0.header(name: "ui/c", type: TarHeader.TypeFlag.contiguous) }),
        HostileCase(name: "GNU sparse", expected: .bundleEntryTypeUnsupported,
                    build: tar { $0.header(name: "ui/s", type: TarHeader.TypeFlag.gnuSparse) }),
        HostileCase(name: "pax sparse", expected: .bundleEntryTypeUnsupported, build: tar {
            $0.pax([("GNU.sparse.major", Array("1".utf8)), ("GNU.sparse.minor", Array("0".utf8))])
            $0.header(name: "ui/s", data: [1, 2, 3])
        }),
        HostileCase(name: "global pax path", expected: .bundleTarInvalid,
                    build: tar { $0.pax([("path", Array("../evil".utf8))], global: true) }),
    ]

    public static let duplicates: [HostileCase] = [
        HostileCase(name: "duplicate file", expected: .bundleDuplicateEntry, build: tar { $0.file("manifest.json", "{}") }),
        HostileCase(name: "duplicate directory", expected: .bundleDuplicateEntry, build: tar {
            $0.directory("ui")
            $0.directory("ui")
        }),
        HostileCase(name: "case-insensitive duplicate", expected: .bundleCaseConflict, build: tar {
            $0.file("ui/App.js", "a")
            $0.file("ui/app.js", "b")
        }),
        HostileCase(name: "case-insensitive directory", expected: .bundleCaseConflict, build: tar {
            $0.file("UI/a.js", "a")
            $0.file("ui/b.js", "b")
        }),
        HostileCase(name: "file used as directory", expected: .bundlePathConflict, build: tar {
            $0.file("ui", "a")
            $0.file("ui/index.html", "b")
        }),
    ]

    public static let caps: [HostileCase] = [
        HostileCase(name: "1 GiB zip bomb in one entry", expected: .bundleUncompressedTooLarge,
                    build: { bomb(entries: 1, entrySize: 1 << 30) }),
        HostileCase(name: "1 GiB zip bomb over 1024 entries", expected: .bundleUncompressedTooLarge,
                    limits: BundleLimits(maxUncompressedBytes: 16 << 20),
                    build: { bomb(entries: 1024, entrySize: 1 << 20) }),
        HostileCase(name: "100k entries", expected: .bundleTooManyEntries, build: { manyEmptyFiles(100_000) }),
        HostileCase(name: "compressed size over cap", expected: .bundleTooLarge,
                    limits: BundleLimits(maxCompressedBytes: 64), build: tar { $0.file("ui/a.js", "x") }),
    ]

    public static let containers: [HostileCase] = [
        HostileCase(name: "empty file", expected: .bundleEmpty, build: { [] }),
        HostileCase(name: "plain tar", expected: .bundleNotCompressed, build: {
            var b = ArchiveBuilder()
            b.file("manifest.json", "{}")
            b.end()
            return b.tar
        }),
        HostileCase(name: "garbage", expected: .bundleNotZstd, build: {
            var rng = SplitMix64(seed: 7)
            return (0..<4096).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        }),
        HostileCase(name: "gzip", expected: .bundleNotZstd, build: { [0x1f, 0x8b, 0x08, 0x00] + [UInt8](repeating: 0, count: 300) }),
        HostileCase(name: "three bytes", expected: .bundleNotZstd, build: { [0x28, 0xB5, 0x2F] }),
        HostileCase(name: "truncated zstd", expected: .bundleZstdTruncated, build: {
            let full = sampleBundle()
            return Array(full.prefix(full.count / 2))
        }),
        HostileCase(name: "corrupt zstd", expected: .bundleZstdCorrupt, build: {
            var full = sampleBundle()
            full[full.count * 3 / 5] ^= 0x40
            return full
        }),
        HostileCase(name: "zstd window over cap", expected: .bundleZstdWindowTooLarge, build: {
            var b = ArchiveBuilder()
            b.file("manifest.json", "{}")
            b.end()
            return zstdCompress(b.tar, windowLog: 27)
        }),
        HostileCase(name: "data after zstd frame", expected: .bundleTrailingData, build: { sampleBundle() + [1, 2, 3] }),
        HostileCase(name: "second zstd frame", expected: .bundleTrailingData,
                    build: { sampleBundle() + zstdCompress([UInt8](repeating: 0, count: 512)) }),
        HostileCase(name: "data after tar end marker", expected: .bundleTrailingData, build: {
            var b = ArchiveBuilder()
            b.file("manifest.json", "{}")
            b.end()
            return zstdCompress(b.tar + Array("hidden payload".utf8))
        }),
        HostileCase(name: "tar without end marker", expected: .bundleTarTruncated, build: {
            var b = ArchiveBuilder()
            b.file("manifest.json", "{}")
            return zstdCompress(b.tar)
        }),
        HostileCase(name: "tar cut inside an entry", expected: .bundleTarTruncated, build: {
            var b = ArchiveBuilder()
            b.file("manifest.json", String(repeating: "x", count: 2000))
            return zstdCompress(Array(b.tar.prefix(1000)))
        }),
        HostileCase(name: "bad header checksum", expected: .bundleTarInvalid, build: {
            var b = ArchiveBuilder()
            b.file("manifest.json", "{}")
            b.end()
            var t = b.tar
            t[0] = UInt8(ascii: "M")
            return zstdCompress(t)
        }),
        HostileCase(name: "v7 header without magic", expected: .bundleTarInvalid,
                    build: tar { $0.header(name: Array("ui/a".utf8), magic: .none) }),
        HostileCase(name: "lone zero block", expected: .bundleTarInvalid, build: {
            var b = ArchiveBuilder()
            b.raw { (w) throws(AppError) in try w.append(zeros: 512) }
            b.file("manifest.json", "{}")
            b.end()
            return zstdCompress(b.tar)
        }),
        HostileCase(name: "oversized extended header", expected: .bundleTarInvalid, build: tar {
            $0.pax([("comment", [UInt8](repeating: UInt8(ascii: "a"), count: 70_000))])
            $0.header(name: "ui/a")
        }),
    ]

    /// A tar of `entries` files of `entrySize` zero bytes, compressed without materialising it.
    public static func bomb(entries: Int, entrySize: Int) -> [UInt8] {
        zstdCompressStreaming { sink in
            let zeros = [UInt8](repeating: 0, count: 1 << 20)
            for i in 0..<entries {
                TarHeader(name: Array("dist/bomb\(i).bin".utf8), typeflag: TarHeader.TypeFlag.file,
                          size: Int64(entrySize)).encode().withUnsafeBytes { sink($0) }
                var left = entrySize
                while left > 0 {
                    let n = min(left, zeros.count)
                    zeros.withUnsafeBytes { sink(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                    left -= n
                }
            }
            [UInt8](repeating: 0, count: 1024).withUnsafeBytes { sink($0) }
        }
    }

    /// `count` empty files `f/000000`, `f/000001`, …: one header template with its name digits and
    /// checksum patched per entry (encoding 100k headers one by one is slow in debug builds).
    public static func manyEmptyFiles(_ count: Int) -> [UInt8] {
        let template = TarHeader(name: Array("f/000000".utf8), typeflag: TarHeader.TypeFlag.file).encode()
        let baseSum = template.enumerated().reduce(0) { $0 + ((148..<156).contains($1.offset) ? 0x20 : Int($1.element)) }
        var tar = [UInt8]()
        tar.reserveCapacity((count + 2) * 512)
        for i in 0..<count {
            var h = template
            var n = i
            var sum = baseSum
            for pos in stride(from: 7, through: 2, by: -1) {
                let digit = UInt8(48 + n % 10)
                n /= 10
                sum += Int(digit) - 48
                h[pos] = digit
            }
            let octal = Array(String(sum, radix: 8).utf8)
            for j in 0..<6 { h[148 + j] = j < 6 - octal.count ? 48 : octal[j - (6 - octal.count)] }
            tar += h
        }
        tar += [UInt8](repeating: 0, count: 1024)
        return zstdCompress(tar, level: 1)
    }

    /// A valid ~100 KiB bundle whose data is incompressible (so zstd stores raw blocks).
    public static func sampleBundle() -> [UInt8] {
        var rng = SplitMix64(seed: 42)
        var b = ArchiveBuilder()
        b.file("manifest.json", "{}")
        b.file("dist/main.wasm", (0..<100_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        return b.bundle()
    }
}

/// zstd with an explicit window log (for the window-cap case), via libzstd directly.
public func zstdCompress(_ bytes: [UInt8], windowLog: Int32) -> [UInt8] {
    guard let ctx = ZSTD_createCCtx() else { preconditionFailure("ZSTD_createCCtx") }
    defer { ZSTD_freeCCtx(ctx) }
    _ = ZSTD_CCtx_setParameter(ctx, ZSTD_c_windowLog, windowLog)
    var out = [UInt8](repeating: 0, count: ZSTD_compressBound(bytes.count) + 64)
    var produced = 0
    bytes.withUnsafeBytes { src in
        out.withUnsafeMutableBytes { dst in
            var inBuf = ZSTD_inBuffer(src: src.baseAddress, size: src.count, pos: 0)
            var outBuf = ZSTD_outBuffer(dst: dst.baseAddress, size: dst.count, pos: 0)
            // Streaming (size unknown), so the frame keeps the large window it was asked for.
            _ = ZSTD_compressStream2(ctx, &outBuf, &inBuf, ZSTD_e_continue)
            var empty = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
            while ZSTD_compressStream2(ctx, &outBuf, &empty, ZSTD_e_end) != 0 {}
            produced = outBuf.pos
        }
    }
    return Array(out.prefix(produced))
}

/// A small deterministic PRNG so failures reproduce from the printed seed.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
