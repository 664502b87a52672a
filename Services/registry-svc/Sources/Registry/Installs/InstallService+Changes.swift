import Bundle
import Foundation
import Postgres
import Shared

extension InstallService {
    /// Changes grants (within the pinned version's capabilities), config, secrets, egress,
    /// limits and the enabled flag; fields not given keep their values.
    func update(tenant: String, name: String, body: JSONBody, audit: AuditContext) async throws -> JSONObject {
        let spec = try InstallSpec(body)
        if spec.secrets.contains(where: { $0.value != nil }) && secrets.keys?.current == nil {
            throw AppError(.secretsUnavailable, status: 503, "secrets cannot be stored: no key-encryption key is configured")
        }
        return try await database.pool.withTransaction(tenant: tenant) { [allowUnsigned, secrets] tx in
            let row = try await InstallRows.find(name: name, forUpdate: true, in: tx)
            let install: String = try row.decode("id")
            var changed: [String] = []
            if let grants = spec.grants {
                let version = try await InstallableVersion.find(name: name, version: try row.decode("version"),
                                                                allowUnsigned: allowUnsigned, in: tx)
                try version.checkGrants(grants)
                try await tx.execute("UPDATE tenant_extension_install SET granted_caps = $2::text[] WHERE id = $1::uuid",
                                     [.text(install), .textArray(grants.map(\.rawValue))])
                try await InstallRows.syncSubscriptions(tenant: tenant, install: install, versionID: try row.decode("version_id"),
                                                        grants: grants, in: tx)
                changed.append("granted_caps")
            }
            if let egress = spec.egress {
                try await tx.execute("UPDATE tenant_extension_install SET egress_allowlist = $2::text[] WHERE id = $1::uuid",
                                     [.text(install), .textArray(egress)])
                changed.append("egress_allowlist")
            }
            if let limits = spec.limits {
                try await tx.execute("""
                    UPDATE tenant_extension_install SET limit_timeout_ms = $2, limit_memory_mb = $3, limit_fuel = $4 WHERE id = $1::uuid
                    """, [.text(install), Self.optional(limits.timeoutMs), Self.optional(limits.memoryMB), Self.optional(limits.fuel)])
                changed.append("limits")
            }
            if let config = spec.config {
                try await tx.execute("UPDATE tenant_extension_install_config SET config = $2::jsonb, updated_by = $3 WHERE install_id = $1::uuid",
                                     [.text(install), .jsonb(JSONValue.object(config).jsonText), .text(audit.actor)])
                changed.append("config")
            }
            if !spec.secrets.isEmpty {
                try await InstallRows.writeSecrets(spec.secrets, tenant: tenant, install: install, box: secrets, in: tx)
                changed.append("secrets")
            }
            if let enabled = spec.enabled, enabled != (try row.decode("enabled", as: Bool.self)) {
                try await setEnabled(enabled, row: row, allowUnsigned: allowUnsigned, in: tx)
                changed.append("enabled")
            }
            try await AuditLog.tenant(audit, tenant: tenant, action: "install.updated", targetType: "install", targetID: install,
                                      details: ["extension": .string(name), "changed": .strings(changed),
                                                "secrets_set": .strings(spec.secrets.compactMap { $0.value == nil ? nil : $0.name }),
                                                "secrets_removed": .strings(spec.secrets.compactMap { $0.value == nil ? $0.name : nil })],
                                      in: tx)
            return try InstallRows.json(try await InstallRows.find(name: name, forUpdate: false, in: tx))
        }
    }

    /// Enables or disables the install. Enabling re-checks that the version is still
    /// installable (not yanked or killed, signature still trusted).
    func setEnabled(tenant: String, name: String, enabled: Bool, audit: AuditContext) async throws -> JSONObject {
        try await database.pool.withTransaction(tenant: tenant) { [allowUnsigned] tx in
            let row = try await InstallRows.find(name: name, forUpdate: true, in: tx)
            try await setEnabled(enabled, row: row, allowUnsigned: allowUnsigned, in: tx)
            try await AuditLog.tenant(audit, tenant: tenant, action: enabled ? "install.enabled" : "install.disabled",
                                      targetType: "install", targetID: try row.decode("id"),
                                      details: ["extension": .string(name), "was_enabled": .bool(try row.decode("enabled"))], in: tx)
            return try InstallRows.json(try await InstallRows.find(name: name, forUpdate: false, in: tx))
        }
    }

    private func setEnabled(_ enabled: Bool, row: PostgresRow, allowUnsigned: Bool, in tx: PostgresTransaction) async throws {
        if enabled {
            _ = try await InstallableVersion.find(name: try row.decode("name"), version: try row.decode("version"),
                                                  allowUnsigned: allowUnsigned, in: tx)
        }
        try await tx.execute("UPDATE tenant_extension_install SET enabled = $2, disabled_reason = $3 WHERE id = $1::uuid",
                             [.text(try row.decode("id")), .bool(enabled), enabled ? .null : .text("admin")])
    }

    /// Moves the install to another version (higher or lower). Grants never widen by
    /// themselves: without `granted_caps` the install keeps the grants the new version still
    /// declares; a capability the install did not have needs an explicit `granted_caps`.
    func upgrade(tenant: String, name: String, body: JSONBody, audit: AuditContext) async throws -> JSONObject {
        let version = try body.requiredString("version")
        let explicit = try InstallSpec.grants(body, "granted_caps")
        return try await database.pool.withTransaction(tenant: tenant) { [allowUnsigned] tx in
            let row = try await InstallRows.find(name: name, forUpdate: true, in: tx)
            let install: String = try row.decode("id")
            let current = try InstallRows.grants(row)
            let target = try await InstallableVersion.find(name: name, version: version, allowUnsigned: allowUnsigned, in: tx)
            let grants = explicit ?? current.filter { target.capabilities.contains($0) }
            try target.checkGrants(grants)
            try await tx.execute("UPDATE tenant_extension_install SET version_id = $2::uuid, granted_caps = $3::text[] WHERE id = $1::uuid",
                                 [.text(install), .text(target.versionID), .textArray(grants.map(\.rawValue))])
            try await InstallRows.syncSubscriptions(tenant: tenant, install: install, versionID: target.versionID,
                                                    grants: grants, in: tx)
            try await AuditLog.tenant(audit, tenant: tenant, action: "install.upgraded", targetType: "install", targetID: install,
                                      details: ["extension": .string(name), "from": .string(try row.decode("version")),
                                                "to": .string(target.version),
                                                "grants_added": .strings(grants.filter { !current.contains($0) }.map(\.rawValue)),
                                                "grants_removed": .strings(current.filter { !grants.contains($0) }.map(\.rawValue))],
                                      in: tx)
            return try InstallRows.json(try await InstallRows.find(name: name, forUpdate: false, in: tx))
        }
    }
}
