import Bundle

#if canImport(Glibc)
import Glibc
#endif

/// An extracted `ui/` tree in the cache and its index. Files are served only if the index lists
/// them (so nothing planted in the cache later is ever found) and are opened relative to
/// `directoryFD` (`SafeOpen`). The descriptor is closed when the last reference goes away.
/// Immutable, so safe to share between threads.
public final class UITree: Sendable {
    public let hash: ContentHash
    /// `<cache root>/<hex>/ui`, opened with `O_NOFOLLOW`; -1 for a bundle without a UI.
    public let directoryFD: Int32
    /// Relative path below `ui/` → file.
    public let files: [String: TreeFile]
    /// Bytes of the tree on disk (file sizes).
    public let bytes: Int64

    init(hash: ContentHash, directoryFD: Int32, files: [String: TreeFile]) {
        self.hash = hash
        self.directoryFD = directoryFD
        self.files = files
        bytes = files.values.reduce(0) { $0 + $1.size }
    }

    deinit {
        if directoryFD >= 0 { close(directoryFD) }
    }
}
