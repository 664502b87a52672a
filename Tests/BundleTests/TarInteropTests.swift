import Foundation
import Shared
import TestSupport
import Testing
@testable import Bundle

/// Archives made by GNU tar (as a publisher might) are read like our own, and its spellings of
/// links and special files are refused with the same codes.
@Suite(.ownThread) struct TarInteropTests {
    /// `tar <args> | zstd`, run in `dir`.
    static func gnuTar(_ dir: String, _ args: [String]) throws -> [UInt8] {
        let tar = try #require(findExecutable("tar"), "GNU tar is needed")
        let zstd = try #require(findExecutable("zstd"), "zstd is needed (scripts/bootstrap installs it)")
        let out = dir + "/out.tar"
        let run = try runProcess(tar, ["-C", dir + "/src", "-cf", out] + args)
        try #require(run.status == 0, "tar failed: \(run.stderr)")
        let z = try runProcess(zstd, ["-q", "-f", "-19", out, "-o", out + ".zst"])
        try #require(z.status == 0, "zstd failed: \(z.stderr)")
        return try #require(readFile(out + ".zst"))
    }

    static func scanCode(_ bytes: [UInt8]) -> ErrorCode? {
        do {
            _ = try BundleScanner().scan(bytes: bytes)
            return nil
        } catch {
            return error.code
        }
    }

    @Test(arguments: ["gnu", "pax", "ustar"])
    func testScan_whenGNUTarFormat_readsSameFilesAsOurPacker(_ format: String) throws {
        let dir = TemporaryDirectory("interop")
        let src = BundlePackerTests.makeTree(in: dir, root: "src")
        let long = "ui/" + String(repeating: "n", count: 90) + "/" + String(repeating: "m", count: 90) + ".js"
        dir.write("src/" + long, "long")
        let ours = try BundleScanner().scan(bytes: try BundlePacker(level: 3).pack(directory: src).bytes)
        let theirs = try BundleScanner().scan(bytes: try Self.gnuTar(dir.path, ["--format=\(format)", "manifest.json", "dist", "ui"]))
        let files = { (s: BundleScan) in s.index.entries.filter { $0.kind == .file }.sorted { $0.path < $1.path } }
        #expect(files(theirs) == files(ours))
        #expect(theirs.manifestBytes == ours.manifestBytes)
    }

    @Test func testScan_whenGNUTarHasLinksOrFIFO_refusesWithTheirCodes() throws {
        let dir = TemporaryDirectory("interop")
        dir.write("src/manifest.json", "{}")
        symlink("/etc/passwd", dir.sub("src/passwd"))
        #expect(Self.scanCode(try Self.gnuTar(dir.path, ["manifest.json", "passwd"])) == .bundleEntrySymlink)
        unlink(dir.sub("src/passwd"))
        link(dir.sub("src/manifest.json"), dir.sub("src/again.json"))
        #expect(Self.scanCode(try Self.gnuTar(dir.path, ["manifest.json", "again.json"])) == .bundleEntryHardlink)
        unlink(dir.sub("src/again.json"))
        mkfifo(dir.sub("src/pipe"), 0o644)
        #expect(Self.scanCode(try Self.gnuTar(dir.path, ["manifest.json", "pipe"])) == .bundleEntryFIFO)
    }

    @Test func testScan_whenArchivedAsDotDirectory_refusesDotSegment() throws {
        let dir = TemporaryDirectory("interop")
        dir.write("src/manifest.json", "{}")
        #expect(Self.scanCode(try Self.gnuTar(dir.path, ["."])) == .bundlePathDotSegment)
    }
}
