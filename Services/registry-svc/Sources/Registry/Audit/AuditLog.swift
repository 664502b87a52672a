import Postgres
import Shared

/// Writes the append-only audit tables in the caller's transaction, so an audit row exists
/// exactly when its change committed. Details hold names and ids, never secret values.
enum AuditLog {
    /// `platform_audit_log`: trust keys, publish, yank, kill (no tenant).
    static func platform(_ context: AuditContext, action: String, targetType: String, targetID: String?,
                         details: JSONObject = JSONObject(), in tx: PostgresTransaction) async throws {
        try await tx.execute("""
            INSERT INTO platform_audit_log (actor, actor_ip, request_id, action, target_type, target_id, details)
            VALUES ($1, $2::inet, $3, $4, $5, $6, $7::jsonb)
            """, [.text(context.actor), .optional(context.address), .text(context.requestID), .text(action),
                  .text(targetType), .optional(targetID), .jsonb(JSONValue.object(details).jsonText)])
    }

    /// `tenant_admin_audit_log` of the transaction's tenant (row-level security checks it).
    static func tenant(_ context: AuditContext, tenant: String, action: String, targetType: String, targetID: String?,
                       details: JSONObject = JSONObject(), in tx: PostgresTransaction) async throws {
        try await tx.execute("""
            INSERT INTO tenant_admin_audit_log (tenant_id, actor, actor_ip, request_id, action, target_type, target_id, details)
            VALUES ($1, $2, $3::inet, $4, $5, $6, $7, $8::jsonb)
            """, [.text(tenant), .text(context.actor), .optional(context.address), .text(context.requestID),
                  .text(action), .text(targetType), .optional(targetID), .jsonb(JSONValue.object(details).jsonText)])
    }
}
