import Foundation
import Postgres
import Shared
import TestSupport

/// A fresh database in the test cluster, created by the owner role, migrated with `Migrator`,
/// and dropped afterwards, so tests neither see nor leave each other's rows.
struct ScratchDatabase: Sendable {
    let name: String
    let cluster: TestCluster
    let owner: PostgresPool
    let registry: PostgresPool
    let gateway: PostgresPool

    /// Creates the database; `migrate: false` leaves it empty (for migration tests).
    static func with<T: Sendable>(migrate: Bool = true, maxConnections: Int = 4,
                                  _ body: (ScratchDatabase) async throws -> T) async throws -> T {
        let cluster = try TestCluster.load()
        let name = "alga_test_" + uniqueSuffix()
        let admin = makePool(cluster.ownerURL, maxConnections: 1)
        defer { admin.close() }
        try await createDatabase(name, admin)
        let db = ScratchDatabase(name: name, cluster: cluster,
                                 owner: makePool(url(cluster.ownerURL, database: name), maxConnections: 2),
                                 registry: makePool(url(cluster.registryURL, database: name), maxConnections: maxConnections),
                                 gateway: makePool(url(cluster.gatewayURL, database: name), maxConnections: maxConnections))
        let result: Result<T, any Error>
        do {
            if migrate {
                _ = try await Migrator(pool: db.owner, logger: testLogger())
                    .migrate(try Migration.load(directory: TestCluster.migrationsDirectory))
            }
            result = .success(try await body(db))
        } catch {
            result = .failure(error)
        }
        db.owner.close()
        db.registry.close()
        db.gateway.close()
        try await dropDatabase(name, admin)
        return try result.get()
    }

    /// CREATE/DROP DATABASE cannot run in a transaction block, so these go through a session
    /// function instead: the owner role has CREATEDB and owns what it creates.
    private static func createDatabase(_ name: String, _ admin: PostgresPool) async throws {
        do {
            try await admin.withTransaction(tenant: nil) { tx in
                _ = try await tx.query("SELECT 1")
            }
        } catch {
            throw TestSetupError("PostgreSQL test cluster unreachable (\(error)). Start it with `scripts/pg up`.")
        }
        try await TestSupport.ScratchDatabase.ddl("CREATE DATABASE \(name)", on: admin)
    }

    private static func dropDatabase(_ name: String, _ admin: PostgresPool) async throws {
        // Closed pools end their sessions asynchronously; wait (bounded) until they are gone.
        var lastError: (any Error)?
        for _ in 0..<100 {
            do {
                try await TestSupport.ScratchDatabase.ddl("DROP DATABASE IF EXISTS \(name)", on: admin)
                return
            } catch {
                lastError = error
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        throw TestSetupError("could not drop scratch database \(name): \(String(describing: lastError))")
    }
}
