import Shared

/// Applies migrations in version order, each in its own transaction together with its row in
/// `alga_schema_migrations` (version, name, checksum, who, when). Re-running is a no-op; an
/// applied migration whose file changed is an error (`migration_invalid`), checked before
/// anything is applied. A session advisory lock keeps concurrent migrators (several replicas
/// starting at once, or `scripts/pg`) from interleaving.
///
/// Run it with the owner role's pool: the tables it creates belong to whoever runs it.
public struct Migrator: Sendable {
    /// Advisory-lock key, shared with scripts/pg.
    static let lockKey: Int64 = 4_242_001

    static let createTableSQL = """
        CREATE TABLE IF NOT EXISTS alga_schema_migrations (
            version     integer PRIMARY KEY CHECK (version > 0),
            name        text NOT NULL,
            checksum    text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
            applied_at  timestamptz NOT NULL DEFAULT now(),
            applied_by  text NOT NULL DEFAULT current_user
        )
        """

    public struct Report: Sendable, Equatable {
        /// Versions applied by this run, in order.
        public var applied: [Int]
        /// Versions that were already applied (checksums verified).
        public var alreadyApplied: [Int]
    }

    let pool: PostgresPool
    let logger: Logger

    public init(pool: PostgresPool, logger: Logger) {
        self.pool = pool
        self.logger = logger
    }

    /// Verifies the applied migrations' checksums, then applies the pending ones.
    public func migrate(_ migrations: [Migration]) async throws -> Report {
        let worker = try await pool.acquire()
        defer { pool.release(worker) }
        let logger = self.logger
        do {
            return try await worker.run { w in try Self.migrate(migrations, on: try w.connection(healthCheck: true), logger) }
        } catch let e as PostgresError {
            throw e.appError()
        }
    }

    /// Versions and checksums recorded in the database.
    public func appliedChecksums() async throws -> [Int: String] {
        try await pool.withTransaction(tenant: nil, readOnly: true) { tx in
            let exists = try await tx.query("SELECT to_regclass('public.alga_schema_migrations') IS NOT NULL AS e")
            guard try exists.single().decode("e", as: Bool.self) else { return [:] }
            var out: [Int: String] = [:]
            for row in try await tx.query("SELECT version, checksum FROM alga_schema_migrations") {
                out[try row.decode("version")] = try row.decode("checksum", as: String.self)
            }
            return out
        }
    }

    private static func migrate(_ migrations: [Migration], on conn: PostgresConnection, _ logger: Logger) throws
        -> Report
    {
        _ = try conn.query("SELECT pg_advisory_lock($1)", try EncodedParameters([.int(lockKey)]))
        defer { _ = try? conn.query("SELECT pg_advisory_unlock($1)", try EncodedParameters([.int(lockKey)])) }
        _ = try conn.script(createTableSQL)
        var applied: [Int: String] = [:]
        for row in try conn.query("SELECT version, checksum FROM alga_schema_migrations", try EncodedParameters([])) {
            applied[try row.decode("version")] = try row.decode("checksum", as: String.self)
        }
        for m in migrations {
            if let recorded = applied[m.version], recorded != m.checksum {
                throw AppError(.migrationInvalid, status: 500,
                               "migration \(m.label) was changed after it was applied (recorded checksum \(recorded), file \(m.checksum))")
            }
        }
        let known = Set(migrations.map(\.version))
        for v in applied.keys.sorted() where !known.contains(v) {
            logger.warning("database has migration \(v) that this build does not know", ["db.migration": .int(Int64(v))])
        }
        var report = Report(applied: [], alreadyApplied: migrations.map(\.version).filter { applied[$0] != nil })
        for m in migrations where applied[m.version] == nil {
            let start = ContinuousClock.now
            // A migration may legitimately run longer than the pool's statement timeout.
            _ = try conn.script("BEGIN; SET LOCAL statement_timeout = 0")
            do {
                _ = try conn.script(m.sql)
                _ = try conn.query("INSERT INTO alga_schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                                   try EncodedParameters([.int(m.version), .text(m.name), .text(m.checksum)]))
                let tag = try conn.commandTag("COMMIT")
                guard tag == "COMMIT" else {
                    throw PostgresError(sqlState: "25P02", message: "COMMIT of migration \(m.label) rolled back")
                }
            } catch let e as PostgresError {
                if conn.isUsable && !conn.isIdle { _ = try? conn.script("ROLLBACK") }
                throw AppError(.migrationInvalid, status: 500, "migration \(m.label) failed: \(e.description)", cause: e)
            }
            report.applied.append(m.version)
            logger.info("applied migration \(m.label)", ["db.migration": .int(Int64(m.version)),
                                                          "db.duration_ms": .int((ContinuousClock.now - start).wholeMilliseconds)])
        }
        return report
    }
}
