/// One file of an extracted UI tree, as indexed when the tree was loaded.
public struct TreeFile: Sendable, Equatable {
    public let size: Int64
    /// Strong validator: the quoted first 128 bits of the file's SHA-256, in hex.
    public let etag: String
    public let contentType: String
    /// Whether `<path>.br` / `<path>.gz` exist in the tree (precompressed variants).
    public var hasBrotli = false
    public var hasGzip = false
    /// The file's bytes, exactly those hashed for `etag`, when the tree keeps the file in memory
    /// (at most `AssetResponder.inlineBodyLimit` bytes, within the process's `MemoryBudget`);
    /// nil when it is served from disk.
    public var resident: [UInt8]?
}
