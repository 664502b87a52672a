import HTTPCore
import Postgres
import Shared
import Synchronization

/// Quota windows (minute, hour, day) per (tenant, extension), shared by every replica through
/// `extension_quota_usage`. Requests are checked and counted in memory; a background flush adds
/// the pending counts to the table in one statement per tenant (`INSERT … ON CONFLICT DO
/// UPDATE … RETURNING`) and takes the returned totals — which include the other replicas' counts —
/// as the new baseline. So replicas see each other's usage within one flush interval, and a
/// database outage only delays sharing (pending counts are kept and retried).
final class QuotaLedger: Service, Sendable {
    static let windows = [60, 3600, 86_400]

    struct WindowKey: Hashable, Sendable, Comparable {
        let tenant: String
        let registryID: String
        let seconds: Int
        let start: Int64

        static func < (a: WindowKey, b: WindowKey) -> Bool {
            (a.registryID, a.seconds, a.start) < (b.registryID, b.seconds, b.start)
        }
    }

    struct Slot: Sendable {
        var known = QuotaCounters.zero
        var pending = QuotaCounters.zero
        var lastActivity: Int64 = 0
    }

    private let slots = Mutex<[WindowKey: Slot]>([:])
    private let settings: QuotaSettings
    private let pool: PostgresPool?
    private let logger: Logger
    let refusals: Counter
    let flushFailures: Counter

    init(settings: QuotaSettings, pool: PostgresPool?, metrics: MetricsRegistry, logger: Logger) {
        self.settings = settings
        self.pool = pool
        self.logger = logger
        refusals = metrics.counter("gateway_quota_refusals_total", help: "Requests refused because a quota window was used up.")
        flushFailures = metrics.counter("gateway_quota_flush_failures_total", help: "Quota flushes that failed and will be retried.")
    }

    /// Throws 429 `quota_exceeded` (with `Retry-After` until the window ends) when any window of
    /// (tenant, extension) has reached a limit; otherwise counts one invocation.
    func admit(tenant: String, registryID: String, now: Int64 = Now.unixSeconds()) throws(AppError) {
        let refusal = slots.withLock { map -> AppError? in
            for seconds in Self.windows {
                let key = WindowKey(tenant: tenant, registryID: registryID, seconds: seconds, start: now - now % Int64(seconds))
                let slot = map[key] ?? Slot()
                if let what = (slot.known + slot.pending).reached(settings.limits(window: seconds)) {
                    let retry = max(1, key.start + Int64(seconds) - now)
                    return AppError(.quotaExceeded, status: 429, "the \(Self.name(seconds)) quota of \(what) is used up",
                                    headers: [("Retry-After", String(retry))])
                }
            }
            for seconds in Self.windows {
                let key = WindowKey(tenant: tenant, registryID: registryID, seconds: seconds, start: now - now % Int64(seconds))
                map[key, default: Slot()].pending.invocations += 1
                map[key, default: Slot()].lastActivity = now
            }
            return nil
        }
        if let refusal {
            refusals.inc()
            throw refusal
        }
    }

    /// Adds an execution's CPU time and egress to its windows.
    func record(tenant: String, registryID: String, cpuMicroseconds: Int64, egressBytes: Int64, now: Int64 = Now.unixSeconds()) {
        guard cpuMicroseconds > 0 || egressBytes > 0 else { return }
        slots.withLock { map in
            for seconds in Self.windows {
                let key = WindowKey(tenant: tenant, registryID: registryID, seconds: seconds, start: now - now % Int64(seconds))
                map[key, default: Slot()].pending = map[key, default: Slot()].pending
                    + QuotaCounters(invocations: 0, cpuMicroseconds: cpuMicroseconds, egressBytes: egressBytes)
            }
        }
    }

    /// The usage of one window as this replica knows it (known totals plus pending counts).
    func usage(tenant: String, registryID: String, seconds: Int, now: Int64 = Now.unixSeconds()) -> QuotaCounters {
        let key = WindowKey(tenant: tenant, registryID: registryID, seconds: seconds, start: now - now % Int64(seconds))
        return slots.withLock { map in map[key].map { $0.known + $0.pending } ?? .zero }
    }

    func run() async throws {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(settings.flushMilliseconds))
            await flush()
        }
        await flush()
    }

    /// Adds pending counts to the shared table and reads back the totals of recently used windows.
    func flush(now: Int64 = Now.unixSeconds()) async {
        guard let pool else { return }
        let recent = now - Int64(max(2, settings.flushMilliseconds * 3 / 1000))
        let batch = slots.withLock { map -> [WindowKey: QuotaCounters] in
            var out: [WindowKey: QuotaCounters] = [:]
            for (key, slot) in map where !slot.pending.isZero || slot.lastActivity >= recent {
                out[key] = slot.pending
                map[key]?.pending = .zero
            }
            // Windows that ended are of no use any more.
            map = map.filter { $0.key.start + Int64($0.key.seconds) > now || !$0.value.pending.isZero }
            return out
        }
        for (tenant, keys) in Dictionary(grouping: batch.keys, by: \.tenant) {
            let sorted = keys.sorted()
            do {
                let totals = try await upsert(pool, tenant: tenant, sorted.map { ($0, batch[$0] ?? .zero) })
                slots.withLock { map in
                    for (key, total) in totals where map[key] != nil { map[key]?.known = total }
                }
            } catch {
                flushFailures.inc()
                slots.withLock { map in
                    for key in sorted { map[key, default: Slot()].pending = map[key, default: Slot()].pending + (batch[key] ?? .zero) }
                }
                logger.notice("quota flush failed; counts kept for the next one",
                              ["ext.tenant_id": .string(tenant), "error": .string(AppError.wrapping(error).message)])
            }
        }
    }

    private func upsert(_ pool: PostgresPool, tenant: String, _ rows: [(WindowKey, QuotaCounters)]) async throws
        -> [WindowKey: QuotaCounters]
    {
        var values: [String] = []
        var params: [PostgresValue] = []
        for (key, delta) in rows {
            let n = params.count
            values.append("($\(n + 1), $\(n + 2)::uuid, $\(n + 3)::integer, to_timestamp($\(n + 4)::bigint), $\(n + 5)::bigint, $\(n + 6)::bigint, $\(n + 7)::bigint)")
            params += [.text(tenant), .text(key.registryID), .int(key.seconds), .int(key.start), .int(delta.invocations),
                       .int(delta.cpuMicroseconds), .int(delta.egressBytes)]
        }
        let sql = """
            INSERT INTO extension_quota_usage AS q (tenant_id, registry_id, window_seconds, window_start, invocations, cpu_us, egress_bytes)
            VALUES \(values.joined(separator: ", "))
            ON CONFLICT (tenant_id, registry_id, window_seconds, window_start) DO UPDATE
               SET invocations = q.invocations + EXCLUDED.invocations, cpu_us = q.cpu_us + EXCLUDED.cpu_us,
                   egress_bytes = q.egress_bytes + EXCLUDED.egress_bytes, updated_at = now()
            RETURNING registry_id::text AS registry_id, window_seconds, extract(epoch FROM window_start)::bigint AS start,
                      invocations, cpu_us, egress_bytes
            """
        let result = try await pool.withTransaction(tenant: tenant) { tx in try await tx.query(sql, params) }
        var totals: [WindowKey: QuotaCounters] = [:]
        for row in result {
            let key = WindowKey(tenant: tenant, registryID: try row.decode("registry_id"), seconds: try row.decode("window_seconds"),
                                start: try row.decode("start"))
            totals[key] = QuotaCounters(invocations: try row.decode("invocations"), cpuMicroseconds: try row.decode("cpu_us"),
                                        egressBytes: try row.decode("egress_bytes"))
        }
        return totals
    }

    private static func name(_ seconds: Int) -> String {
        switch seconds {
        case 60: "per-minute"
        case 3600: "hourly"
        default: "daily"
        }
    }
}
