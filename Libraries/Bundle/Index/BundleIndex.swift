/// The list of a bundle's entries (path, size, sha256), in archive order, with the bundle's own
/// hash and sizes. The registry stores it beside the bundle (`index.json`) and in its database.
public struct BundleIndex: Sendable, Equatable {
    public static let format = "alga-bundle-index@1"

    public var contentHash: ContentHash
    /// Bytes of `bundle.tar.zst`.
    public var compressedSize: Int64
    /// Bytes of the decompressed tar stream (headers and padding included).
    public var uncompressedSize: Int64
    public var entries: [BundleIndexEntry]

    public init(contentHash: ContentHash, compressedSize: Int64, uncompressedSize: Int64,
                entries: [BundleIndexEntry]) {
        self.contentHash = contentHash
        self.compressedSize = compressedSize
        self.uncompressedSize = uncompressedSize
        self.entries = entries
    }

    /// The entry at `path` (no trailing `/`), if any.
    public func entry(at path: String) -> BundleIndexEntry? {
        entries.first { $0.path == path }
    }

    /// Files whose path starts with `prefix`.
    public func files(under prefix: String) -> [BundleIndexEntry] {
        entries.filter { $0.kind == .file && $0.path.hasPrefix(prefix) }
    }

    /// Sum of file sizes.
    public var totalFileBytes: Int64 { entries.reduce(0) { $0 + $1.size } }
}
