import Postgres
import Shared

/// Keeps the change feed bounded: every `interval`, deletes changes older than `retainDays`
/// (always keeping the newest, `alga_prune_change_seq`), so a consumer away longer than that gets
/// `resync: true` instead of a gap. As a `Service` it runs for the life of the process.
struct ChangeRetention: Service {
    let database: RegistryDatabase
    let retainDays: Int
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled {
            do {
                let deleted = try await pruneOnce()
                if deleted > 0 { logger.info("change feed pruned", ["changes.deleted": .int(Int64(deleted))]) }
            } catch {
                logger.warning("change feed pruning failed", ["error": .string(AppError.wrapping(error).message)])
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// Deletes what is past retention now; returns how many changes went.
    func pruneOnce() async throws -> Int {
        try await database.pool.withTransaction(tenant: nil) { [retainDays] tx in
            try await tx.query("SELECT alga_prune_change_seq(make_interval(days => $1)) AS n", [.int(retainDays)])
                .single().decode("n", as: Int.self)
        }
    }
}
