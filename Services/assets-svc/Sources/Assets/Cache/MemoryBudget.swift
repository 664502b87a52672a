import Synchronization

/// The bytes of small files that cached trees may keep in memory (`ASSETS_MEMORY_CACHE_BYTES`),
/// shared by every tree of the process. A tree reserves a file's bytes when it indexes the file
/// and gives them back when the tree goes away, so the total never exceeds `limit`.
public final class MemoryBudget: Sendable {
    public let limit: Int64
    private let used = Atomic<Int64>(0)

    public init(limit: Int64) {
        guard limit >= 0 else { preconditionFailure("BUG in MemoryBudget: negative limit \(limit)") }
        self.limit = limit
    }

    /// Bytes currently reserved.
    public var reserved: Int64 { used.load(ordering: .relaxed) }

    /// Reserves `bytes` if they fit under the limit.
    public func reserve(_ bytes: Int64) -> Bool {
        var current = used.load(ordering: .relaxed)
        while current + bytes <= limit {
            let (exchanged, original) = used.compareExchange(expected: current, desired: current + bytes, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    public func release(_ bytes: Int64) {
        let before = used.subtract(bytes, ordering: .relaxed).oldValue
        guard before >= bytes else { preconditionFailure("BUG in MemoryBudget: released \(bytes) of \(before) reserved") }
    }
}
