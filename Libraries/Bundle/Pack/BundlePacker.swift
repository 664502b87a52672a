import Foundation
import Shared

/// Packs a directory into a deterministic `bundle.tar.zst`: the same tree always gives the same
/// bytes (and so the same content hash), whatever the source's creation order, timestamps,
/// owners, permission bits or umask. See docs/bundle-format.md for the exact layout.
///
/// The hash also depends on the zstd level and the libzstd version: `level` is fixed per
/// platform (default 19), and the registry stores the bytes it received, never repacks.
public struct BundlePacker: Sendable {
    public static let defaultLevel: Int32 = 19

    public let level: Int32
    public let limits: BundleLimits

    public init(level: Int32 = BundlePacker.defaultLevel, limits: BundleLimits = .default) {
        self.level = level
        self.limits = limits
    }

    /// Packs `directory` into a new file at `outputPath` (written to a temporary sibling and
    /// renamed, so a failure leaves nothing behind). An existing file is replaced.
    public func pack(directory: String, to outputPath: String) throws(AppError) -> PackResult {
        let tmp = outputPath + ".tmp-" + RequestID.generate()
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BundleIO.error("create", tmp) }
        var closed = false
        defer {
            if !closed { close(fd) }
            unlink(tmp)
        }
        let result = try pack(directory: directory) { (chunk) throws(AppError) in try BundleIO.writeAll(fd, chunk, tmp) }
        guard fsync(fd) == 0 else { throw BundleIO.error("fsync", tmp) }
        closed = true
        guard close(fd) == 0 else { throw BundleIO.error("close", tmp) }
        guard rename(tmp, outputPath) == 0 else { throw BundleIO.error("rename", outputPath) }
        return result
    }

    /// Packs `directory` into memory.
    public func pack(directory: String) throws(AppError) -> (bytes: [UInt8], result: PackResult) {
        var bytes = [UInt8]()
        let result = try pack(directory: directory) { (chunk) throws(AppError) in bytes.append(contentsOf: chunk) }
        return (bytes, result)
    }

    /// Packs `directory`, handing the compressed bytes to `output` in order.
    public func pack(directory: String,
                     output: (UnsafeRawBufferPointer) throws(AppError) -> Void) throws(AppError) -> PackResult {
        let tree = try SourceTree(root: directory, limits: limits)
        let zstd = ZstdCompressor(level: level)
        let sha = SHA256()
        var compressed: Int64 = 0
        var uncompressed: Int64 = 0
        let limit = limits.maxCompressedBytes
        try withoutActuallyEscaping(output) { (output) throws(AppError) in
            let emit: (UnsafeRawBufferPointer) throws(AppError) -> Void = { (chunk) throws(AppError) in
                compressed += Int64(chunk.count)
                guard compressed <= limit else {
                    throw AppError(.bundleTooLarge, status: 413, "packed bundle is larger than \(limit) bytes")
                }
                sha.update(chunk)
                try output(chunk)
            }
            var tar = TarWriter { (chunk) throws(AppError) in try zstd.compress(chunk, emit: emit) }
            for item in tree.items {
                switch item.kind {
                case .directory: try tar.appendDirectory(item.path)
                case .file: try appendFile(item, to: &tar)
                }
                guard tar.bytesWritten <= limits.maxUncompressedBytes else { throw tooLarge() }
            }
            try tar.finish()
            guard tar.bytesWritten <= limits.maxUncompressedBytes else { throw tooLarge() }
            try zstd.finish(emit: emit)
            uncompressed = tar.bytesWritten
        }
        return PackResult(contentHash: ContentHash(digest: sha.finalize()), compressedSize: compressed,
                          uncompressedSize: uncompressed, entryCount: tree.items.count)
    }

    private func tooLarge() -> AppError {
        AppError(.bundleUncompressedTooLarge, status: 413, "source tree is larger than \(limits.maxUncompressedBytes) bytes")
    }

    private func appendFile(_ item: SourceTree.Item, to tar: inout TarWriter) throws(AppError) {
        let fd = open(item.fullPath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw BundleIO.error("open", item.fullPath) }
        defer { close(fd) }
        try tar.beginFile(item.path, size: item.size)
        var remaining = item.size
        let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: FileChunks.chunkSize, alignment: 16)
        defer { buf.deallocate() }
        while remaining > 0 {
            let n = read(fd, buf.baseAddress, Int(min(Int64(buf.count), remaining)))
            if n < 0 {
                if errno == EINTR { continue }
                throw BundleIO.error("read", item.fullPath)
            }
            guard n > 0 else {
                throw AppError(.bundleSourceInvalid, status: 400, "\(item.path): file shrank while it was being packed")
            }
            try tar.appendFileData(UnsafeRawBufferPointer(rebasing: buf[0..<n]))
            remaining -= Int64(n)
        }
        try tar.endFile()
    }
}
