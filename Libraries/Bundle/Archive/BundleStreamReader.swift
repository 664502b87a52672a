import Shared

/// The one read path for `bundle.tar.zst` bytes, fed in chunks as they arrive (from a file, an
/// object-store download or an upload): it hashes the compressed bytes, enforces the compressed
/// cap, identifies the container (empty, plain tar, not zstd), decompresses exactly one zstd
/// frame and parses the tar stream, handing validated entries to `handler`.
///
/// Nothing is buffered beyond one zstd block and one tar header. Not thread-safe; after a
/// thrown error the reader must be discarded.
final class BundleStreamReader<Handler: BundleEntryHandler> {
    private static var zstdMagic: [UInt8] { [0x28, 0xB5, 0x2F, 0xFD] }
    /// Enough bytes to see the zstd magic, or the `ustar` magic of a plain tar header.
    private static var sniffLength: Int { 263 }

    private let limits: BundleLimits
    private let handler: Handler
    private let sha = SHA256()
    private let zstd = ZstdDecompressor(windowLogMax: BundleLimits.zstdWindowLogMax)
    private let tar: TarReader
    private var prefix: [UInt8] = []
    private var isZstd = false
    private(set) var compressedBytes: Int64 = 0

    init(limits: BundleLimits, handler: Handler) {
        self.limits = limits
        self.handler = handler
        tar = TarReader(limits: limits)
    }

    /// Decompressed bytes consumed so far.
    var uncompressedBytes: Int64 { tar.offset }
    var entryCount: Int { tar.entryCount }

    func feed(_ chunk: UnsafeRawBufferPointer) throws(AppError) {
        guard !chunk.isEmpty else { return }
        compressedBytes += Int64(chunk.count)
        guard compressedBytes <= limits.maxCompressedBytes else {
            throw AppError(.bundleTooLarge, status: 413, "bundle is larger than \(limits.maxCompressedBytes) bytes")
        }
        sha.update(chunk)
        if isZstd {
            try decompress(chunk)
            return
        }
        prefix.append(contentsOf: chunk)
        if prefix.count >= 4 && prefix.prefix(4).elementsEqual(Self.zstdMagic) {
            isZstd = true
            let buffered = prefix
            prefix = []
            try buffered.withBytes { (b) throws(AppError) in try decompress(b) }
        } else if prefix.count >= Self.sniffLength {
            throw notZstd()
        } else if prefix.count >= 4 && !looksLikeTarSoFar() {
            throw notZstd()
        }
    }

    /// Ends the stream: returns the content hash once the whole bundle was read and accepted.
    func finish() throws(AppError) -> ContentHash {
        guard compressedBytes > 0 else { throw AppError(.bundleEmpty, status: 400, "bundle is empty (0 bytes)") }
        guard isZstd else { throw notZstd() }
        try zstd.finish()
        try tar.finish()
        return ContentHash(digest: sha.finalize())
    }

    private func decompress(_ bytes: UnsafeRawBufferPointer) throws(AppError) {
        try zstd.decompress(bytes) { (out) throws(AppError) in try tar.feed(out, to: handler) }
    }

    /// A plain tar header can only be recognised at byte 257, so keep reading that far unless the
    /// bytes already rule it out (a tar header starts with a printable name or a NUL).
    private func looksLikeTarSoFar() -> Bool {
        prefix.first.map { $0 == 0 || (0x20..<0x7f).contains($0) } ?? true
    }

    private func notZstd() -> AppError {
        if prefix.count >= Self.sniffLength, prefix[257..<262].elementsEqual("ustar".utf8) {
            return AppError(.bundleNotCompressed, status: 400, "bundle is a plain tar; it must be zstd-compressed")
        }
        return AppError(.bundleNotZstd, status: 400, "bundle is not a zstd-compressed tar (bad magic)")
    }
}
