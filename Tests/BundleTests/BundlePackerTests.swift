import CArchive
import Foundation
import Shared
import TestSupport
import Testing
@testable import Bundle

@Suite(.ownThread) struct BundlePackerTests {
    /// A small realistic tree: manifest, wasm, nested UI, an empty directory.
    static func makeTree(in dir: TemporaryDirectory, root: String, order: [Int] = [0, 1, 2, 3, 4, 5]) -> String {
        let files: [(String, [UInt8])] = [
            ("manifest.json", Array(#"{"name":"com.acme.demo"}"#.utf8)),
            ("dist/main.wasm", [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]),
            ("ui/index.html", Array("<!doctype html><p>hi</p>".utf8)),
            ("ui/assets/app.js", Array(String(repeating: "console.log(1);\n", count: 500).utf8)),
            ("ui/assets/logo@2x.png", (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7) }),
            ("ui/empty", []),
        ]
        for i in order {
            let (path, contents) = files[i]
            if path == "ui/empty" { dir.mkdir(root + "/" + path) } else { dir.write(root + "/" + path, contents) }
        }
        return dir.sub(root)
    }

    @Test func testPack_whenSameTreePackedTwice_givesIdenticalBytes() throws {
        let dir = TemporaryDirectory()
        let root = Self.makeTree(in: dir, root: "src")
        let a = try BundlePacker().pack(directory: root)
        let b = try BundlePacker().pack(directory: root)
        #expect(a.bytes == b.bytes)
        #expect(a.result.contentHash == b.result.contentHash)
        #expect(a.result.contentHash == ContentHash(digest: SHA256.hash(a.bytes)))
        #expect(a.result.compressedSize == Int64(a.bytes.count))
    }

    @Test func testPack_whenCopyHasOtherOrderMtimesAndUmask_givesSameHash() throws {
        let dir = TemporaryDirectory()
        let first = Self.makeTree(in: dir, root: "one")
        let firstHash = try BundlePacker().pack(directory: first).result.contentHash

        let old = umask(0o077)
        let second = Self.makeTree(in: dir, root: "two", order: [5, 3, 1, 4, 0, 2])
        umask(old)
        // Different timestamps and permission bits on every file and directory.
        var t = 1_000_000
        for p in treeListing(second) {
            let full = second + "/" + p
            t += 86_400
            var times = [timespec(tv_sec: t, tv_nsec: 0), timespec(tv_sec: t, tv_nsec: 0)]
            #expect(utimensat(AT_FDCWD, full, &times, 0) == 0)
            var st = stat()
            _ = lstat(full, &st)
            chmod(full, (st.st_mode & S_IFMT) == S_IFDIR ? 0o700 : 0o600)
        }
        let secondHash = try BundlePacker().pack(directory: second).result.contentHash
        #expect(firstHash == secondHash)
    }

    @Test func testPack_whenContentChanges_givesDifferentHash() throws {
        let dir = TemporaryDirectory()
        let root = Self.makeTree(in: dir, root: "src")
        let before = try BundlePacker().pack(directory: root).result.contentHash
        dir.write("src/ui/index.html", "<!doctype html><p>hi!</p>")
        let after = try BundlePacker().pack(directory: root).result.contentHash
        #expect(before != after)
    }

    @Test func testPack_whenLevelDiffers_givesDifferentHash() throws {
        let dir = TemporaryDirectory()
        let root = Self.makeTree(in: dir, root: "src")
        let a = try BundlePacker(level: 19).pack(directory: root).result.contentHash
        let b = try BundlePacker(level: 3).pack(directory: root).result.contentHash
        #expect(a != b)
    }

    @Test func testPack_whenReadByLibarchive_listsSortedEntriesWithFixedMetadata() throws {
        let dir = TemporaryDirectory()
        let root = Self.makeTree(in: dir, root: "src")
        let (bytes, _) = try BundlePacker().pack(directory: root)
        let entries = try LibarchiveListing.read(bytes)
        #expect(entries.map(\.path) == [
            "dist/", "dist/main.wasm", "manifest.json", "ui/", "ui/assets/", "ui/assets/app.js",
            "ui/assets/logo@2x.png", "ui/empty/", "ui/index.html",
        ])
        for e in entries {
            #expect(e.mtime == 0 && e.uid == 0 && e.gid == 0)
            #expect(e.mode == (e.path.hasSuffix("/") ? 0o40755 : 0o100644))
        }
        let wasm = try #require(entries.first { $0.path == "dist/main.wasm" })
        #expect(wasm.data == [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00])
    }

    @Test func testPack_whenPathNeedsPaxRecord_roundTripsThroughLibarchiveAndScanner() throws {
        let dir = TemporaryDirectory()
        let long = "ui/" + String(repeating: "a", count: 120) + "/" + String(repeating: "b", count: 110) + ".js"
        dir.write("src/" + long, "x")
        let (bytes, _) = try BundlePacker().pack(directory: dir.sub("src"))
        #expect(try LibarchiveListing.read(bytes).map(\.path).contains(long))
        #expect(try BundleScanner().scan(bytes: bytes).index.entry(at: long)?.size == 1)
    }

    @Test func testPack_whenTreeHasSymlink_throwsSourceInvalid() throws {
        let dir = TemporaryDirectory()
        dir.write("src/manifest.json", "{}")
        symlink("/etc/passwd", dir.sub("src/passwd"))
        #expect(throws: AppError(.bundleSourceInvalid, status: 400, "")) {
            try BundlePacker().pack(directory: dir.sub("src"))
        }
    }

    @Test func testPack_whenTreeHasHiddenFile_throwsPathHidden() throws {
        let dir = TemporaryDirectory()
        dir.write("src/ui/.DS_Store", "x")
        #expect(throws: AppError(.bundlePathHidden, status: 400, "")) {
            try BundlePacker().pack(directory: dir.sub("src"))
        }
    }

    @Test func testPack_whenNamesDifferOnlyInCase_throwsCaseConflict() throws {
        let dir = TemporaryDirectory()
        dir.write("src/ui/App.js", "x")
        dir.write("src/ui/app.js", "y")
        #expect(throws: AppError(.bundleCaseConflict, status: 400, "")) {
            try BundlePacker().pack(directory: dir.sub("src"))
        }
    }

    @Test func testPack_whenWritingToFile_leavesOnlyTheBundle() throws {
        let dir = TemporaryDirectory()
        let root = Self.makeTree(in: dir, root: "src")
        dir.mkdir("out")
        let result = try BundlePacker().pack(directory: root, to: dir.sub("out/bundle.tar.zst"))
        #expect(treeListing(dir.sub("out")) == ["bundle.tar.zst"])
        let bytes = try #require(readFile(dir.sub("out/bundle.tar.zst")))
        #expect(result.contentHash == ContentHash(digest: SHA256.hash(bytes)))
    }
}
