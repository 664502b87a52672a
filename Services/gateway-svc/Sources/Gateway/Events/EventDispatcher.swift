import HTTPCore
import Postgres
import Shared

/// Delivers outbox events to subscribed installs, at least once. Workers claim due deliveries of
/// every tenant with `alga_claim_event_deliveries` (`FOR UPDATE SKIP LOCKED`, a lease), run each
/// as an execution with trigger `event` (POST `/events/<topic>`, the payload as JSON body, the
/// subscription's handler), and record the outcome in the delivery's tenant transaction:
/// `delivered`; or `pending` again with exponential, jittered backoff; or `dead` after
/// `GATEWAY_EVENT_MAX_ATTEMPTS`. A replica that dies mid-delivery leaves a lease that expires,
/// and the delivery is claimed again (so a handler may see an event twice, never zero times).
/// Every attempt is a row in the execution log.
final class EventDispatcher: Service, Sendable {
    struct Claim: Sendable {
        let deliveryID: Int64
        let tenantID: String
        let eventID: String
        let installID: String
        let handler: String
        let attempts: Int
    }

    enum Outcome: Sendable, Equatable {
        case delivered
        case retry(code: String)
        case dead(code: String)
    }

    private let pool: PostgresPool
    private let registry: RegistryClient
    private let executor: Executor
    private let log: ExecutionLogWriter
    private let quotas: QuotaLedger
    private let settings: StorageSettings
    private let logger: Logger
    let wake = AsyncWakeup()
    let outcomes: CounterFamily

    init(pool: PostgresPool, registry: RegistryClient, executor: Executor, log: ExecutionLogWriter, quotas: QuotaLedger,
         settings: StorageSettings, metrics: MetricsRegistry, logger: Logger) {
        self.pool = pool
        self.registry = registry
        self.executor = executor
        self.log = log
        self.quotas = quotas
        self.settings = settings
        self.logger = logger
        outcomes = metrics.counterFamily("gateway_event_deliveries_total", help: "Event delivery attempts by outcome.",
                                         labels: ["outcome"])
        for outcome in ["delivered", "retry", "dead"] { _ = outcomes.labels(outcome) }  // at 0 before the first delivery
    }

    func run() async throws {
        guard settings.eventWorkers > 0 else { return try await waitUntilCancelled() }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<settings.eventWorkers {
                group.addTask { await self.work() }
            }
        }
    }

    private func waitUntilCancelled() async throws {
        while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
    }

    private func work() async {
        var failures = 0
        while !Task.isCancelled {
            do {
                let claims = try await claim(limit: 4)
                failures = 0
                if claims.isEmpty {
                    await wake.wait(timeout: .milliseconds(settings.eventPollMs))
                    continue
                }
                await withTaskGroup(of: Void.self) { group in
                    for c in claims { group.addTask { await self.deliver(c) } }
                }
            } catch {
                failures += 1
                if failures == 1 || failures % 50 == 0 {
                    logger.notice("event claim failed", ["error": .string(AppError.wrapping(error).message)])
                }
                try? await Task.sleep(for: .milliseconds(min(5000, 200 * failures)))
            }
        }
    }

    func claim(limit: Int) async throws -> [Claim] {
        try await pool.withTransaction(tenant: nil) { [settings] tx in
            try await tx.query("""
                SELECT delivery_id, tenant_id, event_id::text AS event_id, install_id::text AS install_id, handler, attempts
                  FROM alga_claim_event_deliveries($1::integer, $2::integer)
                """, [.int(limit), .int(settings.eventLeaseSeconds)]).map { row in
                Claim(deliveryID: try row.decode("delivery_id"), tenantID: try row.decode("tenant_id"),
                      eventID: try row.decode("event_id"), installID: try row.decode("install_id"),
                      handler: try row.decode("handler"), attempts: try row.decode("attempts"))
            }
        }
    }

    /// Runs one claimed delivery and records its outcome.
    func deliver(_ claim: Claim) async {
        let started = Now.nanoseconds()
        let requestID = "evt-\(claim.deliveryID)-\(claim.attempts)"
        var record = ExecutionRecord(startedAtMicros: Now.unixMicroseconds(), tenantID: claim.tenantID, requestID: requestID,
                                     correlationID: claim.eventID, installID: claim.installID, trigger: .event,
                                     endpointMethod: "POST", httpStatus: 500, durationMicros: 0)
        let outcome: Outcome
        do {
            outcome = try await execute(claim, requestID: requestID, record: &record)
        } catch {
            let e = AppError.wrapping(error)
            record.httpStatus = e.httpStatus
            record.errorCode = e.code.rawValue
            outcome = .retry(code: e.code.rawValue)
        }
        let final: Outcome
        if case .retry(let code) = outcome, claim.attempts >= settings.eventMaxAttempts {
            final = .dead(code: code)
        } else {
            final = outcome
        }
        record.durationMicros = Int64((Now.nanoseconds() - started) / 1000)
        log.append(record)
        do {
            try await finish(claim, final)
        } catch {
            logger.notice("event delivery outcome not recorded; the lease will expire and it is retried",
                          ["event.delivery_id": .int(claim.deliveryID), "error": .string(AppError.wrapping(error).message)])
        }
        switch final {
        case .delivered: outcomes.labels("delivered").inc()
        case .retry: outcomes.labels("retry").inc()
        case .dead: outcomes.labels("dead").inc()
        }
    }

    private func execute(_ claim: Claim, requestID: String, record: inout ExecutionRecord) async throws -> Outcome {
        guard let event = try await pool.withTransaction(tenant: claim.tenantID, readOnly: true, { tx in
            try await tx.query("SELECT topic, payload::text AS payload FROM extension_event_outbox WHERE id = $1::uuid",
                               [.text(claim.eventID)]).first.map { (try $0.decode("topic", as: String.self),
                                                                     try $0.decode("payload", as: String.self)) }
        }) else {
            return .dead(code: "event_not_found")
        }
        let install: ResolvedInstall
        switch try await registry.resolve(tenant: claim.tenantID, install: claim.installID) {
        case .found(let i): install = i
        case .notRunnable(let code):
            record.httpStatus = 404
            record.errorCode = code
            return .dead(code: code)
        }
        record.registryID = install.extensionID
        record.versionID = install.versionID
        record.contentHash = install.contentHash
        record.endpointPath = "event:" + event.0
        let http = ExecuteHTTPRequest(method: "POST", path: "/events/" + event.0, headers: [
            NameValuePair("content-type", "application/json"), NameValuePair("x-alga-event-topic", event.0),
            NameValuePair("x-alga-event-id", claim.eventID), NameValuePair("x-alga-delivery-attempt", String(claim.attempts)),
        ], body: Array(event.1.utf8))
        let timeout = executor.timeoutMs(for: install)
        let request = try executor.request(requestID: requestID, install: install, http: http,
                                           endpoint: ExecuteEndpoint(route: event.0, handler: claim.handler), user: nil,
                                           trigger: "event", timeoutMs: min(timeout, (settings.eventLeaseSeconds - 1) * 1000))
        let reply = try await executor.run(request)
        let response = reply.response
        record.usage = response.usage
        record.guestLogs = ExecutionRecord.keptLogs(response.logs)
        quotas.record(tenant: claim.tenantID, registryID: install.extensionID, cpuMicroseconds: Int64(clamping: response.usage.cpuUs),
                      egressBytes: Int64(clamping: response.usage.egressBytes))
        if let failure = response.error {
            record.httpStatus = reply.httpStatus
            record.errorCode = failure.code.rawValue
            return .retry(code: failure.code.rawValue)
        }
        record.httpStatus = response.status
        return response.status < 500 ? .delivered : .retry(code: "extension_status_\(response.status)")
    }

    func finish(_ claim: Claim, _ outcome: Outcome) async throws {
        try await pool.withTransaction(tenant: claim.tenantID) { [settings] tx in
            switch outcome {
            case .delivered:
                try await tx.execute("""
                    UPDATE extension_event_delivery SET state = 'delivered', delivered_at = now(), lease_until = NULL,
                           last_error_code = NULL
                     WHERE id = $1 AND state = 'in_flight' AND attempts = $2
                    """, [.int(claim.deliveryID), .int(claim.attempts)])
            case .retry(let code):
                let base = Double(settings.eventRetryBaseMs) / 1000 * pow2(claim.attempts - 1)
                let delay = min(3600, base * Double.random(in: 0.5...1.0))
                try await tx.execute("""
                    UPDATE extension_event_delivery SET state = 'pending', lease_until = NULL, last_error_code = $3,
                           next_attempt_at = now() + make_interval(secs => $4::double precision)
                     WHERE id = $1 AND state = 'in_flight' AND attempts = $2
                    """, [.int(claim.deliveryID), .int(claim.attempts), .text(Self.errorCode(code)), .double(delay)])
            case .dead(let code):
                try await tx.execute("""
                    UPDATE extension_event_delivery SET state = 'dead', lease_until = NULL, last_error_code = $3
                     WHERE id = $1 AND state = 'in_flight' AND attempts = $2
                    """, [.int(claim.deliveryID), .int(claim.attempts), .text(Self.errorCode(code))])
            }
        }
    }

    /// Error codes as the column's domain allows them (snake_case, at most 64 characters).
    static func errorCode(_ code: String) -> String {
        let cleaned = String(code.lowercased().map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" }.prefix(64))
        guard let first = cleaned.first, first.isLetter else { return "error" }
        return cleaned
    }

    private func pow2(_ n: Int) -> Double { Double(1 << min(max(n, 0), 20)) }
}
