import Shared
import Synchronization

/// A bounded pool of connections, each owned by its own thread (`ConnectionWorker`). Connections
/// open lazily, are health-checked after idling and are replaced when lost. Callers beyond
/// `maxConnections` wait in FIFO order up to `acquireTimeout`.
///
/// All work goes through `withTransaction`, which scopes every statement to one tenant (or to
/// none) for exactly one transaction.
public final class PostgresPool: Sendable {
    public let configuration: PostgresConfiguration
    let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var idle: [ConnectionWorker] = []
        var all: [ConnectionWorker] = []
        /// Slots claimed by callers that are creating a worker right now (counted against the bound).
        var creating = 0
        var nextWorkerID = 0
        var waiters: [(id: UInt64, continuation: CheckedContinuation<ConnectionWorker, any Error>)] = []
        var nextWaiterID: UInt64 = 0
        var closed = false
    }

    public init(configuration: PostgresConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Connections opened so far (≤ maxConnections) and those idle now.
    public var stats: (open: Int, idle: Int, waiting: Int) {
        state.withLock { ($0.all.count, $0.idle.count, $0.waiters.count) }
    }

    /// Fails waiters, stops every worker thread and closes its connection. Transactions still
    /// running finish their queued statements first.
    public func close() {
        let (workers, waiters) = state.withLock { s in
            s.closed = true
            defer { s.waiters.removeAll(); s.idle.removeAll() }
            return (s.all, s.waiters)
        }
        for w in waiters { w.continuation.resume(throwing: Self.closedError()) }
        for w in workers { w.stop() }
    }

    deinit { state.withLock { $0.all }.forEach { $0.stop() } }

    // MARK: acquire / release

    private enum Acquired {
        case worker(ConnectionWorker)
        case create(Int)
        case wait
        case overloaded
        case closed
    }

    func acquire() async throws -> ConnectionWorker {
        let decision: Acquired = state.withLock { s in
            if s.closed { return .closed }
            if let w = s.idle.popLast() { return .worker(w) }
            if s.all.count + s.creating < configuration.maxConnections {
                s.creating += 1
                s.nextWorkerID += 1
                return .create(s.nextWorkerID)
            }
            if s.waiters.count >= configuration.maxWaiters { return .overloaded }
            return .wait
        }
        switch decision {
        case .worker(let w): return w
        case .closed: throw Self.closedError()
        case .overloaded:
            throw AppError(.overloaded, status: 503, "database pool overloaded: too many waiting requests")
        case .create(let n):
            let w = ConnectionWorker(id: n, configuration: configuration, logger: logger)
            let added = state.withLock { s -> Bool in
                s.creating -= 1
                guard !s.closed else { return false }
                s.all.append(w)
                return true
            }
            guard added else {
                w.stop()
                throw Self.closedError()
            }
            return w
        case .wait:
            return try await waitForWorker()
        }
    }

    private func waitForWorker() async throws -> ConnectionWorker {
        let id = state.withLock { s -> UInt64 in
            s.nextWaiterID += 1
            return s.nextWaiterID
        }
        let timeout = configuration.acquireTimeout
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            guard !Task.isCancelled else { return }
            self?.failWaiter(id, AppError(.unavailable, status: 503,
                                          "no database connection became free within \(timeout)"))
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (cont: CheckedContinuation<ConnectionWorker, any Error>) in
                let immediate: Result<ConnectionWorker, any Error>? = state.withLock { s in
                    if s.closed { return .failure(Self.closedError()) }
                    if let w = s.idle.popLast() { return .success(w) }
                    s.waiters.append((id, cont))
                    return nil
                }
                if let immediate { cont.resume(with: immediate) }
            }
        } onCancel: {
            failWaiter(id, CancellationError())
        }
    }

    private func failWaiter(_ id: UInt64, _ error: any Error) {
        let waiter = state.withLock { s -> CheckedContinuation<ConnectionWorker, any Error>? in
            guard let i = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return s.waiters.remove(at: i).continuation
        }
        waiter?.resume(throwing: error)
    }

    /// Hands the worker to the longest waiter, or back to the idle list.
    func release(_ worker: ConnectionWorker) {
        let waiter = state.withLock { s -> CheckedContinuation<ConnectionWorker, any Error>? in
            if s.closed {
                return nil
            }
            if !s.waiters.isEmpty { return s.waiters.removeFirst().continuation }
            s.idle.append(worker)
            return nil
        }
        waiter?.resume(returning: worker)
    }

    static func closedError() -> AppError {
        AppError(.unavailable, status: 503, "database pool is closed")
    }
}
