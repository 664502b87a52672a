import Synchronization

/// "This request no longer needs an answer": fired by the server when the client hangs up while
/// the request's handler runs, or when shutdown gives up on it. A pooled handler (which runs
/// outside any Swift task, so task cancellation cannot reach it) registers what stops its work.
/// Thread-safety: safe from any thread; hooks run once, on the thread that cancels (or on the
/// registering thread when the request was already cancelled).
public final class RequestCancellation: Sendable {
    private struct State {
        var cancelled = false
        var hooks: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())

    public init() {}

    public var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Runs `hook` when the request is cancelled; at once if it already was.
    public func onCancel(_ hook: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { s -> Bool in
            if s.cancelled { return true }
            s.hooks.append(hook)
            return false
        }
        if runNow { hook() }
    }

    /// Marks the request cancelled and runs the registered hooks (once; later calls do nothing).
    public func cancel() {
        let hooks = state.withLock { s -> [@Sendable () -> Void] in
            if s.cancelled { return [] }
            s.cancelled = true
            defer { s.hooks = [] }
            return s.hooks
        }
        for hook in hooks { hook() }
    }
}
