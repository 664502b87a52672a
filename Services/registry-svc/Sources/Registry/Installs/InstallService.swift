import Bundle
import Foundation
import Postgres
import Shared

/// Tenant installs: one install (one pinned version) per tenant and extension, its grants
/// (a subset of the version's declared capabilities, none by default), configuration, encrypted
/// secrets, egress allowlist and limits. Every operation runs in one transaction of the tenant
/// (row-level security) and writes its `tenant_admin_audit_log` row in that transaction.
///
/// Uninstall policy (docs/registry.md): the install row is deleted, and with it, by foreign-key
/// cascade in the same transaction, its configuration, secrets, event subscriptions, KV data and
/// KV usage, and pending event deliveries. Audit rows, execution logs and quota windows stay.
struct InstallService: Sendable {
    let database: RegistryDatabase
    let secrets: SecretBox
    let allowUnsigned: Bool

    static let installFields = InstallSpec.fields.union(["extension", "version"])

    func install(tenant: String, body: JSONBody, audit: AuditContext) async throws -> JSONObject {
        let name = try body.requiredString("extension")
        let version = try body.string("version")
        let spec = try InstallSpec(body)
        if spec.secrets.contains(where: { $0.value != nil }) && secrets.keys?.current == nil {
            throw AppError(.secretsUnavailable, status: 503, "secrets cannot be stored: no key-encryption key is configured")
        }
        return try await database.pool.withTransaction(tenant: tenant) { [allowUnsigned, secrets] tx in
            let target = try await InstallableVersion.find(name: name, version: version, allowUnsigned: allowUnsigned, in: tx)
            let grants = spec.grants ?? []
            try target.checkGrants(grants)
            if try await tx.query("SELECT 1 FROM tenant_extension_install WHERE registry_id = $1::uuid",
                                  [.text(target.registryID)]).first != nil {
                throw AppError(.installExists, status: 409, "this tenant already has an install of \(name); upgrade or uninstall it")
            }
            let enabled = spec.enabled ?? true
            let limits = spec.limits ?? InstallLimits(timeoutMs: nil, memoryMB: nil, fuel: nil)
            let install: String
            do {
                install = try await tx.query("""
                    INSERT INTO tenant_extension_install (tenant_id, registry_id, version_id, granted_caps, enabled, disabled_reason,
                                                          egress_allowlist, limit_timeout_ms, limit_memory_mb, limit_fuel, installed_by)
                    VALUES ($1, $2::uuid, $3::uuid, $4::text[], $5, $6, $7::text[], $8, $9, $10, $11) RETURNING id::text AS id
                    """, [.text(tenant), .text(target.registryID), .text(target.versionID), .textArray(grants.map(\.rawValue)),
                          .bool(enabled), enabled ? .null : .text("admin"), .textArray(spec.egress ?? []),
                          Self.optional(limits.timeoutMs), Self.optional(limits.memoryMB), Self.optional(limits.fuel),
                          .text(audit.actor)]).single("install").decode("id")
            } catch let error as AppError where error.postgres?.constraint == "tenant_extension_install_tenant_registry_key" {
                throw AppError(.installExists, status: 409, "this tenant already has an install of \(name)")
            }
            try await tx.execute("""
                INSERT INTO tenant_extension_install_config (install_id, tenant_id, config, updated_by) VALUES ($1::uuid, $2, $3::jsonb, $4)
                """, [.text(install), .text(tenant), .jsonb(JSONValue.object(spec.config ?? JSONObject()).jsonText), .text(audit.actor)])
            try await InstallRows.writeSecrets(spec.secrets, tenant: tenant, install: install, box: secrets, in: tx)
            try await InstallRows.syncSubscriptions(tenant: tenant, install: install, versionID: target.versionID,
                                                    grants: grants, in: tx)
            try await AuditLog.tenant(audit, tenant: tenant, action: "install.created", targetType: "install", targetID: install,
                                      details: ["extension": .string(name), "version": .string(target.version),
                                                "granted_caps": .strings(grants.map(\.rawValue)), "enabled": .bool(enabled),
                                                "secrets": .strings(spec.secrets.compactMap { $0.value == nil ? nil : $0.name })],
                                      in: tx)
            return try InstallRows.json(try await InstallRows.find(name: name, forUpdate: false, in: tx))
        }
    }

    func get(tenant: String, name: String) async throws -> JSONObject {
        try await database.pool.withTransaction(tenant: tenant, readOnly: true) { tx in
            try InstallRows.json(try await InstallRows.find(name: name, forUpdate: false, in: tx))
        }
    }

    func list(tenant: String, page: PageRequest) async throws -> ([JSONValue], String?) {
        let rows = try await database.pool.withTransaction(tenant: tenant, readOnly: true) { tx in
            try await InstallRows.list(after: page.cursor?.first, limit: page.limit + 1, in: tx)
        }
        let items = try rows.prefix(page.limit).map { row throws(AppError) in JSONValue.object(try InstallRows.json(row)) }
        let next = rows.count > page.limit ? PageRequest.encode([try rows[page.limit - 1].decode("name")]) : nil
        return (items, next)
    }

    /// Deletes the install; its configuration, secrets, subscriptions, KV data and pending
    /// deliveries go with it in the same transaction. Answers what was purged.
    func uninstall(tenant: String, name: String, audit: AuditContext) async throws -> JSONObject {
        try await database.pool.withTransaction(tenant: tenant) { tx in
            let row = try await InstallRows.find(name: name, forUpdate: true, in: tx)
            let install: String = try row.decode("id")
            let counts = try await tx.query("""
                SELECT (SELECT count(*) FROM extension_kv_record WHERE install_id = $1::uuid) AS kv_keys,
                       (SELECT count(*) FROM tenant_extension_install_secret WHERE install_id = $1::uuid) AS secrets
                """, [.text(install)]).single()
            let purged: JSONObject = ["kv_keys": .int(try counts.decode("kv_keys", as: Int64.self)),
                                      "secrets": .int(try counts.decode("secrets", as: Int64.self))]
            try await tx.execute("DELETE FROM tenant_extension_install WHERE id = $1::uuid", [.text(install)])
            try await AuditLog.tenant(audit, tenant: tenant, action: "install.deleted", targetType: "install", targetID: install,
                                      details: ["extension": .string(name), "version": .string(try row.decode("version")),
                                                "purged": .object(purged)], in: tx)
            return ["id": .string(install), "extension": .string(name), "deleted": true, "purged": .object(purged)]
        }
    }

    static func optional(_ n: Int64?) -> PostgresValue { n.map { .int($0) } ?? .null }
}
