/// What a bundle may contain: regular files and directories, nothing else.
public enum BundleEntryKind: String, Sendable, Equatable {
    case file
    case directory
}

/// One validated archive entry as the reader hands it to a handler.
public struct BundleEntry: Sendable, Equatable {
    /// Validated relative path (see `BundlePath`), without a trailing `/`.
    public var path: String
    public var kind: BundleEntryKind
    /// Data bytes; 0 for directories.
    public var size: Int64

    public init(path: String, kind: BundleEntryKind, size: Int64) {
        self.path = path
        self.kind = kind
        self.size = size
    }
}
