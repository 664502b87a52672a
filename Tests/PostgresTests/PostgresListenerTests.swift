import Postgres
import Shared
import TestSupport
import Testing

@Suite(.ownThread) struct PostgresListenerTests {
    /// Waits (bounded) for the next event matching `predicate`.
    private func next(_ iterator: inout AsyncStream<PostgresListener.Event>.Iterator, _ what: String,
                      where predicate: (PostgresListener.Event) -> Bool) async throws -> PostgresListener.Event {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            guard let event = await iterator.next() else { throw TestSetupError("listener stream ended before \(what)") }
            if predicate(event) { return event }
        }
        throw TestSetupError("timed out waiting for \(what)")
    }

    @Test func testListener_whenAnInstallIsCreated_deliversTheChangeSeqOnCommit() async throws {
        try await ScratchDatabase.with { db in
            let listener = try PostgresListener(
                configuration: PostgresConfiguration(url: url(db.cluster.registryURL, database: db.name)),
                channels: ["alga_changes"], logger: testLogger())
            defer { listener.stop() }
            let events = listener.events
            try await withTimeout(20, "change notifications") {
                var it = events.makeAsyncIterator()
                _ = try await next(&it, ".connected") { $0 == .connected }
                let (registryID, versionID) = try await TenantFixture.publish(db)
                let published = try await next(&it, "the publish notification") {
                    if case .notification = $0 { true } else { false }
                }
                let fixture = try await TenantFixture.seed(db, tenant: "t1", registryID: registryID, versionID: versionID)
                var payloads: [String] = []
                if case .notification(let n) = published { payloads.append(n.payload) }
                // install.created and install.config_updated follow, in commit order.
                for _ in 0..<2 {
                    if case .notification(let n) = try await next(&it, "install notifications", where: { _ in true }) {
                        #expect(n.channel == "alga_changes")
                        payloads.append(n.payload)
                    }
                }
                let rows = try await db.registry.withTransaction(tenant: nil) { tx in
                    try await tx.query("SELECT seq, kind, tenant_id, install_id FROM change_seq ORDER BY seq")
                }
                #expect(payloads == rows.map { (try? $0.decode("seq", as: String.self)) ?? "?" })
                #expect(rows.map { (try? $0.decode("kind", as: String.self)) ?? "?" }
                    == ["extension.published", "install.created", "install.config_updated"])
                #expect(try rows[1].decode("install_id", as: String.self) == fixture.installID)
                #expect(try rows[1].decode("tenant_id", as: String.self) == "t1")
            }
        }
    }

    @Test func testListener_whenRolledBack_deliversNothing() async throws {
        try await ScratchDatabase.with { db in
            let listener = try PostgresListener(
                configuration: PostgresConfiguration(url: url(db.cluster.registryURL, database: db.name)),
                channels: ["alga_changes", "test_marker"], logger: testLogger())
            defer { listener.stop() }
            let events = listener.events
            try await withTimeout(20, "notifications") {
                var it = events.makeAsyncIterator()
                _ = try await next(&it, ".connected") { $0 == .connected }
                struct Abort: Error {}
                _ = try? await db.registry.withTransaction(tenant: nil) { tx in
                    _ = try await tx.query("SELECT pg_notify('alga_changes', 'rolled-back')")
                    throw Abort()
                }
                try await db.registry.withTransaction(tenant: nil) { tx in
                    _ = try await tx.query("SELECT pg_notify('test_marker', 'after')")
                }
                let event = try await next(&it, "the marker") { if case .notification = $0 { true } else { false } }
                #expect(event == .notification(PostgresNotification(channel: "test_marker", payload: "after",
                                                                     senderPID: senderPID(event))))
            }
        }
    }

    @Test func testListener_whenItsSessionIsKilled_reconnectsAnnouncesItAndKeepsDelivering() async throws {
        try await ScratchDatabase.with { db in
            let app = "listener-" + uniqueSuffix()
            let listener = try PostgresListener(
                configuration: PostgresConfiguration(url: url(db.cluster.registryURL, database: db.name),
                                                     applicationName: app),
                channels: ["alga_changes"], logger: testLogger(), pollInterval: .milliseconds(50))
            defer { listener.stop() }
            let events = listener.events
            try await withTimeout(30, "reconnect") {
                var it = events.makeAsyncIterator()
                _ = try await next(&it, ".connected") { $0 == .connected }
                let killed = try await db.registry.withTransaction(tenant: nil) { tx in
                    try await tx.query("SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE application_name = $1",
                                       [.text(app)]).single().decode("n", as: Int.self)
                }
                #expect(killed == 1)
                _ = try await next(&it, "a second .connected") { $0 == .connected }
                try await db.registry.withTransaction(tenant: nil) { tx in
                    _ = try await tx.query("SELECT pg_notify('alga_changes', '42')")
                }
                let event = try await next(&it, "a notification after reconnecting") {
                    if case .notification = $0 { true } else { false }
                }
                if case .notification(let n) = event { #expect(n.payload == "42") }
            }
        }
    }

    @Test func testListener_whenChannelIsNotAnIdentifier_throwsBadRequest() throws {
        for bad in ["", "Upper", "a;b", "changes; DROP TABLE x", String(repeating: "a", count: 64)] {
            let error = #expect(throws: AppError.self) {
                _ = try PostgresListener(configuration: PostgresConfiguration(url: "postgresql://127.0.0.1:1/x"),
                                         channels: [bad], logger: testLogger())
            }
            #expect(error?.code == .badRequest)
        }
    }

    private func senderPID(_ e: PostgresListener.Event) -> Int32 {
        if case .notification(let n) = e { return n.senderPID }
        return 0
    }
}
