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

    /// The disconnect watcher saw the peer of suspended request `token` hang up: cancel its task.
    func clientDisconnected(_ token: UInt64) {
        guard let ctx = suspended.withLock({ $0.byToken[token] }) else { return }
        let first = ctx.handoff.withLock { h -> Bool in
            guard !h.clientGone else { return false }
            h.clientGone = true
            if let t = h.task { t.cancel() } else { h.cancelRequested = true }
            return true
        }
        if first { clientDisconnects.inc() }
    }
}
