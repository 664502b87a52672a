import Foundation
@testable import Postgres
import Shared

/// A fresh, migrated database in the test cluster, dropped afterwards, so tests neither see nor
/// leave each other's rows. `registryURL` connects as the service role `alga_registry` (what
/// the registry under test uses); `owner` is the schema owner, for the tests' own checks.
struct ScratchDatabase: Sendable {
    let name: String
    let registryURL: String
    let owner: PostgresPool

    static func with<T: Sendable>(_ body: (ScratchDatabase) async throws -> T) async throws -> T {
        let env = try await TestServices.postgresEnvironment()
        guard let ownerURL = env["ALGA_PG_OWNER_URL"], let registryURL = env["ALGA_PG_REGISTRY_URL"] else {
            throw TestFailure("scripts/pg did not write ALGA_PG_OWNER_URL / ALGA_PG_REGISTRY_URL")
        }
        let name = "alga_reg_" + String(RequestID.generate().prefix(12))
        let admin = pool(ownerURL, connections: 1)
        defer { admin.close() }
        try await ddl("CREATE DATABASE \(name)", on: admin)
        let owner = pool(url(ownerURL, database: name), connections: 1)
        let db = ScratchDatabase(name: name, registryURL: url(registryURL, database: name), owner: owner)
        let result: Result<T, any Error>
        do {
            _ = try await Migrator(pool: owner, logger: quietLogger()).migrate(try Migration.load(directory: TestServices.migrations))
            result = .success(try await body(db))
        } catch {
            result = .failure(error)
        }
        owner.close()
        try await drop(name, admin)
        return try result.get()
    }

    /// Rows of a global table (tenant tables show nothing without a tenant: forced RLS).
    func count(_ table: String, where condition: String = "true") async throws -> Int {
        try await owner.withTransaction(tenant: nil, readOnly: true) { tx in
            try await tx.query("SELECT count(*) AS n FROM \(table) WHERE \(condition)").single().decode("n", as: Int.self)
        }
    }

    /// Rows of a tenant table as `tenant` sees them (owner role, forced RLS applies).
    func count(_ table: String, tenant: String) async throws -> Int {
        try await owner.withTransaction(tenant: tenant, readOnly: true) { tx in
            try await tx.query("SELECT count(*) AS n FROM \(table)").single().decode("n", as: Int.self)
        }
    }

    static func pool(_ url: String, connections: Int) -> PostgresPool {
        PostgresPool(configuration: PostgresConfiguration(url: url, maxConnections: connections, acquireTimeout: .seconds(20),
                                                          applicationName: "registry-tests"),
                     logger: quietLogger())
    }

    static func url(_ url: String, database: String) -> String {
        guard let slash = url.lastIndex(of: "/") else { return url }
        return String(url[...slash]) + database
    }

    /// CREATE/DROP DATABASE cannot run in a transaction: sent through the pool's internals.
    static func ddl(_ sql: String, on pool: PostgresPool) async throws {
        let worker = try await pool.acquire()
        defer { pool.release(worker) }
        do {
            _ = try await worker.run { w in try w.connection(healthCheck: true).script(sql) }
        } catch let e as PostgresError {
            throw e.appError()
        }
    }

    private static func drop(_ name: String, _ admin: PostgresPool) async throws {
        var last: (any Error)?
        for _ in 0..<200 {
            do {
                try await ddl("DROP DATABASE IF EXISTS \(name)", on: admin)
                return
            } catch {
                last = error
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        throw TestFailure("could not drop \(name): \(String(describing: last))")
    }
}

func quietLogger() -> Logger { Logger(label: "registry-tests", level: .warning, handler: InMemoryLogHandler()) }
