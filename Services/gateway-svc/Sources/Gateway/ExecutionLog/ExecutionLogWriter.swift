import HTTPCore
import Postgres
import Shared
import Synchronization

/// Writes execution-log rows asynchronously: requests only append to a bounded in-memory
/// buffer; a background loop inserts them in batches (one multi-row INSERT per tenant
/// transaction, as row-level security requires). A database outage never blocks requests: rows
/// wait in the buffer and are retried with backoff. Beyond `capacity` rows, new rows are dropped
/// and counted in `gateway_execution_log_dropped_total` (docs/gateway.md, "Execution log").
final class ExecutionLogWriter: Service, Sendable {
    private struct Buffer {
        var rows: [ExecutionRecord] = []
    }

    private let buffer = LockedBox(Buffer())
    private let pool: PostgresPool?
    private let capacity: Int
    private let batchSize: Int
    private let flushInterval: Duration
    private let logger: Logger
    private let wake = AsyncWakeup()
    let written: Counter
    let dropped: Counter
    let failures: Counter

    init(pool: PostgresPool?, settings: StorageSettings, metrics: MetricsRegistry, logger: Logger) {
        self.pool = pool
        capacity = settings.executionLogBuffer
        batchSize = settings.executionLogBatch
        flushInterval = .milliseconds(settings.executionLogFlushMs)
        self.logger = logger
        written = metrics.counter("gateway_execution_log_written_total", help: "Execution-log rows written to the database.")
        dropped = metrics.counter("gateway_execution_log_dropped_total",
                                  help: "Execution-log rows dropped because the buffer was full (database unavailable too long).")
        failures = metrics.counter("gateway_execution_log_flush_failures_total", help: "Execution-log batches that failed and were kept.")
        let b = buffer
        metrics.gauge("gateway_execution_log_buffered", help: "Execution-log rows waiting for the database.") {
            Double(b.withLock { $0.rows.count })
        }
    }

    /// Queues one row (never waits). Without a database the row is dropped silently.
    func append(_ record: ExecutionRecord) {
        guard pool != nil else { return }
        let (accepted, count) = buffer.withLock { b -> (Bool, Int) in
            guard b.rows.count < capacity else { return (false, b.rows.count) }
            b.rows.append(record)
            return (true, b.rows.count)
        }
        if !accepted { dropped.inc() } else if count >= batchSize { wake.signal() }
    }

    var buffered: Int { buffer.withLock { $0.rows.count } }

    func run() async throws {
        var backoff = Duration.zero
        while !Task.isCancelled {
            await wake.wait(timeout: backoff > .zero ? backoff : flushInterval)
            backoff = await flush() ? .zero : min(max(backoff * 2, .milliseconds(250)), .seconds(10))
        }
        _ = await flush()
    }

    /// Writes everything buffered now; false when some batch failed (its rows stay buffered).
    @discardableResult
    func flush() async -> Bool {
        guard let pool else { return true }
        let rows = buffer.withLock { b -> [ExecutionRecord] in
            defer { b.rows.removeAll(keepingCapacity: true) }
            return b.rows
        }
        guard !rows.isEmpty else { return true }
        var failed: [ExecutionRecord] = []
        for (tenant, tenantRows) in Dictionary(grouping: rows, by: \.tenantID) {
            var start = 0
            while start < tenantRows.count {
                let batch = Array(tenantRows[start..<min(start + batchSize, tenantRows.count)])
                start += batch.count
                do {
                    try await insert(pool, tenant: tenant, batch)
                    written.add(UInt64(batch.count))
                } catch {
                    failures.inc()
                    failed += batch
                    logger.notice("execution log batch failed; rows kept", ["ext.tenant_id": .string(tenant),
                                                                            "db.rows": .int(Int64(batch.count)),
                                                                            "error": .string(AppError.wrapping(error).message)])
                }
            }
        }
        guard !failed.isEmpty else { return true }
        // Back in front of newer rows, within the bound (the oldest beyond it are dropped).
        buffer.withLock { b in
            let room = max(0, capacity - b.rows.count)
            let keep = failed.suffix(room)
            if keep.count < failed.count { dropped.add(UInt64(failed.count - keep.count)) }
            b.rows.insert(contentsOf: keep, at: 0)
        }
        return false
    }

    private func insert(_ pool: PostgresPool, tenant: String, _ rows: [ExecutionRecord]) async throws {
        let width = ExecutionRecord.columns.count
        var values: [String] = []
        var params: [PostgresValue] = []
        params.reserveCapacity(rows.count * width)
        for r in rows {
            let n = params.count
            values.append("(to_timestamp($\(n + 1)::bigint / 1e6), $\(n + 2), $\(n + 3), $\(n + 4), $\(n + 5)::uuid, $\(n + 6)::uuid, "
                + "$\(n + 7)::uuid, $\(n + 8), $\(n + 9), $\(n + 10), $\(n + 11), $\(n + 12)::smallint, $\(n + 13), "
                + "$\(n + 14)::bigint, $\(n + 15)::bigint, $\(n + 16)::bigint, $\(n + 17)::bigint, $\(n + 18)::bigint, $\(n + 19)::integer, $\(n + 20)::jsonb)")
            let u = r.usage
            params += [.int(r.startedAtMicros), .text(r.tenantID), .text(r.requestID), .optional(r.correlationID),
                       .optional(r.registryID), .optional(r.installID), .optional(r.versionID), .optional(r.contentHash),
                       .text(r.trigger.rawValue), .optional(r.endpointMethod), .optional(r.endpointPath), .int(r.httpStatus),
                       .optional(r.errorCode), .int(r.durationMicros), Self.int(u?.cpuUs), Self.int(u?.memoryPeakBytes),
                       Self.int(u?.fuelUsed), Self.int(u?.egressBytes), Self.int(u?.hostCalls),
                       r.guestLogsJSON.map { .jsonb($0) } ?? .null]
        }
        let sql = "INSERT INTO extension_execution_log (\(ExecutionRecord.columns.joined(separator: ", "))) VALUES "
            + values.joined(separator: ", ")
        try await pool.withTransaction(tenant: tenant) { tx in try await tx.execute(sql, params) }
    }

    private static func int(_ v: UInt64?) -> PostgresValue {
        v.map { .int(Int64(clamping: $0)) } ?? .null
    }
}
