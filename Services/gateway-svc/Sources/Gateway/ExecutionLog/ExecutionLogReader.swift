import HTTPCore
import Postgres
import Shared

/// `GET /v1/execution-logs`: the calling tenant's execution-log rows, newest first, one page at a
/// time (`ExecutionLogFilter`). The tenant comes from the credential alone (a tenant API key or a
/// user JWT, as for `/api/ext`), and the rows are read in that tenant's transaction, so
/// row-level security shows no other tenant's rows whatever the filters say.
struct ExecutionLogReader: Sendable {
    let auth: GatewayAuthenticator
    let pool: PostgresPool?

    func handle(_ request: HTTPRequest) async throws -> HTTPResponse {
        let principal = try await auth.principal(for: request)
        // A key limited to some extensions must not read the others' calls; rows carry registry
        // ids, not names, so only unrestricted keys (and user tokens) may read the log.
        guard principal.scopes.isEmpty || principal.scopes.contains("ext:*") else {
            throw AppError(.forbidden, status: 403, "this API key is limited to some extensions; reading the execution log needs an unscoped key")
        }
        let filter = try ExecutionLogFilter(request: request)
        guard let pool else {
            throw AppError(.unavailable, status: 503, "the execution log needs the gateway's database (DATABASE_URL)")
        }
        let (conditions, params) = filter.conditions()
        let sql = """
            SELECT id, (extract(epoch FROM started_at) * 1000000)::bigint AS started_us,
                   to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS started_at,
                   request_id, registry_id::text AS registry_id, install_id::text AS install_id, content_hash::text AS content_hash,
                   trigger, endpoint_method, endpoint_path, http_status::int AS http_status, error_code::text AS error_code,
                   duration_us, cpu_us, fuel_used, egress_bytes, host_calls::bigint AS host_calls,
                   guest_logs::text AS guest_logs
              FROM extension_execution_log
             \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
             ORDER BY started_at DESC, id DESC
             LIMIT \(filter.limit + 1)
            """
        let rows = try await pool.withTransaction(tenant: principal.tenantID, readOnly: true) { tx in try await tx.query(sql, params) }
        var items: [JSONValue] = []
        var next: ExecutionLogFilter.Cursor?
        for (index, row) in rows.enumerated() {
            if index == filter.limit {
                break
            }
            items.append(try Self.item(row))
            if index == filter.limit - 1, rows.count > filter.limit {
                next = ExecutionLogFilter.Cursor(startedAtMicros: try row.decode("started_us"), id: try row.decode("id"))
            }
        }
        let body: JSONValue = ["items": .array(items), "next_cursor": next.map { .string($0.text) } ?? .null]
        var response = HTTPResponse.json(body.jsonText)
        response.headers.set("cache-control", "no-store")
        return response
    }

    static func item(_ row: PostgresRow) throws(AppError) -> JSONValue {
        func text(_ column: String) throws(AppError) -> JSONValue {
            try row.decode(column, as: String?.self).map(JSONValue.string) ?? .null
        }
        func number(_ column: String) throws(AppError) -> JSONValue {
            try row.decode(column, as: Int64?.self).map { .number(JSONNumber($0)) } ?? .null
        }
        return .object([
            "started_at": try text("started_at"), "request_id": try text("request_id"), "extension_id": try text("registry_id"),
            "install_id": try text("install_id"), "content_hash": try text("content_hash"), "trigger": try text("trigger"),
            "method": try text("endpoint_method"), "path": try text("endpoint_path"), "http_status": try number("http_status"),
            "error_code": try text("error_code"), "duration_us": try number("duration_us"), "cpu_us": try number("cpu_us"),
            "fuel_used": try number("fuel_used"), "egress_bytes": try number("egress_bytes"), "host_calls": try number("host_calls"),
            "guest_logs": try guestLogs(row),
        ])
    }

    /// The stored lines (`[{"level", "message"}, …]`), or `[]`.
    static func guestLogs(_ row: PostgresRow) throws(AppError) -> JSONValue {
        guard let text = try row.decode("guest_logs", as: String?.self) else { return .array([]) }
        do {
            return try JSONValue.parse(text)
        } catch {
            throw AppError.internalError("execution log: guest_logs is not JSON")
        }
    }
}
