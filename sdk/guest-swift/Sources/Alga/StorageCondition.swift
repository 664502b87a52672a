/// The compare-and-set condition of a storage write.
public enum StorageCondition {
    /// Write whatever the current revision is.
    case any
    /// Write only if the key does not exist.
    case absent
    /// Write only if the current revision is exactly this one.
    case revision(UInt64)

    var wireValue: Int64 {
        switch self {
        case .any: return -1
        case .absent: return 0
        case .revision(let revision): return Int64(truncatingIfNeeded: revision)
        }
    }
}
