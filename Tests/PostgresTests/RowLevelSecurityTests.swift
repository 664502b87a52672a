import Postgres
import Shared
import TestSupport
import Testing

/// Tenant isolation as the service roles see it, on every tenant-owned table.
@Suite(.ownThread) struct RowLevelSecurityTests {
    struct Tenants: Sendable {
        let a: TenantFixture
        let b: TenantFixture
    }

    private func withTwoTenants(_ body: (ScratchDatabase, Tenants) async throws -> Void) async throws {
        try await ScratchDatabase.with { db in
            let (registryID, versionID) = try await TenantFixture.publish(db)
            let a = try await TenantFixture.seed(db, tenant: "tenant-a", registryID: registryID, versionID: versionID)
            let b = try await TenantFixture.seed(db, tenant: "tenant-b", registryID: registryID, versionID: versionID)
            try await body(db, Tenants(a: a, b: b))
        }
    }

    /// Tenant-owned tables per the catalog: a tenant_id column, not a partition, not change_seq.
    private func tenantTables(_ db: ScratchDatabase) async throws -> [String] {
        try await db.owner.withTransaction(tenant: nil) { tx in
            try await tx.query("""
                SELECT c.relname FROM pg_class c
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
                WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                  AND c.relname <> 'change_seq'
                ORDER BY 1
                """).map { try $0.decode("relname", as: String.self) }
        }
    }

    @Test func testSelect_whenTenantA_seesNoRowOfTenantBInAnyTenantTable() async throws {
        try await withTwoTenants { db, t in
            let tables = try await tenantTables(db)
            #expect(tables == TenantFixture.tables.sorted(), "every tenant table must be covered by the fixture")
            var checked = Set<String>()
            for (role, pool) in [("alga_registry", db.registry), ("alga_gateway", db.gateway)] {
                for table in tables {
                    let readable = try await pool.withTransaction(tenant: nil) { tx in
                        try await tx.query("SELECT has_any_column_privilege($1, $2, 'SELECT') AS r",
                                           [.text(role), .text(table)]).single().decode("r", as: Bool.self)
                    }
                    guard readable else { continue }
                    checked.insert(table)
                    for tenant in [t.a.tenant, t.b.tenant] {
                        // No WHERE clause: RLS alone decides what is visible.
                        let row = try await pool.withTransaction(tenant: tenant) { tx in
                            try await tx.query("""
                                SELECT count(*) AS n, count(*) FILTER (WHERE tenant_id <> $1) AS foreign FROM "\(table)"
                                """, [.text(tenant)]).single()
                        }
                        #expect(try row.decode("n", as: Int.self) >= 1, "\(role) sees none of \(tenant)'s rows in \(table)")
                        #expect(try row.decode("foreign", as: Int.self) == 0, "\(role) as \(tenant) sees foreign rows in \(table)")
                    }
                    let none = try await pool.withTransaction(tenant: nil) { tx in
                        try await tx.query("SELECT count(*) AS n FROM \"\(table)\"").single().decode("n", as: Int.self)
                    }
                    #expect(none == 0, "\(role) without a tenant sees rows in \(table)")
                }
            }
            #expect(checked == Set(tables), "some tenant table is readable by no service role")
        }
    }

    @Test func testWrite_whenRowBelongsToAnotherTenant_failsOrTouchesNothing() async throws {
        try await withTwoTenants { db, t in
            // Inserting a row for B while scoped to A violates the policy's WITH CHECK.
            let insert = await #expect(throws: AppError.self) {
                try await db.registry.withTransaction(tenant: t.a.tenant) { tx in
                    try await tx.execute("""
                        INSERT INTO tenant_admin_audit_log (tenant_id, actor, action, target_type) VALUES ($1, 'x', 'evil', 'x')
                        """, [.text(t.b.tenant)])
                }
            }
            #expect(insert?.code == .forbidden)
            let log = await #expect(throws: AppError.self) {
                try await db.gateway.withTransaction(tenant: t.a.tenant) { tx in
                    try await tx.execute("""
                        INSERT INTO extension_execution_log (started_at, tenant_id, request_id, http_status, duration_us)
                        VALUES (now(), $1, 'r', 200, 1)
                        """, [.text(t.b.tenant)])
                }
            }
            #expect(log?.code == .forbidden)
            // A's KV row pointing at B's install: the composite foreign key refuses it.
            let kv = await #expect(throws: AppError.self) {
                try await db.registry.withTransaction(tenant: t.a.tenant) { tx in
                    try await tx.execute("INSERT INTO extension_kv_record (tenant_id, install_id, key, value) VALUES ($1, $2, 'k', '\\x00')",
                                         [.text(t.a.tenant), .uuid(t.b.installID)])
                }
            }
            #expect(kv?.code == .conflict)
            // Updates and deletes aimed at B's rows find nothing to touch.
            let touched = try await db.registry.withTransaction(tenant: t.a.tenant) { tx in
                let u = try await tx.execute("UPDATE tenant_extension_install SET enabled = false, disabled_reason = 'admin' WHERE id = $1",
                                             [.uuid(t.b.installID)])
                let d1 = try await tx.execute("DELETE FROM tenant_extension_install_secret WHERE install_id = $1", [.uuid(t.b.installID)])
                let d2 = try await tx.execute("DELETE FROM extension_kv_record")
                return [u, d1, d2]
            }
            #expect(touched[0] == 0 && touched[1] == 0)
            #expect(touched[2] == 1, "A may delete only its own KV row")
            let bState = try await db.registry.withTransaction(tenant: t.b.tenant) { tx in
                try await tx.query("""
                    SELECT (SELECT enabled FROM tenant_extension_install) AS enabled,
                           (SELECT count(*) FROM tenant_extension_install_secret) AS secrets,
                           (SELECT count(*) FROM extension_kv_record) AS kv
                    """).single()
            }
            #expect(try bState.decode("enabled", as: Bool.self))
            #expect(try bState.decode("secrets", as: Int.self) == 1 && bState.decode("kv", as: Int.self) == 1)
        }
    }

    @Test func testMoveRow_whenChangingTenantId_isRefused() async throws {
        try await withTwoTenants { db, t in
            let error = await #expect(throws: AppError.self) {
                try await db.registry.withTransaction(tenant: t.a.tenant) { tx in
                    try await tx.execute("UPDATE tenant_admin_audit_log SET tenant_id = $1", [.text(t.b.tenant)])
                }
            }
            #expect(error?.code == .forbidden)
            let bRows = try await db.registry.withTransaction(tenant: t.b.tenant) { tx in
                try await tx.query("SELECT count(*) AS n FROM tenant_admin_audit_log").single().decode("n", as: Int.self)
            }
            #expect(bRows == 1)
        }
    }

    @Test func testWrite_whenNoTenantIsSet_fails() async throws {
        try await withTwoTenants { db, t in
            let error = await #expect(throws: AppError.self) {
                try await db.registry.withTransaction(tenant: nil) { tx in
                    try await tx.execute("""
                        INSERT INTO tenant_admin_audit_log (tenant_id, actor, action, target_type) VALUES ($1, 'x', 'a', 'x')
                        """, [.text(t.a.tenant)])
                }
            }
            #expect(error?.code == .forbidden)
            let changed = try await db.registry.withTransaction(tenant: nil) { tx in
                try await tx.execute("UPDATE tenant_extension_install SET enabled = false, disabled_reason = 'admin'")
            }
            #expect(changed == 0)
        }
    }

    @Test func testPooledConnection_whenUsedForAThenB_neverCarriesA() async throws {
        try await withTwoTenants { db, t in
            let pool = makePool(url(db.cluster.registryURL, database: db.name), maxConnections: 1)
            defer { pool.close() }
            func look(_ tenant: String?) async throws -> (pid: Int32, setting: String?, installs: [String]) {
                try await pool.withTransaction(tenant: tenant) { tx in
                    let setting = try await tx.query("SELECT current_setting('app.tenant_id', true) AS s").single()
                        .decode("s", as: String?.self)
                    let installs = try await tx.query("SELECT tenant_id FROM tenant_extension_install")
                        .map { try $0.decode("tenant_id", as: String.self) }
                    return (try await tx.backendPID(), setting, installs)
                }
            }
            let first = try await look(t.a.tenant)
            #expect(first.setting == t.a.tenant && first.installs == [t.a.tenant])
            let second = try await look(t.b.tenant)
            #expect(second.pid == first.pid, "the test needs the same session for both tenants")
            #expect(second.setting == t.b.tenant && second.installs == [t.b.tenant])
            // Buggy code that sets the tenant for the whole session, then a transaction without tenant.
            try await pool.withTransaction(tenant: t.a.tenant) { tx in
                _ = try await tx.query("SELECT set_config('app.tenant_id', $1, false)", [.text(t.a.tenant)])
            }
            let third = try await look(nil)
            #expect(third.pid == first.pid)
            #expect(third.setting == "" && third.installs.isEmpty)
            // A transaction for A that fails half-way leaves nothing behind either.
            _ = try? await pool.withTransaction(tenant: t.a.tenant) { tx in
                _ = try await tx.query("SELECT 1/0")
            }
            let fourth = try await look(t.b.tenant)
            #expect(fourth.installs == [t.b.tenant])
        }
    }

    @Test func testCatalog_whenInspected_tenantTablesForceRLSAndServiceRolesOwnNothing() async throws {
        try await withTwoTenants { db, _ in
            let report = try await db.gateway.withTransaction(tenant: nil) { tx in
                let unforced = try await tx.query("""
                    SELECT c.relname FROM pg_class c
                    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
                    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND c.relname <> 'change_seq'
                      AND NOT (c.relrowsecurity AND c.relforcerowsecurity)
                    """).map { try $0.decode("relname", as: String.self) }
                let partitions = try await tx.query("""
                    SELECT count(*) AS n FROM pg_inherits WHERE inhparent = 'extension_execution_log'::regclass
                    """).single().decode("n", as: Int.self)
                let roles = try await tx.query("""
                    SELECT rolname, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolcanlogin FROM pg_roles
                    WHERE rolname IN ('alga_registry', 'alga_gateway', 'alga_rls_admin') ORDER BY rolname
                    """)
                let owned = try await tx.query("""
                    SELECT count(*) AS n FROM pg_class
                    WHERE pg_get_userbyid(relowner) IN ('alga_registry', 'alga_gateway')
                    """).single().decode("n", as: Int.self)
                let ownedFunctions = try await tx.query("""
                    SELECT count(*) AS n FROM pg_proc WHERE pg_get_userbyid(proowner) IN ('alga_registry', 'alga_gateway')
                    """).single().decode("n", as: Int.self)
                return (unforced, partitions, roles, owned, ownedFunctions)
            }
            #expect(report.0.isEmpty, "tenant tables without forced RLS: \(report.0)")
            #expect(report.1 >= 8, "default partition plus at least a week of daily partitions")
            #expect(report.2.count == 3)
            for role in report.2 {
                let name: String = try role.decode("rolname")
                #expect(try !role.decode("rolsuper", as: Bool.self), "\(name) is superuser")
                #expect(try !role.decode("rolcreaterole", as: Bool.self))
                #expect(try !role.decode("rolcreatedb", as: Bool.self))
                if name == "alga_rls_admin" {
                    #expect(try !role.decode("rolcanlogin", as: Bool.self), "the BYPASSRLS role must not log in")
                } else {
                    #expect(try !role.decode("rolbypassrls", as: Bool.self), "\(name) bypasses RLS")
                }
            }
            #expect(report.3 == 0 && report.4 == 0, "service roles must own nothing")
        }
    }

    @Test func testAccessMatrix_whenGatewayOrRegistryReachOutsideTheirTables_isDenied() async throws {
        try await withTwoTenants { db, t in
            for (pool, sql) in [
                (db.gateway, "SELECT count(*) FROM tenant_extension_install_secret"),
                (db.gateway, "SELECT count(*) FROM tenant_extension_install_config"),
                (db.gateway, "SELECT count(*) FROM extension_kv_record"),
                (db.gateway, "SELECT granted_caps FROM tenant_extension_install"),
                (db.gateway, "SELECT key_hash FROM gateway_api_key"),
                (db.gateway, "SELECT count(*) FROM change_seq"),
                (db.gateway, "SELECT count(*) FROM extension_execution_log_default"),
                (db.registry, "SELECT count(*) FROM extension_execution_log"),
                (db.registry, "SELECT count(*) FROM gateway_idempotency_record"),
                (db.registry, "SELECT count(*) FROM extension_quota_usage"),
                (db.registry, "DELETE FROM tenant_admin_audit_log"),
                (db.registry, "DELETE FROM platform_audit_log"),
                (db.registry, "SELECT * FROM alga_api_key_lookup('\\x00')"),
                (db.gateway, "SELECT * FROM alga_disable_installs_signed_by('k', now())"),
            ] as [(PostgresPool, String)] {
                let error = await #expect(throws: AppError.self, "\(sql)") {
                    try await pool.withTransaction(tenant: t.a.tenant) { tx in try await tx.execute(sql) }
                }
                #expect(error?.code == .forbidden, "\(sql) -> \(String(describing: error))")
            }
        }
    }
}
