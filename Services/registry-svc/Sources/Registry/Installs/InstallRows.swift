import Bundle
import Foundation
import Postgres
import Shared

/// SQL shared by the install operations. Every statement runs in a transaction of the install's
/// tenant, so row-level security limits it to that tenant whatever the WHERE clause says.
enum InstallRows {
    static let columns = """
        i.id::text AS id, i.tenant_id, i.registry_id::text AS registry_id, r.name, r.publisher, r.state AS extension_state,
        i.version_id::text AS version_id, v.version, v.content_hash, v.state AS version_state,
        to_json(i.granted_caps)::text AS granted_caps, i.enabled, i.disabled_reason,
        to_json(i.egress_allowlist)::text AS egress_allowlist, i.limit_timeout_ms, i.limit_memory_mb, i.limit_fuel,
        i.installed_by, i.created_at, i.updated_at, c.config::text AS config, c.config_version,
        (SELECT coalesce(json_agg(s.name ORDER BY s.name), '[]') FROM tenant_extension_install_secret s
          WHERE s.tenant_id = i.tenant_id AND s.install_id = i.id)::text AS secrets
        """
    static let from = """
        FROM tenant_extension_install i
        JOIN extension_registry r ON r.id = i.registry_id
        JOIN extension_version v ON v.id = i.version_id
        LEFT JOIN tenant_extension_install_config c ON c.install_id = i.id AND c.tenant_id = i.tenant_id
        """

    /// The tenant's install of `name`; `forUpdate` locks the install row for the rest of the transaction.
    static func find(name: String, forUpdate: Bool, in tx: PostgresTransaction) async throws -> PostgresRow {
        if forUpdate {
            _ = try await tx.query("""
                SELECT 1 FROM tenant_extension_install i JOIN extension_registry r ON r.id = i.registry_id
                 WHERE r.name = $1 FOR UPDATE OF i
                """, [.text(name)])
        }
        guard let row = try await tx.query("SELECT \(columns) \(from) WHERE r.name = $1", [.text(name)]).first else {
            throw AppError(.installNotFound, status: 404, "this tenant has no install of \(Authenticator.shown(name))")
        }
        return row
    }

    static func list(after name: String?, limit: Int, in tx: PostgresTransaction) async throws -> PostgresRows {
        try await tx.query("SELECT \(columns) \(from) WHERE ($1::text IS NULL OR r.name > $1) ORDER BY r.name LIMIT $2",
                           [.optional(name), .int(limit)])
    }

    static func grants(_ row: PostgresRow) throws(AppError) -> [Capability] {
        (JSONValue.stored(try row.decode("granted_caps")).arrayValue ?? []).compactMap { $0.stringValue.flatMap(Capability.init(rawValue:)) }
    }

    static func json(_ row: PostgresRow) throws(AppError) -> JSONObject {
        [
            "id": .string(try row.decode("id")), "tenant_id": .string(try row.decode("tenant_id")),
            "extension": ["id": .string(try row.decode("registry_id")), "name": .string(try row.decode("name")),
                          "publisher": .string(try row.decode("publisher")), "state": .string(try row.decode("extension_state"))],
            "version": ["id": .string(try row.decode("version_id")), "version": .string(try row.decode("version")),
                        "content_hash": .string(try row.decode("content_hash")), "state": .string(try row.decode("version_state"))],
            "granted_caps": .stored(try row.decode("granted_caps"), fallback: []),
            "enabled": .bool(try row.decode("enabled")), "disabled_reason": .optional(try row.decode("disabled_reason")),
            "egress_allowlist": .stored(try row.decode("egress_allowlist"), fallback: []),
            "limits": ["timeout_ms": .optionalInt(try row.decode("limit_timeout_ms", as: Int64?.self)),
                       "memory_mb": .optionalInt(try row.decode("limit_memory_mb", as: Int64?.self)),
                       "fuel": .optionalInt(try row.decode("limit_fuel", as: Int64?.self))],
            "config": .stored(try row.decode("config"), fallback: [:]),
            "config_version": .optionalInt(try row.decode("config_version", as: Int64?.self)),
            "secrets": .stored(try row.decode("secrets"), fallback: []),
            "installed_by": .string(try row.decode("installed_by")),
            "created_at": .time(Timestamp(try row.decode("created_at"))), "updated_at": .time(Timestamp(try row.decode("updated_at"))),
        ]
    }

    /// Replaces the install's event subscriptions with the version's `events` when
    /// `events.subscribe` is granted, and removes them otherwise.
    static func syncSubscriptions(tenant: String, install: String, versionID: String, grants: [Capability],
                                  in tx: PostgresTransaction) async throws {
        try await tx.execute("DELETE FROM extension_event_subscription WHERE install_id = $1::uuid", [.text(install)])
        guard grants.contains(.eventsSubscribe) else { return }
        try await tx.execute("""
            INSERT INTO extension_event_subscription (tenant_id, install_id, topic, handler)
            SELECT $1, $2::uuid, e->>'topic', e->>'handler'
              FROM extension_version v, jsonb_array_elements(coalesce(v.manifest->'events', '[]'::jsonb)) e
             WHERE v.id = $3::uuid
            """, [.text(tenant), .text(install), .text(versionID)])
    }

    /// Stores (encrypting) or deletes the given secrets of an install.
    static func writeSecrets(_ secrets: [(name: String, value: [UInt8]?)], tenant: String, install: String, box: SecretBox,
                             in tx: PostgresTransaction) async throws {
        for (name, value) in secrets {
            guard let value else {
                try await tx.execute("DELETE FROM tenant_extension_install_secret WHERE install_id = $1::uuid AND name = $2",
                                     [.text(install), .text(name)])
                continue
            }
            let sealed = try box.seal(value, tenant: tenant, install: install, name: name)
            try await tx.execute("""
                INSERT INTO tenant_extension_install_secret (tenant_id, install_id, name, ciphertext, nonce, key_version)
                VALUES ($1, $2::uuid, $3, $4, $5, $6)
                ON CONFLICT (tenant_id, install_id, name)
                DO UPDATE SET ciphertext = EXCLUDED.ciphertext, nonce = EXCLUDED.nonce, key_version = EXCLUDED.key_version
                """, [.text(tenant), .text(install), .text(name), .bytes(sealed.ciphertext), .bytes(sealed.nonce),
                      .int(sealed.keyVersion)])
        }
    }
}
