import Foundation
import Postgres
import Shared

/// The change feed behind `GET /v1/internal/changes?since=<seq>`: the rows of `change_seq`
/// after `since`, in order, as a long poll. LISTEN `alga_changes` wakes waiting polls at once;
/// the polls also re-read every `recheck` on their own, so a lost notification (the listener
/// reconnecting) delays a change by at most that, and a consumer that was away simply asks
/// again from its last seq. As a `Service` it runs the listener for the life of the server.
final class ChangeFeed: Service, Sendable {
    let database: RegistryDatabase
    let logger: Logger
    let signal = ChangeSignal()
    /// How often a waiting poll re-reads without a notification.
    let recheck: Duration

    init(database: RegistryDatabase, logger: Logger, recheck: Duration = .milliseconds(500)) {
        self.database = database
        self.logger = logger
        self.recheck = recheck
    }

    /// Consumes notifications until cancelled; every event (including a reconnect) wakes the polls.
    func run() async throws {
        let listener = try PostgresListener(configuration: database.configuration, channels: ["alga_changes"], logger: logger)
        defer { listener.stop() }
        await withTaskCancellationHandler {
            for await _ in listener.events { signal.bump() }
        } onCancel: {
            listener.stop()
        }
    }

    /// One page of the feed.
    struct Page: Sendable {
        var changes: [JSONValue]
        /// What the consumer passes as `since` next time.
        var next: Int64
        /// True when changes after `since` were pruned (or the feed was reset): the consumer must
        /// drop its whole cache and continue from `next`.
        var resync: Bool
    }

    /// Changes after `since` (at most `limit`); when there are none, waits up to `wait` for some.
    func changes(since: Int64, limit: Int, wait: Duration) async throws -> Page {
        let deadline = ContinuousClock.now + wait
        while true {
            let seen = signal.generation
            let page = try await read(since: since, limit: limit)
            let now = ContinuousClock.now
            if !page.changes.isEmpty || page.resync || now >= deadline || Task.isCancelled { return page }
            await signal.wait(after: seen, timeout: min(recheck, deadline - now))
        }
    }

    private func read(since: Int64, limit: Int) async throws -> Page {
        try await database.pool.withTransaction(tenant: nil, readOnly: true) { tx in
            let bounds = try await tx.query("SELECT min(seq) AS low, max(seq) AS high FROM change_seq").single()
            let low = try bounds.decode("low", as: Int64?.self)
            let high = try bounds.decode("high", as: Int64?.self) ?? 0
            if since > high || (low.map { since < $0 - 1 } ?? false) {
                return Page(changes: [], next: high, resync: true)
            }
            let rows = try await tx.query("""
                SELECT c.seq, c.kind, c.occurred_at, c.tenant_id, c.registry_id::text AS registry_id, r.name,
                       c.version_id::text AS version_id, v.version, c.install_id::text AS install_id, c.key_id, c.content_hash
                  FROM change_seq c
                  LEFT JOIN extension_registry r ON r.id = c.registry_id
                  LEFT JOIN extension_version v ON v.id = c.version_id
                 WHERE c.seq > $1 ORDER BY c.seq LIMIT $2
                """, [.int(since), .int(limit)])
            var next = since
            let changes = try rows.map { row throws(AppError) -> JSONValue in
                next = try row.decode("seq")
                return [
                    "seq": .int(next), "kind": .string(try row.decode("kind")),
                    "occurred_at": .time(Timestamp(try row.decode("occurred_at"))),
                    "tenant_id": .optional(try row.decode("tenant_id")), "registry_id": .optional(try row.decode("registry_id")),
                    "extension": .optional(try row.decode("name")), "version_id": .optional(try row.decode("version_id")),
                    "version": .optional(try row.decode("version")), "install_id": .optional(try row.decode("install_id")),
                    "key_id": .optional(try row.decode("key_id")), "content_hash": .optional(try row.decode("content_hash")),
                ]
            }
            return Page(changes: changes, next: next, resync: false)
        }
    }
}
