@testable import Postgres

/// Statements that cannot run inside a transaction (CREATE/DROP DATABASE), sent through the
/// pool's internals: the public API only offers transactions.
enum TestDDL {
    static func run(_ sql: String, on pool: PostgresPool) async throws {
        let worker = try await pool.acquire()
        defer { pool.release(worker) }
        do {
            _ = try await worker.run { w in try w.connection(healthCheck: true).script(sql) }
        } catch let e as PostgresError {
            throw e.appError()
        }
    }
}
