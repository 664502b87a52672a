/// One entry of a bundle's index.
public struct BundleIndexEntry: Sendable, Equatable {
    public var path: String
    public var kind: BundleEntryKind
    /// Data bytes; 0 for directories.
    public var size: Int64
    /// Lowercase hex SHA-256 of the file's bytes; nil for directories.
    public var sha256: String?

    public init(path: String, kind: BundleEntryKind, size: Int64, sha256: String?) {
        self.path = path
        self.kind = kind
        self.size = size
        self.sha256 = sha256
    }
}
