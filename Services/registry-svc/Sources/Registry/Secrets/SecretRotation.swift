import Postgres
import Shared

/// Re-encrypts every install secret still under an older key-encryption key with the current
/// (highest) version of `SECRETS_KEK_FILE`, while the registry keeps serving
/// (`registry-svc rotate-secrets`; procedure in docs/capabilities.md).
///
/// Each secret is rewritten in its own short transaction of its own tenant (row-level security
/// applies): lock the row, decrypt under the version it names, seal under the current version
/// with a fresh nonce, and update only if the row still holds what was read. Readers see the old
/// or the new ciphertext, and both decrypt as long as the old key stays in the file. A row that
/// does not decrypt (retired or wrong key, tampered) is reported by id and left alone; the run
/// then fails, and the old key must not be removed. Identifiers come from
/// `alga_secret_refs_below_key_version` (ids only, never ciphertext); nothing here logs or
/// prints a value.
public struct SecretRotation: Sendable {
    public struct Failure: Sendable, Equatable {
        public var tenant: String
        public var install: String
        public var name: String
        public var reason: String
    }

    public struct Report: Sendable {
        /// The key version every rotated secret is now under.
        public var keyVersion: Int
        public var rotated = 0
        /// Rows that changed under the command (rewritten by an install update) and needed nothing.
        public var skipped = 0
        public var failures: [Failure] = []
        /// Secrets still under an older version after the run (0: older keys may be retired).
        public var remaining = 0

        public var json: JSONValue {
            ["key_version": .int(Int64(keyVersion)), "rotated": .int(Int64(rotated)), "skipped": .int(Int64(skipped)),
             "remaining_below_key_version": .int(Int64(remaining)),
             "failed": .array(failures.map { ["tenant_id": .string($0.tenant), "install_id": .string($0.install),
                                              "name": .string($0.name), "reason": .string($0.reason)] })]
        }
    }

    let pool: PostgresPool
    let box: SecretBox
    let batch: Int

    public init(pool: PostgresPool, keyFile: String, batch: Int = 500) {
        self.pool = pool
        self.box = SecretBox(keys: KeyEncryptionKeys(path: keyFile))
        self.batch = batch
    }

    /// Rotates until no secret below the current version is left (or only failing ones are).
    /// - Parameter checkOnly: count what would be rotated, change nothing.
    public func run(checkOnly: Bool = false) async throws -> Report {
        guard let current = box.keys?.current?.version else {
            throw AppError(.secretsUnavailable, status: 503, "SECRETS_KEK_FILE holds no valid key")
        }
        var report = Report(keyVersion: current)
        if checkOnly {
            report.remaining = try await remaining(below: current)
            return report
        }
        var failed = Set<[String]>()
        while true {
            let refs = try await pool.withTransaction(tenant: nil, readOnly: true) { tx in
                try await tx.query("""
                    SELECT tenant_id, install_id::text AS install_id, name FROM alga_secret_refs_below_key_version($1, $2)
                    """, [.int(current), .int(batch)])
                    .map { row throws(AppError) in [try row.decode("tenant_id", as: String.self),
                                                    try row.decode("install_id", as: String.self),
                                                    try row.decode("name", as: String.self)] }
            }
            // Rows rotated, skipped or vanished are not returned again; failed ones are set
            // aside, so the loop ends when only failures (or nothing) are left.
            let fresh = refs.filter { !failed.contains($0) }
            if fresh.isEmpty { break }
            for ref in fresh {
                do {
                    if try await rotate(tenant: ref[0], install: ref[1], name: ref[2], to: current) {
                        report.rotated += 1
                    } else {
                        report.skipped += 1
                    }
                } catch {
                    failed.insert(ref)
                    report.failures.append(Failure(tenant: ref[0], install: ref[1], name: ref[2],
                                                   reason: AppError.wrapping(error).code.rawValue))
                }
            }
        }
        report.remaining = try await remaining(below: current)
        return report
    }

    /// One secret to `version`; false when the row changed or vanished meanwhile.
    func rotate(tenant: String, install: String, name: String, to version: Int) async throws -> Bool {
        try await pool.withTransaction(tenant: tenant) { tx in
            guard let row = try await tx.query("""
                SELECT ciphertext, nonce, key_version FROM tenant_extension_install_secret
                 WHERE install_id = $1::uuid AND name = $2 FOR UPDATE
                """, [.text(install), .text(name)]).first else { return false }
            let old = SecretBox.Sealed(ciphertext: try row.decode("ciphertext"), nonce: try row.decode("nonce"),
                                       keyVersion: Int(try row.decode("key_version", as: Int64.self)))
            guard old.keyVersion < version else { return false }
            let plain = try box.open(old, tenant: tenant, install: install, name: name)
            let sealed = try box.seal(plain, tenant: tenant, install: install, name: name)
            guard sealed.keyVersion == version else {
                throw AppError(.conflict, status: 409, "the key file changed during rotation; run the command again")
            }
            let updated = try await tx.execute("""
                UPDATE tenant_extension_install_secret SET ciphertext = $3, nonce = $4, key_version = $5
                 WHERE install_id = $1::uuid AND name = $2 AND key_version = $6 AND nonce = $7
                """, [.text(install), .text(name), .bytes(sealed.ciphertext), .bytes(sealed.nonce), .int(version),
                      .int(old.keyVersion), .bytes(old.nonce)])
            return updated == 1
        }
    }

    private func remaining(below version: Int) async throws -> Int {
        try await pool.withTransaction(tenant: nil, readOnly: true) { tx in
            try await tx.query("SELECT count(*) AS n FROM alga_secret_refs_below_key_version($1, 10000)", [.int(version)])
                .single().decode("n", as: Int.self)
        }
    }
}
