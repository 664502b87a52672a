import Synchronization

/// The runner's concurrency limit (Knative `containerConcurrency`): `tryEnter` admits at most
/// `limit` requests at once and refuses the next immediately. Thread-safety: lock-free.
final class Admission: Sendable {
    let limit: Int
    private let active = Atomic<Int>(0)

    init(limit: Int) {
        precondition(limit > 0, "BUG in Admission: limit must be positive")
        self.limit = limit
    }

    func tryEnter() -> Bool {
        var current = active.load(ordering: .relaxed)
        while current < limit {
            let (exchanged, original) = active.compareExchange(expected: current, desired: current + 1,
                                                               ordering: .acquiringAndReleasing)
            if exchanged { return true }
            current = original
        }
        return false
    }

    func leave() { active.subtract(1, ordering: .releasing) }

    var inUse: Int { active.load(ordering: .relaxed) }
}
