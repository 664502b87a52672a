/// What an extraction did.
public struct ExtractionResult: Sendable, Equatable {
    public var contentHash: ContentHash
    /// False when another extraction published the same target first; the tree at the target is
    /// then that other extraction's (identical, content-addressed) result.
    public var published: Bool
    public var filesWritten: Int
    public var bytesWritten: Int64
    /// Entries read and validated, including those outside the subtree.
    public var entriesRead: Int
}
