import Foundation
import Shared

/// A dedicated thread that owns one connection. libpq calls block, so they run here and never on
/// the Swift cooperative pool; callers `await` the result of each job.
///
/// Thread-safety: the job queue is guarded by `condition`; `connection` and `lastUsed` are touched
/// only by jobs, i.e. only on the worker's thread.
final class ConnectionWorker: @unchecked Sendable {
    let id: Int
    private let configuration: PostgresConfiguration
    private let logger: Logger
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var stopping = false

    private var connection: PostgresConnection?
    private var lastUsed = ContinuousClock.now

    init(id: Int, configuration: PostgresConfiguration, logger: Logger) {
        self.id = id
        self.configuration = configuration
        self.logger = logger
        let thread = Thread { [self] in loop() }
        thread.name = "postgres-\(id)"
        thread.start()
    }

    /// Runs `body` on the worker's thread. A `PostgresError` with `connectionLost` drops the
    /// connection so that the next job reconnects.
    func run<T: Sendable>(_ body: @escaping @Sendable (ConnectionWorker) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (cont: CheckedContinuation<T, any Error>) in
            let accepted = enqueue { [self] in
                do {
                    let value = try body(self)
                    lastUsed = .now
                    cont.resume(returning: value)
                } catch {
                    if let e = error as? PostgresError, e.connectionLost { discardConnection() }
                    cont.resume(throwing: error)
                }
            }
            if !accepted {
                cont.resume(throwing: PostgresError(sqlState: nil, message: "connection pool is closed",
                                                    connectionLost: true))
            }
        }
    }

    /// Finishes queued jobs, closes the connection and ends the thread.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    // MARK: on the worker thread only

    /// The open connection, connecting (or reconnecting) as needed. With `healthCheck`, a
    /// connection idle longer than `healthCheckAfterIdle` is probed first and replaced if dead.
    func connection(healthCheck: Bool) throws(PostgresError) -> PostgresConnection {
        if let c = connection, c.isUsable {
            guard healthCheck, ContinuousClock.now - lastUsed > configuration.healthCheckAfterIdle else { return c }
            do {
                _ = try c.script("SELECT 1")
                return c
            } catch {
                logger.info("postgres connection failed its health check; reconnecting",
                            ["db.worker": .int(Int64(id)), "db.error": .string(error.description)])
            }
        }
        discardConnection()
        let c = try PostgresConnection(configuration: configuration, logger: logger)
        logger.debug("postgres connected", ["db.worker": .int(Int64(id)), "db.url": .string(configuration.redactedURL),
                                            "db.backend_pid": .int(Int64(c.backendPID))])
        connection = c
        lastUsed = .now
        return c
    }

    /// The current connection if there is one (no connect attempt).
    var currentConnection: PostgresConnection? { connection }

    func discardConnection() {
        connection?.close()
        connection = nil
    }

    // MARK: thread

    private func enqueue(_ job: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping else { return false }
        jobs.append(job)
        condition.signal()
        return true
    }

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                break
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
        discardConnection()
    }
}
