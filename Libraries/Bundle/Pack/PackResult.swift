/// What packing produced.
public struct PackResult: Sendable, Equatable {
    public var contentHash: ContentHash
    /// Bytes of `bundle.tar.zst`.
    public var compressedSize: Int64
    /// Bytes of the tar stream before compression.
    public var uncompressedSize: Int64
    public var entryCount: Int
}
