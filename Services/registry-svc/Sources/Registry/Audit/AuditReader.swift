import Foundation
import Postgres
import Shared

/// Reads the audit trails, newest first: a tenant's (`tenant_admin_audit_log`, under its
/// row-level security) and the platform's (`platform_audit_log`, admin only).
struct AuditReader: Sendable {
    let database: RegistryDatabase

    func tenant(_ tenant: String, page: PageRequest) async throws -> ([JSONValue], String?) {
        try await read("tenant_admin_audit_log", tenant: tenant, page: page)
    }

    func platform(page: PageRequest) async throws -> ([JSONValue], String?) {
        try await read("platform_audit_log", tenant: nil, page: page)
    }

    private func read(_ table: String, tenant: String?, page: PageRequest) async throws -> ([JSONValue], String?) {
        var after: Int64?
        if let c = page.cursor?.first {
            guard let n = Int64(c), n > 0 else { throw PageRequest.invalid() }
            after = n
        }
        let rows = try await database.pool.withTransaction(tenant: tenant, readOnly: true) { tx in
            try await tx.query("""
                SELECT id, occurred_at, actor, host(actor_ip) AS actor_ip, request_id, action, target_type, target_id,
                       details::text AS details
                  FROM \(table) WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2
                """, [after.map { .int($0) } ?? .null, .int(page.limit + 1)])
        }
        let items = try rows.prefix(page.limit).map { row throws(AppError) -> JSONValue in
            [
                "id": .int(try row.decode("id", as: Int64.self)), "occurred_at": .time(Timestamp(try row.decode("occurred_at"))),
                "actor": .string(try row.decode("actor")), "actor_ip": .optional(try row.decode("actor_ip")),
                "request_id": .optional(try row.decode("request_id")), "action": .string(try row.decode("action")),
                "target_type": .string(try row.decode("target_type")), "target_id": .optional(try row.decode("target_id")),
                "details": .stored(try row.decode("details"), fallback: [:]),
            ]
        }
        let next = rows.count > page.limit ? PageRequest.encode([String(try rows[page.limit - 1].decode("id", as: Int64.self))]) : nil
        return (items, next)
    }
}
