import Foundation
import Postgres
import Shared
import TestSupport
import Testing

@Suite(.ownThread) struct MigratorTests {
    let all = (try? Migration.load(directory: TestCluster.migrationsDirectory)) ?? []

    @Test func testMigrate_whenDatabaseIsEmpty_appliesEveryMigrationInOrder() async throws {
        #expect(all.count >= 9)
        try await ScratchDatabase.with(migrate: false) { db in
            let report = try await Migrator(pool: db.owner, logger: testLogger()).migrate(all)
            #expect(report.applied == all.map(\.version))
            #expect(report.alreadyApplied.isEmpty)
            let recorded = try await Migrator(pool: db.owner, logger: testLogger()).appliedChecksums()
            #expect(recorded == Dictionary(uniqueKeysWithValues: all.map { ($0.version, $0.checksum) }))
            let owners = try await db.owner.withTransaction(tenant: nil) { tx in
                try await tx.query("""
                    SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class
                    WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p', 'S', 'v')
                    """).map { try $0.decode("owner", as: String.self) }
            }
            #expect(owners == ["alga_owner"])
        }
    }

    @Test func testMigrate_whenRunAgain_isNoOp() async throws {
        try await ScratchDatabase.with { db in
            let migrator = Migrator(pool: db.owner, logger: testLogger())
            let before = try await migrator.appliedChecksums()
            let report = try await migrator.migrate(all)
            #expect(report.applied.isEmpty)
            #expect(report.alreadyApplied == all.map(\.version))
            #expect(try await migrator.appliedChecksums() == before)
        }
    }

    @Test func testMigrate_whenClusterWasMigratedByScript_isNoOp() async throws {
        // scripts/pg applies migrations with psql; the Swift Migrator must agree on every checksum.
        let cluster = try TestCluster.load()
        let pool = makePool(cluster.ownerURL, maxConnections: 1)
        defer { pool.close() }
        let report = try await Migrator(pool: pool, logger: testLogger()).migrate(all)
        #expect(report.applied.isEmpty)
        #expect(report.alreadyApplied == all.map(\.version))
    }

    @Test func testMigrate_whenAppliedMigrationChanged_failsBeforeApplyingAnything() async throws {
        let dir = try temporaryMigrations([
            "0001_first.sql": "CREATE TABLE first_table (id integer);",
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await ScratchDatabase.with(migrate: false) { db in
            let migrator = Migrator(pool: db.owner, logger: testLogger())
            _ = try await migrator.migrate(try Migration.load(directory: dir))
            try "CREATE TABLE first_table (id bigint);".write(toFile: dir + "/0001_first.sql", atomically: true, encoding: .utf8)
            try "CREATE TABLE second_table (id integer);".write(toFile: dir + "/0002_second.sql", atomically: true, encoding: .utf8)
            let error = await #expect(throws: AppError.self) {
                try await migrator.migrate(try Migration.load(directory: dir))
            }
            #expect(error?.code == .migrationInvalid)
            #expect(error?.message.contains("0001_first was changed") == true)
            #expect(try await migrator.appliedChecksums().keys.sorted() == [1])
        }
    }

    @Test func testMigrate_whenMigrationFails_rollsBackThatMigrationOnly() async throws {
        let dir = try temporaryMigrations([
            "0001_good.sql": "CREATE TABLE good_table (id integer);",
            "0002_bad.sql": "CREATE TABLE half_table (id integer);\nSELECT no_such_function();",
            "0003_after.sql": "CREATE TABLE after_table (id integer);",
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await ScratchDatabase.with(migrate: false) { db in
            let migrator = Migrator(pool: db.owner, logger: testLogger())
            let error = await #expect(throws: AppError.self) {
                try await migrator.migrate(try Migration.load(directory: dir))
            }
            #expect(error?.message.contains("0002_bad failed") == true)
            #expect(try await migrator.appliedChecksums().keys.sorted() == [1])
            let tables = try await db.owner.withTransaction(tenant: nil) { tx in
                try await tx.query("""
                    SELECT to_regclass('good_table') IS NOT NULL AS good, to_regclass('half_table') IS NOT NULL AS half,
                           to_regclass('after_table') IS NOT NULL AS after
                    """).single()
            }
            #expect(try tables.decode("good", as: Bool.self))
            #expect(try !tables.decode("half", as: Bool.self))
            #expect(try !tables.decode("after", as: Bool.self))
        }
    }

    @Test func testLoad_whenFileNameIsMalformed_throwsNamingTheFile() throws {
        let dir = try temporaryMigrations(["0001_ok.sql": "SELECT 1;", "2_missing_padding.sql": "SELECT 1;"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let error = #expect(throws: AppError.self) { try Migration.load(directory: dir) }
        #expect(error?.message.contains("2_missing_padding.sql") == true)
    }

    @Test func testChecksum_whenComputed_matchesSha256OfFileBytes() throws {
        let m = Migration(version: 1, name: "x", sql: "abc")
        #expect(m.checksum == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(m.label == "0001_x")
    }

    private func temporaryMigrations(_ files: [String: String]) throws -> String {
        let dir = NSTemporaryDirectory() + "alga-migrations-" + uniqueSuffix()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, sql) in files { try sql.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        return dir
    }
}
