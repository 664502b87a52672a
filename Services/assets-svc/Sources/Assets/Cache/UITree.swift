import Bundle

#if canImport(Glibc)
import Glibc
#endif

/// An extracted `ui/` tree in the cache and its index. Files are served only if the index lists
/// them (so nothing planted in the cache later is ever found) and are opened relative to
/// `directoryFD` (`SafeOpen`), or answered from the bytes the index kept in memory
/// (`TreeFile.resident`). The descriptor is closed, and the resident bytes given back to the
/// budget, when the last reference goes away. Immutable, so safe to share between threads.
public final class UITree: Sendable {
    public let hash: ContentHash
    /// `<cache root>/<hex>/ui`, opened with `O_NOFOLLOW`; -1 for a bundle without a UI.
    public let directoryFD: Int32
    /// Relative path below `ui/` → file.
    public let files: [String: TreeFile]
    /// Bytes of the tree on disk (file sizes).
    public let bytes: Int64
    /// Bytes of the files kept in memory, reserved from `budget`.
    public let residentBytes: Int64
    private let budget: MemoryBudget?
    /// Its 304s and in-memory 200s, built on first use (`AssetResponder`).
    let answers = PreparedAnswers()

    init(hash: ContentHash, directoryFD: Int32, files: [String: TreeFile], budget: MemoryBudget? = nil) {
        self.hash = hash
        self.directoryFD = directoryFD
        self.files = files
        self.budget = budget
        bytes = files.values.reduce(0) { $0 + $1.size }
        residentBytes = files.values.reduce(0) { $0 + Int64($1.resident?.count ?? 0) }
        if residentBytes > 0, budget == nil { preconditionFailure("BUG in UITree: resident files without a budget") }
    }

    deinit {
        if directoryFD >= 0 { close(directoryFD) }
        if residentBytes > 0 { budget?.release(residentBytes) }
    }
}
