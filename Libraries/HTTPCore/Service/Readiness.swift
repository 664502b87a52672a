import Shared
import Synchronization

/// Re-evaluates a service's readiness checks in the background so `/readyz` answers from a
/// snapshot (inline, no waiting). Not ready until the first round finished; a failing
/// dependency makes the service unready, never makes it exit. As a `Service` it loops until
/// cancelled.
public final class Readiness: Service, Sendable {
    public struct Snapshot: Sendable, Equatable {
        /// Each check's result in check order: nil = ok, else the reason.
        public var results: [String: String?]
        public var order: [String]
        public var evaluated: Bool

        public var isReady: Bool { evaluated && results.values.allSatisfy { $0 == nil } }

        /// `name: reason` of every failing check, in check order.
        public var failures: [(name: String, reason: String)] {
            order.compactMap { name in results[name].flatMap { $0 }.map { (name, $0) } }
        }
    }

    public let checks: [ReadinessCheck]
    private let interval: Duration
    private let retryInterval: Duration
    private let timeout: Duration
    private let logger: Logger
    private let state: Mutex<Snapshot>

    /// - Parameters:
    ///   - interval: time between rounds while ready.
    ///   - retryInterval: time between rounds while not ready (so start-up converges quickly).
    public init(checks: [ReadinessCheck], interval: Duration = .seconds(2), retryInterval: Duration = .milliseconds(250),
                timeout: Duration = .seconds(2), logger: Logger) {
        self.checks = checks
        self.interval = interval
        self.retryInterval = retryInterval
        self.timeout = timeout
        self.logger = logger
        state = Mutex(Snapshot(results: [:], order: checks.map(\.name), evaluated: false))
    }

    public var snapshot: Snapshot { state.withLock { $0 } }

    public func run() async throws {
        while !Task.isCancelled {
            await evaluate()
            try? await Task.sleep(for: snapshot.isReady ? interval : retryInterval)
        }
    }

    /// Runs every check once (concurrently, each bounded by the timeout) and publishes the result.
    public func evaluate() async {
        let timeout = self.timeout
        let results = await withTaskGroup(of: (String, String?).self) { group in
            for c in checks {
                group.addTask { (c.name, await Self.run(c, timeout: timeout)) }
            }
            var out: [String: String?] = [:]
            for await (name, reason) in group { out[name] = .some(reason) }
            return out
        }
        let (was, now) = state.withLock { s -> (Snapshot, Snapshot) in
            let old = s
            s.results = results
            s.evaluated = true
            return (old, s)
        }
        if was.isReady != now.isReady || !was.evaluated {
            if now.isReady {
                logger.info("ready")
            } else {
                logger.warning("not ready", ["readiness.failures": .string(Self.describe(now.failures))])
            }
        }
    }

    /// The check's reason, or a timeout reason if it takes longer than `timeout`. A check that
    /// hangs is left behind (and cancelled) rather than awaited, so one stuck dependency cannot
    /// freeze the readiness loop.
    private static func run(_ check: ReadinessCheck, timeout: Duration) async -> String? {
        let answered = ClaimFlag()
        let work = Mutex<Task<Void, Never>?>(nil)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (cont: CheckedContinuation<String?, Never>) in
                let finish = { @Sendable (reason: String?) in
                    if answered.claim() { cont.resume(returning: reason) }
                }
                work.withLock {
                    $0 = Task {
                        let reason = await check.check()
                        finish(reason)
                    }
                }
                Task {
                    try? await Task.sleep(for: timeout)
                    finish("check timed out")
                }
                if Task.isCancelled { finish("shutting down") }
            }
        } onCancel: {
            work.withLock { $0?.cancel() }
        }
    }

    static func describe(_ failures: [(name: String, reason: String)]) -> String {
        failures.map { "\($0.name): \($0.reason)" }.joined(separator: "; ")
    }
}
