import Postgres
import Shared

/// Platform-wide kill switches (admin only): yank one version, kill a whole extension, and undo
/// either. The database triggers put each change on the change feed, so the gateway and the
/// assets service stop resolving within their feed latency; resolve and install refuse at once.
struct Moderation: Sendable {
    let database: RegistryDatabase

    /// Sets a version's state; `reason` is required when yanking. Answers the version as now.
    func setVersionState(name: String, version: String, yanked: Bool, reason: String?,
                         audit: AuditContext) async throws -> JSONObject {
        try await database.pool.withTransaction(tenant: nil) { tx in
            let rows = try await tx.query("""
                UPDATE extension_version v
                   SET state = $3, yanked_at = CASE WHEN $3 = 'yanked' THEN now() END,
                       yank_reason = CASE WHEN $3 = 'yanked' THEN $4 END
                  FROM extension_registry r
                 WHERE r.id = v.registry_id AND r.name = $1 AND v.version = $2
                RETURNING v.id::text AS id, v.content_hash
                """, [.text(name), .text(version), .text(yanked ? "yanked" : "active"), .optional(reason)])
            guard let row = rows.first else {
                throw AppError(.versionNotFound, status: 404,
                               "extension \(Authenticator.shown(name)) has no version \(Authenticator.shown(version))")
            }
            let id: String = try row.decode("id")
            try await AuditLog.platform(audit, action: yanked ? "version.yanked" : "version.restored",
                                        targetType: "extension_version", targetID: id,
                                        details: ["extension": .string(name), "version": .string(version),
                                                  "reason": .optional(reason)], in: tx)
            return ["id": .string(id), "extension": .string(name), "version": .string(version),
                    "state": .string(yanked ? "yanked" : "active"), "content_hash": .string(try row.decode("content_hash"))]
        }
    }

    /// Kills (or revives) an extension everywhere.
    func setExtensionState(name: String, killed: Bool, reason: String?, audit: AuditContext) async throws -> JSONObject {
        try await database.pool.withTransaction(tenant: nil) { tx in
            let rows = try await tx.query("""
                UPDATE extension_registry SET state = $2, killed_at = CASE WHEN $2 = 'killed' THEN now() END,
                       kill_reason = CASE WHEN $2 = 'killed' THEN $3 END
                 WHERE name = $1 RETURNING id::text AS id
                """, [.text(name), .text(killed ? "killed" : "active"), .optional(reason)])
            guard let row = rows.first else { throw Catalog.extensionNotFound(name) }
            let id: String = try row.decode("id")
            try await AuditLog.platform(audit, action: killed ? "extension.killed" : "extension.revived",
                                        targetType: "extension", targetID: id,
                                        details: ["extension": .string(name), "reason": .optional(reason)], in: tx)
            return ["id": .string(id), "name": .string(name), "state": .string(killed ? "killed" : "active")]
        }
    }
}
