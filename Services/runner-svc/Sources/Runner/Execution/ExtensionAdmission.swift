import Synchronization

/// The per-(tenant, extension) concurrency cap of one runner process
/// (`RUNNER_EXTENSION_CONCURRENCY`): one extension of one tenant holds at most `limit` of the
/// pod's execution slots, so a hot or slow extension (a handler waiting on a slow upstream)
/// cannot starve every other tenant of the pod. The next request is refused at once (503
/// `overloaded`), never queued. Time-window quotas are the gateway's.
/// Thread-safety: one lock; entries disappear when their count returns to zero.
final class ExtensionAdmission: Sendable {
    struct Key: Hashable, Sendable {
        var tenant: String
        var extensionID: String
    }

    let limit: Int
    private let active = Mutex<[Key: Int]>([:])

    init(limit: Int) {
        precondition(limit > 0, "BUG in ExtensionAdmission: limit must be positive")
        self.limit = limit
    }

    func tryEnter(_ key: Key) -> Bool {
        active.withLock { counts in
            let n = counts[key, default: 0]
            guard n < limit else { return false }
            counts[key] = n + 1
            return true
        }
    }

    func leave(_ key: Key) {
        active.withLock { counts in
            guard let n = counts[key] else { preconditionFailure("BUG in ExtensionAdmission: leave without enter") }
            counts[key] = n > 1 ? n - 1 : nil
        }
    }

    /// Executions running now for `key`.
    func inUse(_ key: Key) -> Int { active.withLock { $0[key, default: 0] } }
}
