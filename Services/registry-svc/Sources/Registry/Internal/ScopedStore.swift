import Bundle
import Foundation
import Postgres
import ServiceKit
import Shared

/// KV storage and secrets of one install, reached only with a per-request scoped token: the
/// tenant and install come from the verified token, never from the request, and every statement
/// runs under that tenant's row-level security. The install must exist, be enabled and have
/// granted the capability (`storage.kv`, `secrets.get`); otherwise 404 / 403 `capability_denied`.
/// Semantics follow the guest ABI (docs/guest-abi.md §4.10, §4.11).
struct ScopedStore: Sendable {
    let database: RegistryDatabase
    let secrets: SecretBox

    /// One secret's plaintext.
    func secret(_ token: ScopedToken, name: String) async throws -> [UInt8] {
        guard InstallSpec.isSecretName(name) else {
            throw AppError.badRequest("secret names are 1-128 characters of A-Z a-z 0-9 _ . -")
        }
        let sealed = try await database.pool.withTransaction(tenant: token.tenantID, readOnly: true) { tx -> SecretBox.Sealed? in
            try await Self.requireGrant(.secretsGet, token, in: tx)
            guard let row = try await tx.query("""
                SELECT ciphertext, nonce, key_version FROM tenant_extension_install_secret WHERE install_id = $1::uuid AND name = $2
                """, [.text(token.installID), .text(name)]).first else { return nil }
            return SecretBox.Sealed(ciphertext: try row.decode("ciphertext"), nonce: try row.decode("nonce"),
                                    keyVersion: Int(try row.decode("key_version", as: Int64.self)))
        }
        guard let sealed else { throw AppError.notFound("no secret \(Authenticator.shown(name))") }
        return try secrets.open(sealed, tenant: token.tenantID, install: token.installID, name: name)
    }

    func get(_ token: ScopedToken, key: String) async throws -> (value: [UInt8], revision: Int64) {
        try KVKey.validate(key, field: "key")
        let row = try await database.pool.withTransaction(tenant: token.tenantID, readOnly: true) { tx in
            try await Self.requireGrant(.storageKV, token, in: tx)
            return try await tx.query("""
                SELECT value, revision FROM extension_kv_record
                 WHERE install_id = $1::uuid AND key = $2 AND (expires_at IS NULL OR expires_at > now())
                """, [.text(token.installID), .text(key)]).first
        }
        guard let row else { throw AppError.notFound("no key \(Authenticator.shown(key))") }
        return (try row.decode("value"), try row.decode("revision"))
    }

    /// Writes `value`; `expected` is -1 (unconditional), 0 (must not exist) or the current revision.
    func put(_ token: ScopedToken, key: String, value: [UInt8], expected: Int64) async throws -> Int64 {
        try KVKey.validate(key, field: "key")
        guard expected >= -1 else { throw AppError.badRequest("expected_revision: must be -1, 0 or a revision") }
        return try await database.pool.withTransaction(tenant: token.tenantID) { tx in
            try await Self.requireGrant(.storageKV, token, in: tx)
            let params: [PostgresValue] = [.text(token.tenantID), .text(token.installID), .text(key), .bytes(value)]
            let rows: PostgresRows
            switch expected {
            case -1:
                rows = try await tx.query("""
                    INSERT INTO extension_kv_record (tenant_id, install_id, key, value) VALUES ($1, $2::uuid, $3, $4)
                    ON CONFLICT (tenant_id, install_id, key) DO UPDATE SET value = EXCLUDED.value, expires_at = NULL
                    RETURNING revision
                    """, params)
            case 0:
                rows = try await tx.query("""
                    INSERT INTO extension_kv_record (tenant_id, install_id, key, value) VALUES ($1, $2::uuid, $3, $4)
                    ON CONFLICT (tenant_id, install_id, key) DO NOTHING RETURNING revision
                    """, params)
            default:
                rows = try await tx.query("""
                    UPDATE extension_kv_record SET value = $4
                     WHERE tenant_id = $1 AND install_id = $2::uuid AND key = $3 AND revision = $5 RETURNING revision
                    """, params + [.int(expected)])
            }
            guard let row = rows.first else {
                throw AppError.conflict("key \(Authenticator.shown(key)): the current revision is not \(expected)")
            }
            return try row.decode("revision", as: Int64.self)
        }
    }

    /// Deletes the key; `expected` is -1 (unconditional) or the current revision.
    func delete(_ token: ScopedToken, key: String, expected: Int64) async throws {
        try KVKey.validate(key, field: "key")
        guard expected == -1 || expected >= 1 else { throw AppError.badRequest("expected_revision: must be -1 or a revision") }
        try await database.pool.withTransaction(tenant: token.tenantID) { tx in
            try await Self.requireGrant(.storageKV, token, in: tx)
            let deleted = try await tx.execute("""
                DELETE FROM extension_kv_record WHERE install_id = $1::uuid AND key = $2 AND ($3::bigint = -1 OR revision = $3)
                """, [.text(token.installID), .text(key), .int(expected)])
            guard deleted == 0 else { return }
            let exists = try await tx.query("SELECT 1 FROM extension_kv_record WHERE install_id = $1::uuid AND key = $2",
                                            [.text(token.installID), .text(key)]).first != nil
            throw exists ? AppError.conflict("key \(Authenticator.shown(key)): the current revision is not \(expected)")
                : AppError.notFound("no key \(Authenticator.shown(key))")
        }
    }

    /// Keys with `prefix` in byte order, at most `limit`, after the cursor's key.
    func list(_ token: ScopedToken, prefix: String, cursor: String?, limit: Int) async throws -> JSONObject {
        if !prefix.isEmpty { try KVKey.validate(prefix, field: "prefix") }
        guard (1...100).contains(limit) else { throw AppError.badRequest("limit: must be between 1 and 100") }
        let after = try cursor.map { (c) throws(AppError) in try PageRequest.decode(c, fields: 2) }
        if let after, after[0] != prefix { throw PageRequest.invalid() }
        let rows = try await database.pool.withTransaction(tenant: token.tenantID, readOnly: true) { tx in
            try await Self.requireGrant(.storageKV, token, in: tx)
            return try await tx.query("""
                SELECT key, revision, value_bytes FROM extension_kv_record
                 WHERE install_id = $1::uuid AND starts_with(key, $2) AND ($3::text IS NULL OR key > $3)
                   AND (expires_at IS NULL OR expires_at > now())
                 ORDER BY key LIMIT $4
                """, [.text(token.installID), .text(prefix), .optional(after?[1]), .int(limit + 1)])
        }
        let items = try rows.prefix(limit).map { row throws(AppError) -> JSONValue in
            ["key": .string(try row.decode("key")), "revision": .int(try row.decode("revision", as: Int64.self)),
             "size": .int(try row.decode("value_bytes", as: Int64.self))]
        }
        let next = rows.count > limit ? PageRequest.encode([prefix, try rows[limit - 1].decode("key")]) : nil
        return ["items": .array(items), "next_cursor": .optional(next)]
    }

    /// The token's install must exist in its tenant, be enabled and have granted `capability`.
    static func requireGrant(_ capability: Capability, _ token: ScopedToken, in tx: PostgresTransaction) async throws {
        guard UUIDString.isValid(token.installID), let row = try await tx.query("""
            SELECT enabled, $2 = ANY(granted_caps::text[]) AS granted FROM tenant_extension_install WHERE id = $1::uuid
            """, [.text(token.installID), .text(capability.rawValue)]).first else {
            throw AppError(.installNotFound, status: 404, "the token's install does not exist")
        }
        guard try row.decode("enabled", as: Bool.self) else {
            throw AppError(.installDisabled, status: 404, "the token's install is disabled")
        }
        guard try row.decode("granted", as: Bool.self) else {
            throw AppError(.capabilityDenied, status: 403, "the install has not granted \(capability.rawValue)")
        }
    }
}
