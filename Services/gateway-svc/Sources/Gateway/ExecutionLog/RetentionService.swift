import HTTPCore
import Postgres
import Shared

/// Retention of the gateway's tables, every `GATEWAY_RETENTION_INTERVAL_S` (and at start):
/// `alga_maintain_execution_log` creates the coming days' log partitions and drops whole days
/// older than the log retention; `alga_purge_gateway_rows` deletes, in bounded batches, expired
/// idempotency keys, old quota windows, finished old events and old rows of the log's default
/// partition. One replica at a time does it (a transaction-level advisory lock).
final class RetentionService: Service, Sendable {
    static let lockKey: Int64 = 4_242_011

    private let pool: PostgresPool
    private let settings: StorageSettings
    private let logger: Logger
    let runs: Counter

    init(pool: PostgresPool, settings: StorageSettings, metrics: MetricsRegistry, logger: Logger) {
        self.pool = pool
        self.settings = settings
        self.logger = logger
        runs = metrics.counter("gateway_retention_runs_total", help: "Retention passes over the gateway's tables.")
    }

    func run() async throws {
        while !Task.isCancelled {
            await runOnce()
            try? await Task.sleep(for: .seconds(settings.retentionIntervalSeconds))
        }
    }

    /// One pass; returns the rows (and partitions) removed per table, empty when another replica holds the lock.
    @discardableResult
    func runOnce() async -> [String: Int64] {
        var removed: [String: Int64] = [:]
        do {
            removed = try await pool.withTransaction(tenant: nil) { [settings] tx in
                var out: [String: Int64] = [:]
                guard try await tx.query("SELECT pg_try_advisory_xact_lock($1) AS locked", [.int(Self.lockKey)])
                    .single().decode("locked", as: Bool.self) else { return out }
                for row in try await tx.query("SELECT action, partition_name FROM alga_maintain_execution_log(7, $1::integer)",
                                              [.int(settings.executionLogRetentionDays)]) {
                    let action: String = try row.decode("action")
                    out["partitions_" + action, default: 0] += 1
                }
                for _ in 0..<100 {
                    var total: Int64 = 0
                    for row in try await tx.query("""
                        SELECT table_name, deleted FROM alga_purge_gateway_rows(make_interval(days => $1::integer),
                            make_interval(days => $2::integer), make_interval(days => $3::integer), 10000)
                        """, [.int(settings.executionLogRetentionDays), .int(settings.quotaRetentionDays),
                              .int(settings.eventRetentionDays)]) {
                        let n: Int64 = try row.decode("deleted")
                        out[try row.decode("table_name"), default: 0] += n
                        total += n
                    }
                    if total == 0 { break }
                }
                return out
            }
            runs.inc()
            if removed.values.contains(where: { $0 > 0 }) {
                logger.info("retention pass", removed.reduce(into: LogMetadata()) { $0["retention." + $1.key] = .int($1.value) })
            }
        } catch {
            logger.notice("retention pass failed", ["error": .string(AppError.wrapping(error).message)])
        }
        return removed
    }
}
