import Bundle
import Foundation
import Postgres
import Shared

/// Trust administration (admin credential): publisher keys with validity windows, rotation,
/// revocation. Revoking stops new publishes and installs of what the key no longer covers
/// (evaluation at each bundle's first-seen time, docs/signing.md) and, when asked, disables the
/// running installs of versions it signed at or after the revocation time.
struct TrustAdmin: Sendable {
    let database: RegistryDatabase
    let logger: Logger

    static let columns = """
        key_id, publisher, algorithm, public_key, valid_from, valid_until, created_at, created_by, revoked_at,
        revoked_by, revocation_reason
        """

    func add(publisher: String, key: PublisherKeyInput, audit: AuditContext) async throws -> JSONObject {
        try PublisherKeyInput.validatePublisher(publisher)
        return try await database.pool.withTransaction(tenant: nil) { tx in
            let row = try await Self.insert(publisher: publisher, key: key, createdBy: audit.actor, in: tx)
            try await AuditLog.platform(audit, action: "key.added", targetType: "publisher_key", targetID: key.keyID.rawValue,
                                        details: ["publisher": .string(publisher)], in: tx)
            return try Self.json(row)
        }
    }

    /// Adds `key` for the same publisher and ends the old key's window at `oldNotAfter`
    /// (default: when the new key starts), so both verify during the overlap.
    func rotate(keyID: String, to key: PublisherKeyInput, oldNotAfter: Date?, audit: AuditContext) async throws -> JSONObject {
        try await database.pool.withTransaction(tenant: nil) { tx in
            let old = try await Self.row(keyID, forUpdate: true, in: tx)
            guard try old.decode("revoked_at", as: Date?.self) == nil else {
                throw AppError(.keyAlreadyRevoked, status: 409, "key \(keyID) is revoked; add a new key instead")
            }
            let publisher: String = try old.decode("publisher")
            let end = oldNotAfter ?? key.notBefore
            guard end > (try old.decode("valid_from", as: Date.self)) else {
                throw AppError.badRequest("old_key_not_after: must be later than the old key's not_before")
            }
            let new = try await Self.insert(publisher: publisher, key: key, createdBy: audit.actor, in: tx)
            try await tx.execute("UPDATE publisher_key SET valid_until = $2 WHERE key_id = $1", [.text(keyID), .timestamp(end)])
            try await AuditLog.platform(audit, action: "key.rotated", targetType: "publisher_key", targetID: keyID,
                                        details: ["publisher": .string(publisher), "new_key_id": .string(key.keyID.rawValue),
                                                  "old_not_after": .time(Timestamp(end))], in: tx)
            return ["old": .object(try Self.json(try await Self.row(keyID, forUpdate: false, in: tx))),
                    "new": .object(try Self.json(new))]
        }
    }

    /// Revokes `keyID` from `revokedAt` on; with `disableInstalls`, disables every enabled
    /// install of a version the key signed that was first seen at or after `revokedAt`.
    func revoke(keyID: String, revokedAt: Date, reason: String?, disableInstalls: Bool,
                audit: AuditContext) async throws -> JSONObject {
        let (key, disabled) = try await database.pool.withTransaction(tenant: nil) { tx in
            let current = try await Self.row(keyID, forUpdate: true, in: tx)
            guard try current.decode("revoked_at", as: Date?.self) == nil else {
                throw AppError(.keyAlreadyRevoked, status: 409, "key \(keyID) is already revoked")
            }
            try await tx.execute("""
                UPDATE publisher_key SET revoked_at = $2, revoked_by = $3, revocation_reason = $4 WHERE key_id = $1
                """, [.text(keyID), .timestamp(revokedAt), .text(audit.actor), .optional(reason)])
            var disabled: [(tenant: String, install: String)] = []
            if disableInstalls {
                for row in try await tx.query("SELECT tenant_id, install_id::text AS install_id FROM alga_disable_installs_signed_by($1, $2)",
                                              [.text(keyID), .timestamp(revokedAt)]) {
                    disabled.append((try row.decode("tenant_id"), try row.decode("install_id")))
                }
            }
            try await AuditLog.platform(audit, action: "key.revoked", targetType: "publisher_key", targetID: keyID,
                                        details: ["revoked_at": .time(Timestamp(revokedAt)), "reason": .optional(reason),
                                                  "disabled_installs": .int(disabled.count)], in: tx)
            return (try Self.json(try await Self.row(keyID, forUpdate: false, in: tx)), disabled)
        }
        // Each affected tenant's own trail records why its install stopped (its own transaction,
        // under its row-level security).
        for (tenant, install) in disabled {
            do {
                try await database.pool.withTransaction(tenant: tenant) { tx in
                    try await AuditLog.tenant(audit, tenant: tenant, action: "install.disabled", targetType: "install",
                                              targetID: install, details: ["reason": "key_revoked", "key_id": .string(keyID)],
                                              in: tx)
                }
            } catch {
                logger.error("could not audit an install disabled by a key revocation",
                             ["ext.tenant_id": .string(tenant), "ext.install_id": .string(install),
                              "error": .string(AppError.wrapping(error).message)])
            }
        }
        var result = key
        result["disabled_installs"] = .array(disabled.map { ["tenant_id": .string($0.tenant), "install_id": .string($0.install)] })
        return result
    }

    func list(publisher: String?, page: PageRequest) async throws -> ([JSONValue], String?) {
        let rows = try await database.pool.withTransaction(tenant: nil, readOnly: true) { tx in
            try await tx.query("""
                SELECT \(Self.columns) FROM publisher_key
                 WHERE ($1::text IS NULL OR publisher = $1) AND ($2::text IS NULL OR key_id > $2)
                 ORDER BY key_id LIMIT $3
                """, [.optional(publisher), .optional(page.cursor?.first), .int(page.limit + 1)])
        }
        let items = try rows.prefix(page.limit).map { row throws(AppError) in JSONValue.object(try Self.json(row)) }
        let next = rows.count > page.limit ? PageRequest.encode([try rows[page.limit - 1].decode("key_id")]) : nil
        return (items, next)
    }

    func get(keyID: String) async throws -> JSONObject {
        try await database.pool.withTransaction(tenant: nil, readOnly: true) { tx in
            try Self.json(try await Self.row(keyID, forUpdate: false, in: tx))
        }
    }

    static func insert(publisher: String, key: PublisherKeyInput, createdBy: String,
                       in tx: PostgresTransaction) async throws -> PostgresRow {
        let rows = try await tx.query("""
            INSERT INTO publisher_key (key_id, publisher, public_key, valid_from, valid_until, created_by)
            VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING \(columns)
            """, [.text(key.keyID.rawValue), .text(publisher), .bytes(key.publicKey.rawRepresentation),
                  .timestamp(key.notBefore), key.notAfter.map { .timestamp($0) } ?? .null, .text(createdBy)])
        guard let row = rows.first else {
            throw AppError(.keyExists, status: 409, "key \(key.keyID) is already in the trust store")
        }
        return row
    }

    static func row(_ keyID: String, forUpdate: Bool, in tx: PostgresTransaction) async throws -> PostgresRow {
        guard let row = try await tx.query("SELECT \(columns) FROM publisher_key WHERE key_id = $1\(forUpdate ? " FOR UPDATE" : "")",
                                           [.text(keyID)]).first else {
            throw AppError(.keyNotFound, status: 404, "no key \(Authenticator.shown(keyID))")
        }
        return row
    }

    static func json(_ row: PostgresRow, now: Date = Date()) throws(AppError) -> JSONObject {
        let from: Date = try row.decode("valid_from")
        let until = try row.decode("valid_until", as: Date?.self)
        let revoked = try row.decode("revoked_at", as: Date?.self)
        let state = revoked.map { $0 <= now } == true ? "revoked"
            : now < from ? "not_yet_valid" : until.map { $0 <= now } == true ? "expired" : "active"
        return [
            "key_id": .string(try row.decode("key_id")), "publisher": .string(try row.decode("publisher")),
            "algorithm": .string(try row.decode("algorithm")),
            "public_key": .string(Base64.encode(try row.decode("public_key", as: [UInt8].self))),
            "not_before": .time(Timestamp(from)), "not_after": .time(until.map(Timestamp.init)),
            "created_at": .time(Timestamp(try row.decode("created_at"))), "created_by": .string(try row.decode("created_by")),
            "revoked_at": .time(revoked.map(Timestamp.init)), "revoked_by": .optional(try row.decode("revoked_by")),
            "revocation_reason": .optional(try row.decode("revocation_reason")), "state": .string(state),
        ]
    }
}
