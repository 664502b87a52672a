import Foundation
@testable import Postgres
import Shared

/// A fresh, migrated database in the test cluster of `scripts/pg`, dropped afterwards, so tests
/// neither see nor leave each other's rows. `registryURL` connects as the service role
/// `alga_registry` (what registry-svc uses); `owner` is the schema owner, for the tests' own
/// checks and set-ups (counts, quotas, tampering); `ownerURL` is what `pg_dump` uses.
///
/// Shared by RegistryTests and CapabilityTests; each has a `ScratchDatabase.with { }` that passes
/// its cluster environment, migrations directory and names (`ScratchDatabase+<Target>.swift`).
public struct ScratchDatabase: Sendable {
    public let name: String
    public let registryURL: String
    public let ownerURL: String
    public let owner: PostgresPool

    /// Creates `<prefix><random>` with the owner URL of `environment` (`ALGA_PG_OWNER_URL`,
    /// `ALGA_PG_REGISTRY_URL`), applies the migrations in `migrations`, runs `body`, then drops
    /// the database whether or not `body` threw. `applicationName` labels the connections.
    public static func with<T: Sendable>(environment: [String: String], migrations: String, prefix: String,
                                         applicationName: String, ownerConnections: Int,
                                         _ body: (ScratchDatabase) async throws -> T) async throws -> T {
        guard let ownerURL = environment["ALGA_PG_OWNER_URL"], let registryURL = environment["ALGA_PG_REGISTRY_URL"] else {
            throw Failure(description: "scripts/pg did not write ALGA_PG_OWNER_URL / ALGA_PG_REGISTRY_URL")
        }
        let name = prefix + String(RequestID.generate().prefix(12)).lowercased().filter { $0.isLetter || $0.isNumber }
        let admin = pool(ownerURL, connections: 1, applicationName: applicationName)
        defer { admin.close() }
        try await ddl("CREATE DATABASE \(name)", on: admin)
        let owner = pool(url(ownerURL, database: name), connections: ownerConnections, applicationName: applicationName)
        let db = ScratchDatabase(name: name, registryURL: url(registryURL, database: name), ownerURL: url(ownerURL, database: name),
                                 owner: owner)
        let result: Result<T, any Error>
        do {
            _ = try await Migrator(pool: owner, logger: quietLogger(applicationName))
                .migrate(try Migration.load(directory: migrations))
            result = .success(try await body(db))
        } catch {
            result = .failure(error)
        }
        owner.close()
        try await drop(name, admin)
        return try result.get()
    }

    /// Rows of a global table (tenant tables show nothing without a tenant: forced RLS).
    public func count(_ table: String, where condition: String = "true") async throws -> Int {
        try await owner.withTransaction(tenant: nil, readOnly: true) { tx in
            try await tx.query("SELECT count(*) AS n FROM \(table) WHERE \(condition)").single().decode("n", as: Int.self)
        }
    }

    /// Rows of a tenant table as `tenant` sees them (owner role, forced RLS applies).
    public func count(_ table: String, tenant: String) async throws -> Int {
        try await owner.withTransaction(tenant: tenant, readOnly: true) { tx in
            try await tx.query("SELECT count(*) AS n FROM \(table)").single().decode("n", as: Int.self)
        }
    }

    /// Runs `sql` as the owner in `tenant`'s transaction (forced RLS applies to the owner too).
    public func execute(_ sql: String, _ params: [PostgresValue] = [], tenant: String?) async throws -> Int {
        try await owner.withTransaction(tenant: tenant) { tx in try await tx.execute(sql, params) }
    }

    public func query(_ sql: String, _ params: [PostgresValue] = [], tenant: String?) async throws -> PostgresRows {
        try await owner.withTransaction(tenant: tenant, readOnly: true) { tx in try await tx.query(sql, params) }
    }

    public static func pool(_ url: String, connections: Int, applicationName: String) -> PostgresPool {
        PostgresPool(configuration: PostgresConfiguration(url: url, maxConnections: connections, acquireTimeout: .seconds(20),
                                                          applicationName: applicationName),
                     logger: quietLogger(applicationName))
    }

    /// `url` with its database (the last path component) replaced by `database`.
    public static func url(_ url: String, database: String) -> String {
        guard let slash = url.lastIndex(of: "/") else { return url }
        return String(url[...slash]) + database
    }

    /// A statement that cannot run in a transaction (CREATE/DROP DATABASE, GRANT/REVOKE in a
    /// test's setup), sent through the pool's internals: the public API only offers transactions.
    public static func ddl(_ sql: String, on pool: PostgresPool) async throws {
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
        throw Failure(description: "could not drop \(name): \(String(describing: last))")
    }

    private static func quietLogger(_ label: String) -> Logger {
        Logger(label: label, level: .warning, handler: InMemoryLogHandler())
    }

    /// The cluster's environment lacks a URL, or the database could not be dropped.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }
}
