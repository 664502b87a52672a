import HTTPCore
import Postgres
import Shared

/// `GET /console/api/logs`: the tenant's execution log, newest first, with filters
/// `extension_id` (uuid), `status` (`success`, `client_error`, `server_error`), `error_code`,
/// `since_minutes` (1–43200, default 1440) and `limit` (1–500, default 100). Read in a tenant
/// transaction, so row-level security limits it to the session's tenant.
extension ConsoleAPI {
    static let statusRanges = ["success": (100, 399), "client_error": (400, 499), "server_error": (500, 599)]

    func logs(_ request: HTTPRequest) async throws -> HTTPResponse {
        let (_, s) = try guardian.session(request)
        guard let pool else {
            throw AppError(.unavailable, status: 503, "execution logs need the gateway's database (DATABASE_URL)")
        }
        let since = try Self.intQuery(request, "since_minutes", default: 1440, in: 1...43_200)
        var conditions = ["started_at >= now() - make_interval(mins => $1::int)"]
        var params: [PostgresValue] = [.int(Int64(since))]
        if let ext = request.queryValue("extension_id"), !ext.isEmpty {
            guard Self.isUUID(ext) else { throw AppError(.badRequest, status: 400, "extension_id: must be a UUID") }
            params.append(.text(ext))
            conditions.append("registry_id = $\(params.count)::uuid")
        }
        if let status = request.queryValue("status"), !status.isEmpty {
            guard let range = Self.statusRanges[status] else {
                throw AppError(.badRequest, status: 400, "status: one of success, client_error, server_error")
            }
            conditions.append("http_status BETWEEN \(range.0) AND \(range.1)")
        }
        if let code = request.queryValue("error_code"), !code.isEmpty {
            guard (1...64).contains(code.utf8.count), code.utf8.allSatisfy({ (97...122).contains($0) || $0 == 95 }) else {
                throw AppError(.badRequest, status: 400, "error_code: snake_case, 1-64 characters")
            }
            params.append(.text(code))
            conditions.append("error_code = $\(params.count)")
        }
        let limit = try Self.intQuery(request, "limit", default: 100, in: 1...500)
        let sql = """
            SELECT to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS started_at, request_id,
                   registry_id::text AS registry_id, coalesce(endpoint_method, '') AS method, coalesce(endpoint_path, '') AS path,
                   http_status::int AS http_status, error_code::text AS error_code, duration_us
              FROM extension_execution_log
             WHERE \(conditions.joined(separator: " AND "))
             ORDER BY started_at DESC LIMIT \(limit)
            """
        let rows = try await pool.withTransaction(tenant: s.tenantID, readOnly: true) { tx in try await tx.query(sql, params) }
        var items: [JSONValue] = []
        for row in rows {
            let registryID = try row.decode("registry_id", as: String?.self)
            let errorCode = try row.decode("error_code", as: String?.self)
            let status = try row.decode("http_status", as: Int.self)
            let item: JSONObject = [
                "started_at": .string(try row.decode("started_at")), "request_id": .string(try row.decode("request_id")),
                "extension_id": registryID.map(JSONValue.string) ?? .null,
                "method": .string(try row.decode("method")), "path": .string(try row.decode("path")),
                "http_status": .number(JSONNumber(Int64(status))), "error_code": errorCode.map(JSONValue.string) ?? .null,
                "duration_us": .number(JSONNumber(try row.decode("duration_us", as: Int64.self))),
            ]
            items.append(.object(item))
        }
        var r = HTTPResponse.json(JSONValue.object(["items": .array(items)]).jsonText)
        r.headers.set("cache-control", "no-store")
        return r
    }

    static func intQuery(_ request: HTTPRequest, _ name: String, default value: Int, in range: ClosedRange<Int>) throws(AppError) -> Int {
        guard let raw = request.queryValue(name), !raw.isEmpty else { return value }
        guard raw.utf8.count <= 9, let n = Int(raw), range.contains(n) else {
            throw AppError(.badRequest, status: 400, "\(name): an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return n
    }

    static func isUUID(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 36 else { return false }
        for (i, c) in u.enumerated() {
            if [8, 13, 18, 23].contains(i) { guard c == UInt8(ascii: "-") else { return false } } else {
                guard (48...57).contains(c) || (97...102).contains(c) || (65...70).contains(c) else { return false }
            }
        }
        return true
    }
}
