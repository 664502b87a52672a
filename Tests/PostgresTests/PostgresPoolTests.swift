import Postgres
import Shared
import Synchronization
import TestSupport
import Testing

@Suite(.ownThread) struct PostgresPoolTests {
    @Test func testWithTransaction_whenManyMoreCallersThanConnections_allCompleteWithinTheBound() async throws {
        try await ScratchDatabase.with { db in
            let app = "pool-bound-" + uniqueSuffix()
            let pool = makePool(url(db.cluster.registryURL, database: db.name), maxConnections: 3, application: app)
            defer { pool.close() }
            let peak = try await withThrowingTaskGroup(of: (Int32, Int).self) { group in
                for i in 0..<60 {
                    group.addTask {
                        try await pool.withTransaction(tenant: "tenant-\(i % 5)") { tx in
                            let sessions = try await tx.query(
                                "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1", [.text(app)])
                                .single().decode("n", as: Int.self)
                            _ = try await tx.query("SELECT pg_sleep(0.01)")
                            return (try await tx.backendPID(), sessions)
                        }
                    }
                }
                var pids = Set<Int32>()
                var maxSessions = 0
                for try await (pid, sessions) in group {
                    pids.insert(pid)
                    maxSessions = max(maxSessions, sessions)
                }
                return (pids.count, maxSessions)
            }
            #expect(peak.0 <= 3, "transactions ran on \(peak.0) sessions")
            #expect(peak.1 <= 3, "the server saw \(peak.1) sessions of this pool")
            #expect(pool.stats.open <= 3 && pool.stats.waiting == 0)
        }
    }

    @Test func testAcquire_whenPoolStaysExhausted_failsWithUnavailableAfterTimeout() async throws {
        try await ScratchDatabase.with { db in
            let pool = PostgresPool(configuration: PostgresConfiguration(
                url: url(db.cluster.registryURL, database: db.name), maxConnections: 1,
                acquireTimeout: .milliseconds(200)), logger: testLogger())
            defer { pool.close() }
            let holding = Mutex(false)
            let release = AsyncStream<Void>.makeStream()
            let holder = Task {
                try await pool.withTransaction(tenant: nil) { tx in
                    _ = try await tx.query("SELECT 1")
                    holding.withLock { $0 = true }
                    for await _ in release.stream { break }
                }
            }
            try await withTimeout(10, "the holder to start") {
                while !holding.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
            }
            let error = await #expect(throws: AppError.self) {
                try await pool.withTransaction(tenant: nil) { tx in _ = try await tx.query("SELECT 1") }
            }
            #expect(error?.code == .unavailable && error?.httpStatus == 503)
            release.continuation.yield()
            release.continuation.finish()
            try await holder.value
            // Once free again the pool serves normally.
            let one = try await pool.withTransaction(tenant: nil) { tx in
                try await tx.query("SELECT 1 AS one").single().decode("one", as: Int.self)
            }
            #expect(one == 1)
        }
    }

    @Test func testWithTransaction_whenBodyThrows_rollsBack() async throws {
        try await ScratchDatabase.with { db in
            struct Abort: Error {}
            await #expect(throws: Abort.self) {
                try await db.registry.withTransaction(tenant: "t1") { tx in
                    try await tx.execute("""
                        INSERT INTO tenant_admin_audit_log (tenant_id, actor, action, target_type) VALUES ('t1', 'a', 'x', 'y')
                        """)
                    throw Abort()
                }
            }
            let n = try await db.registry.withTransaction(tenant: "t1") { tx in
                try await tx.query("SELECT count(*) AS n FROM tenant_admin_audit_log").single().decode("n", as: Int.self)
            }
            #expect(n == 0)
        }
    }

    @Test func testCommit_whenAStatementErrorWasSwallowed_throwsInsteadOfReportingSuccess() async throws {
        try await ScratchDatabase.with { db in
            let error = await #expect(throws: AppError.self) {
                try await db.registry.withTransaction(tenant: "t1") { tx in
                    try await tx.execute("""
                        INSERT INTO tenant_admin_audit_log (tenant_id, actor, action, target_type) VALUES ('t1', 'a', 'x', 'y')
                        """)
                    _ = try? await tx.query("SELECT 1/0")
                }
            }
            #expect(error?.code == .internalError)
            let n = try await db.registry.withTransaction(tenant: "t1") { tx in
                try await tx.query("SELECT count(*) AS n FROM tenant_admin_audit_log").single().decode("n", as: Int.self)
            }
            #expect(n == 0)
        }
    }

    @Test func testWithTransaction_whenSerializationFails_retriesUntilBothCommit() async throws {
        try await ScratchDatabase.with { db in
            let attempts = Counter()
            let bothRead = Barrier(parties: 2)
            // Classic write skew: each reads the count, then inserts; SERIALIZABLE aborts one.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<2 {
                    group.addTask {
                        try await db.registry.withTransaction(tenant: "t1", isolation: .serializable, maxAttempts: 5) { tx in
                            let attempt = attempts.increment()
                            let n = try await tx.query("SELECT count(*) AS n FROM tenant_admin_audit_log")
                                .single().decode("n", as: Int.self)
                            if attempt <= 2 { await bothRead.arrive() }
                            try await tx.execute("""
                                INSERT INTO tenant_admin_audit_log (tenant_id, actor, action, target_type, target_id)
                                VALUES ('t1', $1, 'x', 'y', $2)
                                """, [.text("writer-\(i)"), .text(String(n))])
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(attempts.value >= 3, "one writer must have been retried")
            let seen = try await db.registry.withTransaction(tenant: "t1") { tx in
                try await tx.query("SELECT target_id FROM tenant_admin_audit_log ORDER BY id")
                    .map { try $0.decode("target_id", as: String.self) }
            }
            #expect(seen == ["0", "1"], "the retried writer saw the first one's row")
        }
    }

    @Test func testWithTransaction_whenSerializationFailsWithoutRetries_mapsToSerializationFailure() async throws {
        try await ScratchDatabase.with { db in
            let bothRead = Barrier(parties: 2)
            let results = await withTaskGroup(of: (any Error)?.self) { group in
                for i in 0..<2 {
                    group.addTask {
                        do {
                            try await db.registry.withTransaction(tenant: "t1", isolation: .serializable) { tx in
                                _ = try await tx.query("SELECT count(*) FROM tenant_admin_audit_log")
                                await bothRead.arrive()
                                try await tx.execute("""
                                    INSERT INTO tenant_admin_audit_log (tenant_id, actor, action, target_type) VALUES ('t1', $1, 'x', 'y')
                                    """, [.text("w\(i)")])
                            }
                            return nil
                        } catch { return error }
                    }
                }
                return await group.reduce(into: [(any Error)?]()) { $0.append($1) }
            }
            let errors = results.compactMap { $0 as? AppError }
            #expect(errors.count == 1)
            #expect(errors.first?.code == .serializationFailure && errors.first?.httpStatus == 409)
        }
    }

    @Test func testConnection_whenBackendIsTerminated_isReplacedTransparently() async throws {
        try await ScratchDatabase.with { db in
            let pool = makePool(url(db.cluster.registryURL, database: db.name), maxConnections: 1)
            defer { pool.close() }
            let before = try await pool.withTransaction(tenant: nil) { tx in try await tx.backendPID() }
            let terminated = try await db.registry.withTransaction(tenant: nil) { tx in
                try await tx.query("SELECT pg_terminate_backend($1) AS ok", [.int(Int64(before))])
                    .single().decode("ok", as: Bool.self)
            }
            #expect(terminated)
            // The next transaction finds the session dead at BEGIN and reconnects.
            let after = try await pool.withTransaction(tenant: nil) { tx in try await tx.backendPID() }
            #expect(after != before)
            #expect(pool.stats.open == 1)
        }
    }

    @Test func testQuery_whenConnectionDiesMidTransaction_failsUnavailableAndNextCallWorks() async throws {
        try await ScratchDatabase.with { db in
            let pool = makePool(url(db.cluster.registryURL, database: db.name), maxConnections: 1)
            defer { pool.close() }
            let error = await #expect(throws: AppError.self) {
                try await pool.withTransaction(tenant: nil) { tx in
                    _ = try await tx.query("SELECT pg_terminate_backend(pg_backend_pid())")
                }
            }
            #expect(error?.code == .unavailable)
            let ok = try await pool.withTransaction(tenant: nil) { tx in
                try await tx.query("SELECT true AS ok").single().decode("ok", as: Bool.self)
            }
            #expect(ok)
        }
    }

    @Test func testConnect_whenServerIsUnreachable_failsUnavailable() async throws {
        let pool = PostgresPool(configuration: PostgresConfiguration(
            url: "postgresql://nobody:secret@127.0.0.1:1/none", connectTimeoutSeconds: 2), logger: testLogger())
        defer { pool.close() }
        let error = await #expect(throws: AppError.self) {
            try await pool.withTransaction(tenant: nil) { tx in _ = try await tx.query("SELECT 1") }
        }
        #expect(error?.code == .unavailable)
        #expect(error.map { !$0.description.contains("secret") } == true, "the password must not leak into errors")
    }

    @Test func testWithTransaction_whenTenantIdIsMalformed_throwsBadRequestWithoutQuerying() async throws {
        let pool = PostgresPool(configuration: PostgresConfiguration(url: "postgresql://127.0.0.1:1/none"),
                                logger: testLogger())
        defer { pool.close() }
        for bad in ["", "a b", "tenant'; --", String(repeating: "x", count: 129), "-lead", "t\u{0}"] {
            let error = await #expect(throws: AppError.self) {
                try await pool.withTransaction(tenant: bad) { _ in }
            }
            #expect(error?.code == .badRequest)
        }
        #expect(pool.stats.open == 0)
    }

    @Test func testPreparedStatement_whenReusedAndAfterReconnect_keepsWorking() async throws {
        try await ScratchDatabase.with { db in
            let pool = makePool(url(db.cluster.registryURL, database: db.name), maxConnections: 1)
            defer { pool.close() }
            let insert = PreparedStatement("""
                INSERT INTO tenant_admin_audit_log (tenant_id, actor, action, target_type, target_id)
                VALUES (current_setting('app.tenant_id'), 'a', 'x', 'y', $1) RETURNING id
                """)
            for i in 0..<20 {
                try await pool.withTransaction(tenant: "t1") { tx in try await tx.execute(insert, [.text("\(i)")]) }
            }
            let pid = try await pool.withTransaction(tenant: nil) { tx in try await tx.backendPID() }
            _ = try await db.registry.withTransaction(tenant: nil) { tx in
                try await tx.query("SELECT pg_terminate_backend($1)", [.int(Int64(pid))])
            }
            try await pool.withTransaction(tenant: "t1") { tx in try await tx.execute(insert, [.text("after")]) }
            let n = try await pool.withTransaction(tenant: "t1") { tx in
                try await tx.query("SELECT count(*) AS n FROM tenant_admin_audit_log").single().decode("n", as: Int.self)
            }
            #expect(n == 21)
        }
    }

    @Test func testWithTransaction_whenCalledFromAnActor_canUseTheActorsState() async throws {
        try await ScratchDatabase.with { db in
            let cache = TenantCache()
            try await cache.load(pool: db.registry, tenant: "t1")
            #expect(await cache.loaded == ["t1": 1])
        }
    }
}

/// An actor that keeps non-Sendable state and mutates it inside the transaction closure.
private actor TenantCache {
    var loaded: [String: Int] = [:]

    func load(pool: PostgresPool, tenant: String) async throws {
        try await pool.withTransaction(tenant: tenant) { tx in
            let one = try await tx.query("SELECT 1 AS one").single().decode("one", as: Int.self)
            loaded[tenant] = one
        }
    }
}
