import Shared
import Synchronization

/// One open transaction on one pooled connection, scoped to one tenant (or to none). Valid only
/// inside the `withTransaction` closure that received it; statements run in call order.
///
/// Every method throws `AppError` (database errors mapped by `PostgresError.appError()`, the
/// original kept as `cause`).
public final class PostgresTransaction: Sendable {
    /// The tenant every statement of this transaction is limited to by row-level security.
    public let tenant: String?
    let worker: ConnectionWorker
    private let active = Mutex(true)

    init(worker: ConnectionWorker, tenant: String?) {
        self.worker = worker
        self.tenant = tenant
    }

    /// Runs a parameterized statement and returns its rows.
    public func query(_ sql: String, _ params: [PostgresValue] = []) async throws -> PostgresRows {
        let encoded = try EncodedParameters(params)
        return try await run { conn in try conn.query(sql, encoded) }
    }

    /// Runs a parameterized statement and returns the number of rows it affected.
    @discardableResult
    public func execute(_ sql: String, _ params: [PostgresValue] = []) async throws -> Int {
        try await query(sql, params).affectedRows
    }

    /// Runs a prepared statement (prepared on first use per connection) and returns its rows.
    public func query(_ statement: PreparedStatement, _ params: [PostgresValue] = []) async throws -> PostgresRows {
        let encoded = try EncodedParameters(params)
        return try await run { conn in try conn.query(statement, encoded) }
    }

    @discardableResult
    public func execute(_ statement: PreparedStatement, _ params: [PostgresValue] = []) async throws -> Int {
        try await query(statement, params).affectedRows
    }

    /// The server process id of this transaction's session (diagnostics and tests).
    public func backendPID() async throws -> Int32 {
        try await run { conn in conn.backendPID }
    }

    func end() { active.withLock { $0 = false } }

    private func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T)
        async throws -> T
    {
        guard active.withLock({ $0 }) else {
            preconditionFailure("BUG in caller: PostgresTransaction used after its withTransaction closure returned")
        }
        do {
            return try await worker.run { w in try body(try w.connection(healthCheck: false)) }
        } catch let e as PostgresError {
            throw e.appError()
        }
    }
}
