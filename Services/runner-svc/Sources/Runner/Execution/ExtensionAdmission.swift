import Synchronization

/// The per-(tenant, extension) concurrency cap of one runner process
/// (`RUNNER_EXTENSION_CONCURRENCY`): one extension of one tenant holds at most `limit` of the
/// pod's execution slots, so a hot or slow extension (a handler waiting on a slow upstream)
/// cannot starve every other tenant of the pod. The next request is refused at once (503
/// `overloaded`), never queued. Time-window quotas are the gateway's.
///
/// Thread-safety: each key has a `Slot` whose count is atomic; the table of slots is behind a
/// lock held only for one lookup by a precomputed hash (every execution passes here, so a
/// preempted lock holder must not stall the others for long), and `leave` takes no lock.
/// Slots stay in the table: one per (tenant, extension) this pod has run, which the registry's
/// installs bound (requests come from the gateway with the service token).
final class ExtensionAdmission: Sendable {
    struct Key: Hashable, Sendable {
        let tenant: String
        let extensionID: String
        private let hash: Int

        init(tenant: String, extensionID: String) {
            self.tenant = tenant
            self.extensionID = extensionID
            var hasher = Hasher()
            hasher.combine(tenant)
            hasher.combine(extensionID)
            hash = hasher.finalize()
        }

        func hash(into hasher: inout Hasher) { hasher.combine(hash) }

        static func == (a: Key, b: Key) -> Bool {
            a.hash == b.hash && a.tenant == b.tenant && a.extensionID == b.extensionID
        }
    }

    /// The executions running now for one key.
    final class Slot: Sendable {
        fileprivate let running = Atomic<Int>(0)
    }

    let limit: Int
    private let slots = Mutex<[Key: Slot]>([:])

    init(limit: Int) {
        precondition(limit > 0, "BUG in ExtensionAdmission: limit must be positive")
        self.limit = limit
    }

    /// The key's slot, taken, if fewer than `limit` executions hold it; pass it to `leave`.
    func tryEnter(_ key: Key) -> Slot? {
        let slot = slots.withLock { table in
            if let slot = table[key] { return slot }
            let slot = Slot()
            table[key] = slot
            return slot
        }
        var current = slot.running.load(ordering: .relaxed)
        while current < limit {
            let (exchanged, original) = slot.running.compareExchange(expected: current, desired: current + 1,
                                                                     ordering: .acquiringAndReleasing)
            if exchanged { return slot }
            current = original
        }
        return nil
    }

    func leave(_ slot: Slot) {
        let before = slot.running.subtract(1, ordering: .releasing).oldValue
        guard before > 0 else { preconditionFailure("BUG in ExtensionAdmission: leave without enter") }
    }

    /// Executions running now for `key`.
    func inUse(_ key: Key) -> Int { slots.withLock { $0[key] }?.running.load(ordering: .relaxed) ?? 0 }
}
