import Synchronization

/// Wakes background loops early (a buffer reached its batch size, an event was posted). Any
/// number of tasks may wait at once; `signal` wakes all of them, and a signal while nobody waits
/// is remembered for the next waiter, so it is never lost. Every wait ends by its timeout at the
/// latest, and at once when its task is cancelled.
final class AsyncWakeup: Sendable {
    private struct State {
        var pending = false
        var nextID: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        /// Waits woken (by their timer or cancellation) before their continuation was stored.
        var woken: Set<UInt64> = []
    }

    private let state = Mutex(State())

    func signal() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            guard !s.waiters.isEmpty else {
                s.pending = true
                return []
            }
            defer { s.waiters.removeAll() }
            return Array(s.waiters.values)
        }
        for w in waiters { w.resume() }
    }

    /// Returns after a signal, after `timeout`, or at once when the task is cancelled.
    func wait(timeout: Duration) async {
        let id = state.withLock { s -> UInt64 in
            s.nextID &+= 1
            return s.nextID
        }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            guard !Task.isCancelled else { return }
            self?.wake(id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.pending || s.woken.remove(id) != nil {
                        s.pending = false
                        return true
                    }
                    s.waiters[id] = c
                    return false
                }
                if resumeNow { c.resume() }
            }
        } onCancel: {
            wake(id)
        }
        timer.cancel()
        state.withLock { _ = $0.woken.remove(id) }
    }

    /// Ends one wait (its timer or its cancellation).
    private func wake(_ id: UInt64) {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if let w = s.waiters.removeValue(forKey: id) { return w }
            s.woken.insert(id)
            return nil
        }
        waiter?.resume()
    }
}
