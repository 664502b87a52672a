import Shared
import Synchronization

/// A bounded set of threads for work that blocks (Wasm execution, libpq calls, file hashing),
/// so it never runs on the server's network threads or Swift's cooperative pool.
///
/// `run { ... }` queues the closure and suspends the calling task until a worker ran it. At most
/// `queueLimit` jobs wait; beyond that `run` throws 503 `overloaded` at once (with
/// `Retry-After`), so overload turns into fast rejections instead of growing latency. A queued
/// job whose task is cancelled is dropped without running. As a `Service`, the pool stops on
/// cancellation: it refuses new jobs, finishes the queued ones and joins its threads.
public final class BlockingPool: Service, Sendable {
    public let name: String
    public let threadCount: Int
    public let queueLimit: Int

    private let lock = ConditionLock()
    private let state: StateBox
    private let queueGauge: Gauge?
    private let busyGauge: Gauge?
    private let rejections: Counter?

    /// - Parameters:
    ///   - threads: worker threads (the concurrency limit for blocking work).
    ///   - queueLimit: jobs allowed to wait for a free worker.
    ///   - metrics: where to publish `blocking_pool_*{pool="name"}`.
    public init(name: String, threads: Int, queueLimit: Int, metrics: MetricsRegistry? = nil) {
        guard threads > 0, queueLimit >= 0 else { preconditionFailure("BUG in BlockingPool: threads must be > 0") }
        self.name = name
        self.threadCount = threads
        self.queueLimit = queueLimit
        self.state = StateBox()
        queueGauge = metrics?.gaugeFamily("blocking_pool_queue_depth", help: "Jobs waiting for a blocking-pool worker.",
                                          labels: ["pool"]).labels(name)
        busyGauge = metrics?.gaugeFamily("blocking_pool_busy_threads", help: "Blocking-pool workers running a job.",
                                         labels: ["pool"]).labels(name)
        rejections = metrics?.counterFamily("blocking_pool_rejections_total",
                                            help: "Jobs refused because the blocking pool queue was full.",
                                            labels: ["pool"]).labels(name)
        let threads = (0..<threads).map { i in
            PosixThread.spawn(name: "\(name)-\(i)") { [lock, state, queueGauge, busyGauge] in
                Self.workerLoop(lock: lock, state: state, queueGauge: queueGauge, busyGauge: busyGauge)
            }
        }
        lock.withLock { state.threads = threads }
    }

    /// Jobs currently waiting for a worker.
    public var queueDepth: Int { lock.withLock { state.queue.count } }

    /// True once `shutdown()` began: new jobs are refused.
    public var isStopping: Bool { lock.withLock { state.stopping } }

    /// Runs `work` on a pool thread and returns its result (or rethrows its error).
    @discardableResult
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try Task.checkCancellation()
        let ticket = Ticket()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (cont: CheckedContinuation<T, any Error>) in
                let job = Job(ticket: ticket, run: {
                    do { cont.resume(returning: try work()) } catch { cont.resume(throwing: error) }
                }, drop: { error in cont.resume(throwing: error) })
                if let refusal = enqueue(job) { job.drop(refusal) }
            }
        } onCancel: {
            cancel(ticket)
        }
    }

    /// Queues `work` for a worker without waiting for it; for callers outside Swift concurrency
    /// (the HTTP server's network threads hand pooled requests over with it). Returns the
    /// refusal instead when the pool is saturated (503 `overloaded`) or stopping (503
    /// `unavailable`). Accepted work always runs, also while a shutdown drains the queue.
    func submit(_ work: @escaping @Sendable () -> Void) -> AppError? {
        let job = Job(ticket: Ticket(), run: work, drop: { _ in
            preconditionFailure("BUG in BlockingPool: a submitted job was dropped")
        })
        guard let refusal = enqueue(job) else { return nil }
        guard let app = refusal as? AppError else {
            preconditionFailure("BUG in BlockingPool: submit refused with \(refusal)")
        }
        return app
    }

    /// `Service`: waits for cancellation, then drains and joins the workers.
    public func run() async throws {
        await waitUntilCancelled()
        shutdown()
    }

    /// Refuses new jobs, lets the workers finish every queued job, and joins them. Idempotent.
    public func shutdown() {
        let threads: [PosixThread] = lock.withLock {
            state.stopping = true
            lock.broadcast()
            defer { state.threads = [] }
            return state.threads
        }
        for t in threads { t.join() }
    }

    // MARK: internals

    private func enqueue(_ job: Job) -> (any Error)? {
        var wake = false
        let refusal: (any Error)? = lock.withLock {
            if state.stopping { return AppError(.unavailable, status: 503, "\(name) pool is shutting down") }
            if job.ticket.isCancelled { return CancellationError() }
            if state.queue.count >= queueLimit && state.idle == 0 {
                return AppError(.overloaded, status: 503, "\(name) pool is saturated; retry later",
                                headers: [("Retry-After", "1")])
            }
            state.queue.append(job)
            queueGauge?.set(Double(state.queue.count))
            wake = state.wakeOneIfNoneWaking()
            return nil
        }
        // Signalled after unlocking: a woken worker that runs at once (on the same core) must
        // not find the lock still held and sleep again.
        if wake { lock.signal() }
        if let refusal = refusal as? AppError, refusal.code == .overloaded { rejections?.inc() }
        if refusal == nil, job.ticket.isCancelled { cancel(job.ticket) }
        return refusal
    }

    private func cancel(_ ticket: Ticket) {
        ticket.markCancelled()
        let removed: Job? = lock.withLock {
            guard let i = state.queue.firstIndex(where: { $0.ticket === ticket }) else { return nil }
            let job = state.queue.remove(at: i)
            queueGauge?.set(Double(state.queue.count))
            return job
        }
        removed?.drop(CancellationError())
    }

    private static func workerLoop(lock: ConditionLock, state: StateBox, queueGauge: Gauge?, busyGauge: Gauge?) {
        while true {
            var wake = false
            let job: Job? = lock.withLock {
                while state.queue.isEmpty && !state.stopping {
                    state.idle += 1
                    lock.wait()
                    state.idle -= 1
                    if state.wakeups > 0 { state.wakeups -= 1 }
                }
                guard !state.queue.isEmpty else { return nil }
                let job = state.queue.removeFirst()
                queueGauge?.set(Double(state.queue.count))
                // More work waits: pass the wake-up on, so a long job never holds up the queue.
                if !state.queue.isEmpty { wake = state.wakeOneIfNoneWaking() }
                return job
            }
            if wake { lock.signal() }
            guard let job else { return }
            busyGauge?.inc()
            job.run()
            busyGauge?.dec()
        }
    }

    private struct Job {
        let ticket: Ticket
        let run: () -> Void
        let drop: (any Error) -> Void
    }

    /// Identifies one `run` call so cancellation can find its queued job.
    private final class Ticket: Sendable {
        private let cancelled = Atomic<Bool>(false)
        var isCancelled: Bool { cancelled.load(ordering: .acquiring) }
        func markCancelled() { cancelled.store(true, ordering: .releasing) }
    }

    /// Mutable pool state; every access holds `lock` (so no dynamic exclusivity checks).
    private final class StateBox: @unchecked Sendable {
        @exclusivity(unchecked) var queue: [Job] = []
        /// Workers waiting for a job.
        @exclusivity(unchecked) var idle = 0
        /// Signals sent to waiting workers that have not woken up yet (0 or 1, see below).
        @exclusivity(unchecked) var wakeups = 0

        /// Decides whether to wake a waiting worker: only when none is on its way already. A
        /// woken worker that finds more jobs queued behind the one it takes wakes the next, so
        /// workers are woken one at a time as long as work waits: on a busy (or single) core a
        /// running worker takes the following jobs itself instead of waking a thread for each.
        func wakeOneIfNoneWaking() -> Bool {
            guard wakeups == 0, idle > 0 else { return false }
            wakeups = 1
            return true
        }
        @exclusivity(unchecked) var stopping = false
        @exclusivity(unchecked) var threads: [PosixThread] = []
    }
}
