import Postgres
import Shared
import TestSupport
import Testing

/// Invariants the schema enforces by itself, whatever the application sends.
@Suite(.ownThread) struct SchemaConstraintTests {
    private func withInstall(_ body: (ScratchDatabase, TenantFixture) async throws -> Void) async throws {
        try await ScratchDatabase.with(maxConnections: 8) { db in
            let (registryID, versionID) = try await TenantFixture.publish(db)
            try await body(db, try await TenantFixture.seed(db, tenant: "t1", registryID: registryID, versionID: versionID))
        }
    }

    @Test func testKVRecord_whenWrittenAndDeleted_revisionAndUsageFollow() async throws {
        try await withInstall { db, f in
            let result = try await db.registry.withTransaction(tenant: f.tenant) { tx in
                let install = PostgresValue.uuid(f.installID)
                try await tx.execute("INSERT INTO extension_kv_record (tenant_id, install_id, key, value) VALUES ('t1', $1, 'k', $2)",
                                     [install, .bytes([1, 2, 3, 4])])
                // The application cannot choose a revision: the trigger owns it.
                try await tx.execute("UPDATE extension_kv_record SET value = $2, revision = 100 WHERE install_id = $1 AND key = 'k'",
                                     [install, .bytes([9])])
                let rev: Int64 = try await tx.query("SELECT revision FROM extension_kv_record WHERE key = 'k'").single().decode("revision")
                let usage = try await tx.query("SELECT key_count, total_bytes FROM extension_kv_usage").single()
                try await tx.execute("DELETE FROM extension_kv_record WHERE key = 'k'")
                let after = try await tx.query("SELECT key_count, total_bytes FROM extension_kv_usage").single()
                return (rev, try usage.decode("key_count", as: Int.self), try usage.decode("total_bytes", as: Int.self),
                        try after.decode("key_count", as: Int.self), try after.decode("total_bytes", as: Int.self))
            }
            #expect(result.0 == 2)
            // The fixture's 'counter' (7 + 3 bytes) plus 'k' (1 + 1 bytes).
            #expect(result.1 == 2 && result.2 == 12)
            #expect(result.3 == 1 && result.4 == 10)
        }
    }

    @Test func testKVRecord_whenCompareAndSetUsesAStaleRevision_updatesNothing() async throws {
        try await withInstall { db, f in
            let (first, second) = try await db.registry.withTransaction(tenant: f.tenant) { tx in
                let cas = "UPDATE extension_kv_record SET value = $1 WHERE key = 'counter' AND revision = $2"
                return (try await tx.execute(cas, [.bytes([7]), .int(1)]), try await tx.execute(cas, [.bytes([8]), .int(1)]))
            }
            #expect(first == 1 && second == 0)
        }
    }

    @Test func testKVRecord_whenQuotaIsExceeded_failsWithQuotaExceeded() async throws {
        try await withInstall { db, f in
            try await db.registry.withTransaction(tenant: f.tenant) { tx in
                try await tx.execute("UPDATE tenant_extension_install SET kv_max_keys = 2, kv_max_value_bytes = 16 WHERE id = $1",
                                     [.uuid(f.installID)])
            }
            func put(_ key: String, _ size: Int) async throws {
                try await db.registry.withTransaction(tenant: f.tenant) { tx in
                    try await tx.execute("INSERT INTO extension_kv_record (tenant_id, install_id, key, value) VALUES ('t1', $1, $2, $3)",
                                         [.uuid(f.installID), .text(key), .bytes([UInt8](repeating: 1, count: size))])
                }
            }
            try await put("second", 16)
            let keys = await #expect(throws: AppError.self) { try await put("third", 1) }
            #expect(keys?.code == .quotaExceeded && keys?.httpStatus == 429)
            #expect(keys?.message.contains("key count quota of 2") == true)
            try await db.registry.withTransaction(tenant: f.tenant) { tx in
                try await tx.execute("DELETE FROM extension_kv_record WHERE key = 'second'")
            }
            let size = await #expect(throws: AppError.self) { try await put("big", 17) }
            #expect(size?.code == .quotaExceeded && size?.message.contains("16 bytes") == true)
        }
    }

    @Test func testKVRecord_whenConcurrentWritersRaceForTheLastSlot_exactlyOneWins() async throws {
        try await withInstall { db, f in
            try await db.registry.withTransaction(tenant: f.tenant) { tx in
                try await tx.execute("UPDATE tenant_extension_install SET kv_max_keys = 2 WHERE id = $1", [.uuid(f.installID)])
            }
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for i in 0..<8 {
                    group.addTask {
                        do {
                            try await db.registry.withTransaction(tenant: f.tenant) { tx in
                                try await tx.execute("""
                                    INSERT INTO extension_kv_record (tenant_id, install_id, key, value) VALUES ('t1', $1, $2, '\\x01')
                                    """, [.uuid(f.installID), .text("racer-\(i)")])
                            }
                            return true
                        } catch { return false }
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            let count = try await db.registry.withTransaction(tenant: f.tenant) { tx in
                try await tx.query("SELECT key_count FROM extension_kv_usage").single().decode("key_count", as: Int.self)
            }
            #expect(count == 2)
        }
    }

    @Test func testVersion_whenPublishedContentChanges_isRefusedButYankIsAllowed() async throws {
        try await withInstall { db, f in
            let error = await #expect(throws: AppError.self) {
                try await db.registry.withTransaction(tenant: nil) { tx in
                    try await tx.execute("UPDATE extension_version SET manifest = '{\"evil\":true}' WHERE id = $1", [.uuid(f.versionID)])
                }
            }
            #expect(error?.code == .conflict && error?.postgres?.constraint == "extension_version_immutable")
            let duplicate = await #expect(throws: AppError.self) {
                try await db.registry.withTransaction(tenant: nil) { tx in
                    try await tx.execute("""
                        INSERT INTO extension_version (registry_id, version, content_hash, runtime, manifest, published_by)
                        SELECT registry_id, version, content_hash, runtime, manifest, 'x' FROM extension_version WHERE id = $1
                        """, [.uuid(f.versionID)])
                }
            }
            #expect(duplicate?.postgres?.constraint == "extension_version_registry_version_key")
            let kinds = try await db.registry.withTransaction(tenant: nil) { tx in
                try await tx.execute("UPDATE extension_version SET state = 'yanked', yanked_at = now() WHERE id = $1", [.uuid(f.versionID)])
                return try await tx.query("SELECT kind FROM change_seq ORDER BY seq DESC LIMIT 1")
                    .map { try $0.decode("kind", as: String.self) }
            }
            #expect(kinds == ["version.yanked"])
        }
    }

    @Test func testInstall_whenPinnedVersionBelongsToAnotherExtension_isRefused() async throws {
        try await withInstall { db, f in
            let (otherRegistry, _) = try await TenantFixture.publish(db)
            let error = await #expect(throws: AppError.self) {
                try await db.registry.withTransaction(tenant: "t2") { tx in
                    try await tx.execute("""
                        INSERT INTO tenant_extension_install (tenant_id, registry_id, version_id, installed_by)
                        VALUES ('t2', $1, $2, 'admin')
                        """, [.uuid(otherRegistry), .uuid(f.versionID)])
                }
            }
            #expect(error?.postgres?.constraint == "tenant_extension_install_version_fkey")
            let caps = await #expect(throws: AppError.self) {
                try await db.registry.withTransaction(tenant: f.tenant) { tx in
                    try await tx.execute("UPDATE tenant_extension_install SET granted_caps = '{fs.write}'")
                }
            }
            #expect(caps?.code == .badRequest, "capabilities outside the vocabulary are refused")
        }
    }

    @Test func testSecret_whenNonceRepeatsUnderOneKeyVersion_isRefused() async throws {
        try await withInstall { db, f in
            let nonce = SecureRandom.bytes(12)
            let error = await #expect(throws: AppError.self) {
                try await db.registry.withTransaction(tenant: f.tenant) { tx in
                    for name in ["a", "b"] {
                        try await tx.execute("""
                            INSERT INTO tenant_extension_install_secret (tenant_id, install_id, name, ciphertext, nonce, key_version)
                            VALUES ('t1', $1, $2, $3, $4, 7)
                            """, [.uuid(f.installID), .text(name), .bytes(SecureRandom.bytes(20)), .bytes(nonce)])
                    }
                }
            }
            #expect(error?.postgres?.constraint == "tenant_extension_install_secret_nonce_key")
        }
    }

    @Test func testConfig_whenUpdated_versionIncreasesAndFeedRecordsIt() async throws {
        try await withInstall { db, f in
            let version = try await db.registry.withTransaction(tenant: f.tenant) { tx in
                try await tx.execute("UPDATE tenant_extension_install_config SET config = '{\"x\":1}', config_version = 1")
                try await tx.execute("UPDATE tenant_extension_install_config SET config = '{\"x\":2}'")
                return try await tx.query("SELECT config_version FROM tenant_extension_install_config").single()
                    .decode("config_version", as: Int.self)
            }
            #expect(version == 3)
        }
    }

    @Test func testUninstall_whenInstallIsDeleted_cascadesToItsDataInOneStatement() async throws {
        try await withInstall { db, f in
            let remaining = try await db.registry.withTransaction(tenant: f.tenant) { tx in
                try await tx.execute("DELETE FROM tenant_extension_install WHERE id = $1", [.uuid(f.installID)])
                return try await tx.query("""
                    SELECT (SELECT count(*) FROM tenant_extension_install_secret) + (SELECT count(*) FROM extension_kv_record)
                         + (SELECT count(*) FROM extension_kv_usage) + (SELECT count(*) FROM tenant_extension_install_config)
                         + (SELECT count(*) FROM extension_event_subscription) AS n
                    """).single().decode("n", as: Int.self)
            }
            #expect(remaining == 0)
            let deliveries = try await db.gateway.withTransaction(tenant: f.tenant) { tx in
                try await tx.query("SELECT count(*) AS n FROM extension_event_delivery").single().decode("n", as: Int.self)
            }
            #expect(deliveries == 0)
        }
    }
}
