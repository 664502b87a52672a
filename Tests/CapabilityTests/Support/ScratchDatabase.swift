import Foundation
@testable import Postgres
import Shared

/// A fresh, migrated database in the test cluster, dropped afterwards. `registryURL` connects
/// as `alga_registry` (what registry-svc uses); `owner` is the schema owner, for the tests' own
/// checks and set-ups (quotas, tampering); `ownerURL` is what `pg_dump` uses.
struct ScratchDatabase: Sendable {
    let name: String
    let registryURL: String
    let ownerURL: String
    let owner: PostgresPool

    static func with<T: Sendable>(_ body: (ScratchDatabase) async throws -> T) async throws -> T {
        let env = try await TestEnvironment.postgresEnvironment()
        guard let ownerURL = env["ALGA_PG_OWNER_URL"], let registryURL = env["ALGA_PG_REGISTRY_URL"] else {
            throw TestFailure("scripts/pg did not write ALGA_PG_OWNER_URL / ALGA_PG_REGISTRY_URL")
        }
        let name = "alga_caps_" + String(RequestID.generate().prefix(12)).lowercased().filter { $0.isLetter || $0.isNumber }
        let admin = pool(ownerURL, connections: 1)
        defer { admin.close() }
        try await ddl("CREATE DATABASE \(name)", on: admin)
        let owner = pool(url(ownerURL, database: name), connections: 2)
        let db = ScratchDatabase(name: name, registryURL: url(registryURL, database: name), ownerURL: url(ownerURL, database: name),
                                 owner: owner)
        let result: Result<T, any Error>
        do {
            _ = try await Migrator(pool: owner, logger: quietLogger()).migrate(try Migration.load(directory: TestEnvironment.migrations))
            result = .success(try await body(db))
        } catch {
            result = .failure(error)
        }
        owner.close()
        try await drop(name, admin)
        return try result.get()
    }

    /// Runs `sql` as the owner in `tenant`'s transaction (forced RLS applies to the owner too).
    func execute(_ sql: String, _ params: [PostgresValue] = [], tenant: String?) async throws -> Int {
        try await owner.withTransaction(tenant: tenant) { tx in try await tx.execute(sql, params) }
    }

    func query(_ sql: String, _ params: [PostgresValue] = [], tenant: String?) async throws -> PostgresRows {
        try await owner.withTransaction(tenant: tenant, readOnly: true) { tx in try await tx.query(sql, params) }
    }

    static func pool(_ url: String, connections: Int) -> PostgresPool {
        PostgresPool(configuration: PostgresConfiguration(url: url, maxConnections: connections, acquireTimeout: .seconds(20),
                                                          applicationName: "capability-tests"),
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

func quietLogger() -> Logger { Logger(label: "capability-tests", level: .warning, handler: InMemoryLogHandler()) }
