import Synchronization

/// What the network threads, the disconnect watcher and the metric callbacks share: request
/// and connection counts and the registry of suspended requests. Separate from `ServerCore`
/// so that none of them holds a weak reference to the core (weakly referenced objects take
/// the slow reference-counting path on every retain, and the core is retained per callback).
final class ServerState: Sendable {
    struct Suspended {
        var stopping = false
        var byToken: [UInt64: RequestContext] = [:]
    }

    let inFlight = Atomic<Int>(0)
    let openConnections = Atomic<Int>(0)
    let suspended = Mutex(Suspended())
    let clientDisconnects: Counter

    init(clientDisconnects: Counter) { self.clientDisconnects = clientDisconnects }

    /// Requests suspended at least this long are watched for a hang-up (`DisconnectWatcher`).
    static let watchAfterNanoseconds: UInt64 = 10_000_000

    /// The watcher's tick: registers every suspended request that has run for
    /// `watchAfterNanoseconds` and is not watched yet. Returns whether any request is suspended.
    func watchLongRunning(_ watcher: DisconnectWatcher) -> Bool {
        let now = MonotonicClock.nanoseconds()
        let (due, any) = suspended.withLock { s -> ([RequestContext], Bool) in
            (s.byToken.values.filter { now &- $0.startNanos >= Self.watchAfterNanoseconds }, !s.byToken.isEmpty)
        }
        for ctx in due where ctx.socketFD >= 0 {
            ctx.handoff.withLock { h in
                // Only while suspended and unanswered: `complete` unwatches under this lock, so a
                // descriptor is never added after its connection was resumed.
                guard h.suspended, !h.watched, case .pending = h.outcome else { return }
                watcher.watch(fd: ctx.socketFD, token: ctx.token)
                h.watched = true
            }
        }
        return any
    }

    /// The disconnect watcher saw the peer of suspended request `token` hang up: cancel its task
    /// (or a pooled handler's `RequestCancellation`).
    func clientDisconnected(_ token: UInt64) {
        guard let ctx = suspended.withLock({ $0.byToken[token] }) else { return }
        let (first, cancellation) = ctx.handoff.withLock { h -> (Bool, RequestCancellation?) in
            guard !h.clientGone else { return (false, nil) }
            h.clientGone = true
            if let t = h.task { t.cancel() } else { h.cancelRequested = true }
            return (true, h.cancellation)
        }
        cancellation?.cancel()
        if first { clientDisconnects.inc() }
    }
}
