import HTTPCore
import Postgres
import Shared

/// Keeps the database pools for the life of the process and closes them at shutdown (after
/// the HTTP server, which the service group stops first); its readiness check runs `SELECT 1`.
struct DatabaseService: Service {
    let database: RegistryDatabase

    func run() async throws {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self)
        await withTaskCancellationHandler {
            for await _ in stream {}
        } onCancel: {
            continuation.finish()
        }
        database.close()
    }

    static func check(_ database: RegistryDatabase) -> ReadinessCheck {
        ReadinessCheck("database") {
            do {
                try await database.pool.withTransaction(tenant: nil, readOnly: true) { tx in
                    _ = try await tx.query("SELECT 1")
                }
                return nil
            } catch {
                return "database unavailable: \(AppError.wrapping(error).code)"
            }
        }
    }
}
