/// Caps applied to every archive the library reads (publish, download, extraction) and writes
/// (packing refuses to produce a bundle it would itself refuse). docs/bundle-format.md lists the
/// defaults and the error code each cap produces.
public struct BundleLimits: Sendable, Equatable {
    /// Bytes of the compressed `bundle.tar.zst` (`bundle_too_large`).
    public var maxCompressedBytes: Int64
    /// Bytes of decompressed tar stream, headers and padding included (`bundle_uncompressed_too_large`).
    /// Extraction never starts writing an entry that would cross it.
    public var maxUncompressedBytes: Int64
    /// Tar entries, directories included (`bundle_too_many_entries`).
    public var maxEntries: Int
    /// Bytes of an entry path (`bundle_path_too_long`).
    public var maxPathBytes: Int
    /// Segments of an entry path, the file name included (`bundle_path_too_deep`).
    public var maxPathDepth: Int

    public init(maxCompressedBytes: Int64 = 100 << 20, maxUncompressedBytes: Int64 = 512 << 20,
                maxEntries: Int = 10_000, maxPathBytes: Int = 255, maxPathDepth: Int = 16) {
        self.maxCompressedBytes = maxCompressedBytes
        self.maxUncompressedBytes = maxUncompressedBytes
        self.maxEntries = maxEntries
        self.maxPathBytes = maxPathBytes
        self.maxPathDepth = maxPathDepth
    }

    public static let `default` = BundleLimits()

    /// zstd decoder window cap (2^24 = 16 MiB of decoder memory per stream). Level 19 uses 2^23.
    static let zstdWindowLogMax: Int32 = 24
    /// Size cap for one pax extended header or GNU long-name record.
    static let maxExtendedHeaderBytes: Int64 = 64 << 10
}
