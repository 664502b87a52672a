import Foundation
import Postgres
import Shared
import Synchronization
import TestSupport
import Testing

/// The few sanctioned cross-tenant operations (SECURITY DEFINER functions) and change-feed ordering.
@Suite(.ownThread) struct CrossTenantFunctionTests {
    private func withTenants(_ body: (ScratchDatabase, TenantFixture, TenantFixture) async throws -> Void) async throws {
        try await ScratchDatabase.with(maxConnections: 6) { db in
            let (registryID, versionID) = try await TenantFixture.publish(db)
            let a = try await TenantFixture.seed(db, tenant: "tenant-a", registryID: registryID, versionID: versionID)
            let b = try await TenantFixture.seed(db, tenant: "tenant-b", registryID: registryID, versionID: versionID)
            try await body(db, a, b)
        }
    }

    @Test func testApiKeyLookup_whenTenantIsNotKnownYet_findsOnlyActiveKeys() async throws {
        try await withTenants { db, a, b in
            func lookup(_ secret: String) async throws -> [String] {
                try await db.gateway.withTransaction(tenant: nil) { tx in
                    try await tx.query("SELECT tenant_id FROM alga_api_key_lookup($1)", [.bytes(SHA256.hash(secret))])
                        .map { try $0.decode("tenant_id", as: String.self) }
                }
            }
            #expect(try await lookup("key-of-" + a.tenant) == [a.tenant])
            #expect(try await lookup("key-of-" + b.tenant) == [b.tenant])
            #expect(try await lookup("unknown").isEmpty)
            try await db.registry.withTransaction(tenant: a.tenant) { tx in
                try await tx.execute("UPDATE gateway_api_key SET revoked_at = now()")
            }
            #expect(try await lookup("key-of-" + a.tenant).isEmpty)
        }
    }

    @Test func testClaimEventDeliveries_whenTenantsHaveDueEvents_claimsEachOnceAndReclaimsExpiredLeases() async throws {
        try await withTenants { db, a, b in
            func claim(lease: Int) async throws -> [(String, Int)] {
                try await db.gateway.withTransaction(tenant: nil) { tx in
                    try await tx.query("SELECT tenant_id, attempts FROM alga_claim_event_deliveries(10, $1)", [.int(lease)])
                        .map { (try $0.decode("tenant_id", as: String.self), try $0.decode("attempts", as: Int.self)) }
                }
            }
            // Two workers at once: SKIP LOCKED hands each delivery to exactly one of them.
            async let first = claim(lease: 1)
            async let second = claim(lease: 1)
            let claimed = try await first + second
            #expect(claimed.map(\.0).sorted() == [a.tenant, b.tenant])
            #expect(try await claim(lease: 1).isEmpty, "leased deliveries are not handed out again")
            // A worker that died leaves its lease to expire; the delivery is claimed again.
            try await Task.sleep(for: .milliseconds(1100))
            let again = try await claim(lease: 60)
            #expect(again.map(\.0).sorted() == [a.tenant, b.tenant])
            #expect(again.allSatisfy { $0.1 == 2 })
            // Each tenant then settles its own delivery under RLS.
            for t in [a, b] {
                let updated = try await db.gateway.withTransaction(tenant: t.tenant) { tx in
                    try await tx.execute("UPDATE extension_event_delivery SET state = 'delivered', lease_until = NULL, delivered_at = now()")
                }
                #expect(updated == 1)
            }
        }
    }

    @Test func testDisableInstallsSignedBy_whenKeyIsRevoked_disablesTheInstallsOfEveryTenant() async throws {
        try await withTenants { db, a, b in
            let (registryID, versionID) = try await db.registry.withTransaction(tenant: nil) { tx in
                try await tx.execute("""
                    INSERT INTO publisher_key (key_id, publisher, public_key, valid_from, created_by)
                    VALUES ('acme-2026', 'acme', $1, now() - interval '1 day', 'admin')
                    """, [.bytes(SecureRandom.bytes(32))])
                let hash = "sha256:" + Hex.encode(SHA256.hash("signed"))
                try await tx.execute("""
                    INSERT INTO extension_bundle (content_hash, size_bytes, uncompressed_bytes, entry_count, storage_key)
                    VALUES ($1, 1, 1, 1, 'signed')
                    """, [.text(hash)])
                let registryID: String = try await tx.query(
                    "INSERT INTO extension_registry (publisher, name) VALUES ('acme', 'com.acme.signed') RETURNING id")
                    .single().decode("id")
                let versionID: String = try await tx.query("""
                    INSERT INTO extension_version (registry_id, version, content_hash, signature, signing_key_id, signed_at,
                        runtime, manifest, published_by)
                    VALUES ($1, '2.0.0', $2, $3, 'acme-2026', now(), 'wasm@1', '{}', 'publisher:acme') RETURNING id
                    """, [.uuid(registryID), .text(hash), .bytes(SecureRandom.bytes(64))]).single().decode("id")
                return (registryID, versionID)
            }
            for t in [a, b] {
                try await db.registry.withTransaction(tenant: t.tenant) { tx in
                    try await tx.execute("""
                        INSERT INTO tenant_extension_install (tenant_id, registry_id, version_id, installed_by)
                        VALUES ($1, $2, $3, 'admin')
                        """, [.text(t.tenant), .uuid(registryID), .uuid(versionID)])
                }
            }
            let disabled = try await db.registry.withTransaction(tenant: nil) { tx in
                try await tx.execute("UPDATE publisher_key SET revoked_at = now(), revoked_by = 'admin' WHERE key_id = 'acme-2026'")
                return try await tx.query("SELECT tenant_id FROM alga_disable_installs_signed_by('acme-2026', '-infinity')")
                    .map { try $0.decode("tenant_id", as: String.self) }
            }
            #expect(disabled.sorted() == [a.tenant, b.tenant])
            for t in [a, b] {
                let states = try await db.registry.withTransaction(tenant: t.tenant) { tx in
                    try await tx.query("SELECT registry_id, enabled, disabled_reason FROM tenant_extension_install ORDER BY created_at")
                        .map { (try $0.decode("enabled", as: Bool.self), try $0.decode("disabled_reason", as: String?.self)) }
                }
                // The unsigned fixture install stays enabled; the signed one is disabled.
                #expect(states.map(\.0) == [true, false] && states[1].1 == "key_revoked")
            }
            let kinds = try await db.registry.withTransaction(tenant: nil) { tx in
                try await tx.query("SELECT kind FROM change_seq ORDER BY seq DESC LIMIT 3").map { try $0.decode("kind", as: String.self) }
            }
            #expect(kinds.sorted() == ["install.updated", "install.updated", "key.revoked"])
        }
    }

    @Test func testSecretRefs_whenRotating_listsIdsOfOldKeyVersionsOnly() async throws {
        try await withTenants { db, a, b in
            let refs = try await db.registry.withTransaction(tenant: nil) { tx in
                try await tx.query("SELECT * FROM alga_secret_refs_below_key_version(2, 100)")
            }
            #expect(refs.columnNames == ["tenant_id", "install_id", "name"], "identifiers only, never ciphertext")
            #expect(try refs.map { try $0.decode("tenant_id", as: String.self) } == [a.tenant, b.tenant])
            let none = try await db.registry.withTransaction(tenant: nil) { tx in
                try await tx.query("SELECT * FROM alga_secret_refs_below_key_version(1, 100)").count
            }
            #expect(none == 0)
        }
    }

    @Test func testExecutionLogMaintenance_whenRun_createsFuturePartitionsAndDropsExpiredOnes() async throws {
        try await withTenants { db, a, _ in
            let old = Calendar(identifier: .gregorian).date(byAdding: .day, value: -40, to: Date())!
            let oldName = "extension_execution_log_p" + Self.dayStamp(old)
            try await db.owner.withTransaction(tenant: nil) { tx in
                let day = Self.dayStamp(old)
                try await tx.execute("""
                    CREATE TABLE \(oldName) PARTITION OF extension_execution_log
                    FOR VALUES FROM ('\(day) 00:00:00+00') TO ('\(day) 00:00:00+00'::timestamptz + interval '1 day')
                    """)
            }
            // A row too old for any daily partition lands in the default one.
            try await db.gateway.withTransaction(tenant: a.tenant) { tx in
                try await tx.execute("""
                    INSERT INTO extension_execution_log (started_at, tenant_id, request_id, http_status, duration_us)
                    VALUES (now() - interval '90 days', $1, 'ancient', 200, 1)
                    """, [.text(a.tenant)])
            }
            let actions = try await db.gateway.withTransaction(tenant: nil) { tx in
                try await tx.query("SELECT action, partition_name FROM alga_maintain_execution_log(10, 30)")
                    .map { (try $0.decode("action", as: String.self), try $0.decode("partition_name", as: String.self)) }
            }
            #expect(actions.contains { $0 == ("dropped", oldName) })
            #expect(actions.filter { $0.0 == "created" }.count == 3, "days 8-10 ahead are new; 0-7 came with the migration")
            let purged = try await db.gateway.withTransaction(tenant: nil) { tx in
                try await tx.query("""
                    SELECT table_name, deleted FROM alga_purge_gateway_rows(interval '30 days', interval '35 days', interval '7 days')
                    """).map { (try $0.decode("table_name", as: String.self), try $0.decode("deleted", as: Int.self)) }
            }
            #expect(purged.contains { $0 == ("extension_execution_log_default", 1) })
            #expect(purged.contains { $0 == ("gateway_idempotency_record", 0) }, "unexpired records stay")
            let remaining = try await db.gateway.withTransaction(tenant: a.tenant) { tx in
                try await tx.query("SELECT count(*) AS n FROM extension_execution_log").single().decode("n", as: Int.self)
            }
            #expect(remaining == 1, "today's fixture row stays")
        }
    }

    @Test func testChangeSeq_whenWritersOverlap_seqsBecomeVisibleInCommitOrder() async throws {
        try await withTenants { db, a, b in
            let holding = Mutex(false)
            let secondDone = Mutex(false)
            let (release, releaser) = AsyncStream<Void>.makeStream()
            let first = Task {
                try await db.registry.withTransaction(tenant: a.tenant) { tx in
                    try await tx.execute("UPDATE tenant_extension_install SET enabled = false, disabled_reason = 'admin'")
                    holding.withLock { $0 = true }
                    for await _ in release { break }
                }
            }
            try await withTimeout(10, "the first writer") {
                while !holding.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
            }
            let second = Task {
                try await db.registry.withTransaction(tenant: b.tenant) { tx in
                    try await tx.execute("UPDATE tenant_extension_install SET enabled = false, disabled_reason = 'admin'")
                }
                secondDone.withLock { $0 = true }
            }
            try await Task.sleep(for: .milliseconds(300))
            #expect(!secondDone.withLock { $0 }, "a change writer must wait for the open one to commit")
            releaser.yield()
            releaser.finish()
            try await first.value
            try await second.value
            let tenants = try await db.registry.withTransaction(tenant: nil) { tx in
                try await tx.query("SELECT tenant_id FROM change_seq WHERE kind = 'install.updated' ORDER BY seq")
                    .map { try $0.decode("tenant_id", as: String.self) }
            }
            #expect(tenants == [a.tenant, b.tenant])
        }
    }

    @Test func testPruneChangeSeq_whenEverythingIsOld_keepsTheNewestRow() async throws {
        try await withTenants { db, _, _ in
            let (pruned, left, maxSeq) = try await db.registry.withTransaction(tenant: nil) { tx in
                let before = try await tx.query("SELECT max(seq) AS m FROM change_seq").single().decode("m", as: Int.self)
                let n = try await tx.query("SELECT alga_prune_change_seq(interval '-1 second') AS n").single().decode("n", as: Int.self)
                let left = try await tx.query("SELECT seq FROM change_seq").map { try $0.decode("seq", as: Int.self) }
                return (n, left, before)
            }
            #expect(pruned > 0)
            #expect(left == [maxSeq])
        }
    }

    static func dayStamp(_ d: Date) -> String {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        let p = c.dateComponents([.year, .month, .day], from: d)
        return String(format: "%04d%02d%02d", p.year!, p.month!, p.day!)
    }
}
