import Synchronization

/// An event that happens at most once (shutdown requested, server stopped). Any number of
/// tasks can wait for it; waiting after it fired returns at once. Safe from any thread.
public final class OneShotEvent: Sendable {
    private struct State {
        var fired = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    public init() {}

    public var hasFired: Bool { state.withLock { $0.fired } }

    /// Fires the event; returns false if it had already fired.
    @discardableResult
    public func fire() -> Bool {
        let waiters: [CheckedContinuation<Void, Never>]? = state.withLock { s in
            if s.fired { return nil }
            s.fired = true
            defer { s.waiters = [] }
            return s.waiters
        }
        guard let waiters else { return false }
        for w in waiters { w.resume() }
        return true
    }

    /// Returns once the event has fired. Not cancellable: use `waitUntilFiredOrCancelled()`
    /// when the waiting task's cancellation should end the wait.
    public func wait() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { s -> Bool in
                if s.fired { return true }
                s.waiters.append(c)
                return false
            }
            if resumeNow { c.resume() }
        }
    }
}

/// Suspends until the current task is cancelled (the `Service` shutdown signal).
public func waitUntilCancelled() async {
    let event = OneShotEvent()
    await withTaskCancellationHandler {
        await event.wait()
    } onCancel: {
        event.fire()
    }
}
