import HTTPCore
import Postgres
import Shared

/// The filters of `GET /v1/execution-logs` (docs/gateway.md, "Reading the execution log"), read
/// from the query string and validated; `where` turns them into SQL conditions with parameters.
/// The shape follows the console's `GET /console/api/logs` (`extension_id`, `status`,
/// `error_code`, `limit`) and adds `request_id`, an absolute `since` and cursor paging.
struct ExecutionLogFilter: Sendable, Equatable {
    /// Position after the last row of a page: `<started_at in unix microseconds>.<row id>`.
    struct Cursor: Sendable, Equatable {
        var startedAtMicros: Int64
        var id: Int64

        var text: String { "\(startedAtMicros).\(id)" }

        init(startedAtMicros: Int64, id: Int64) {
            self.startedAtMicros = startedAtMicros
            self.id = id
        }

        init(parsing raw: String) throws(AppError) {
            let parts = raw.split(separator: ".", omittingEmptySubsequences: false)
            guard raw.utf8.count <= 40, parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (48...57).contains($0) } }),
                  let micros = Int64(parts[0]), let id = Int64(parts[1]) else {
                throw AppError(.badRequest, status: 400, "cursor: not a cursor this API returned (next_cursor)")
            }
            self.init(startedAtMicros: micros, id: id)
        }
    }

    static let statusRanges: [String: ClosedRange<Int>] = ["success": 100...399, "client_error": 400...499, "server_error": 500...599]
    static let defaultLimit = 100
    static let maxLimit = 500

    var requestID: String?
    var extensionID: String?
    var status: String?
    var errorCode: String?
    /// RFC 3339 timestamp; rows that started at or after it.
    var since: String?
    var limit = defaultLimit
    var cursor: Cursor?

    init() {}

    /// Reads and validates the query of `request`; 400 names the offending parameter.
    init(request: HTTPRequest) throws(AppError) {
        func value(_ name: String) -> String? {
            guard let v = request.queryValue(name), !v.isEmpty else { return nil }
            return v
        }
        if let id = value("request_id") {
            guard id.utf8.count <= 128, id.utf8.allSatisfy({ (33...126).contains($0) }) else {
                throw AppError(.badRequest, status: 400, "request_id: 1-128 printable ASCII characters")
            }
            requestID = id
        }
        if let ext = value("extension_id") {
            guard Self.isUUID(ext) else { throw AppError(.badRequest, status: 400, "extension_id: must be a UUID") }
            extensionID = ext.lowercased()
        }
        if let s = value("status") {
            guard Self.statusRanges[s] != nil else {
                throw AppError(.badRequest, status: 400, "status: one of success, client_error, server_error")
            }
            status = s
        }
        if let code = value("error_code") {
            guard (1...64).contains(code.utf8.count), code.utf8.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || $0 == 95 })
            else { throw AppError(.badRequest, status: 400, "error_code: snake_case, 1-64 characters") }
            errorCode = code
        }
        if let s = value("since") {
            guard Self.isTimestamp(s) else {
                throw AppError(.badRequest, status: 400, "since: an RFC 3339 timestamp such as 2026-03-02T09:00:00Z")
            }
            since = s
        }
        if let raw = value("limit") {
            guard raw.utf8.count <= 4, let n = Int(raw), (1...Self.maxLimit).contains(n) else {
                throw AppError(.badRequest, status: 400, "limit: an integer in 1...\(Self.maxLimit)")
            }
            limit = n
        }
        if let raw = value("cursor") { cursor = try Cursor(parsing: raw) }
    }

    /// SQL conditions (joined with AND) and their parameters, numbered from `$1`.
    func conditions() -> (sql: [String], params: [PostgresValue]) {
        var sql: [String] = []
        var params: [PostgresValue] = []
        func bind(_ value: PostgresValue) -> String {
            params.append(value)
            return "$\(params.count)"
        }
        if let requestID { sql.append("request_id = \(bind(.text(requestID)))") }
        if let extensionID { sql.append("registry_id = \(bind(.text(extensionID)))::uuid") }
        if let status, let range = Self.statusRanges[status] {
            sql.append("http_status BETWEEN \(range.lowerBound) AND \(range.upperBound)")
        }
        if let errorCode { sql.append("error_code = \(bind(.text(errorCode)))") }
        if let since { sql.append("started_at >= \(bind(.text(since)))::timestamptz") }
        if let cursor {
            let micros = bind(.int(cursor.startedAtMicros))
            let id = bind(.int(cursor.id))
            sql.append("(started_at, id) < ('epoch'::timestamptz + \(micros)::bigint * interval '1 microsecond', \(id)::bigint)")
        }
        return (sql, params)
    }

    static func isUUID(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 36 else { return false }
        for (i, c) in u.enumerated() {
            if [8, 13, 18, 23].contains(i) {
                guard c == UInt8(ascii: "-") else { return false }
            } else {
                guard (48...57).contains(c) || (97...102).contains(c) || (65...70).contains(c) else { return false }
            }
        }
        return true
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` with fields in range (so Postgres never refuses it).
    static func isTimestamp(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard (20...35).contains(u.count) else { return false }
        func digits(_ r: Range<Int>) -> Bool { r.allSatisfy { $0 < u.count && (48...57).contains(u[$0]) } }
        guard digits(0..<4), u[4] == 45, digits(5..<7), u[7] == 45, digits(8..<10), u[10] == 84 || u[10] == 116,
              digits(11..<13), u[13] == 58, digits(14..<16), u[16] == 58, digits(17..<19) else { return false }
        func number(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + Int(u[$1] - 48) } }
        let (year, month, day) = (number(0..<4), number(5..<7), number(8..<10))
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard year >= 1, (1...12).contains(month), (1...days[month - 1]).contains(day), number(11..<13) <= 23,
              number(14..<16) <= 59, number(17..<19) <= 59 else { return false }
        var i = 19
        if u[i] == 46 {
            i += 1
            let start = i
            while i < u.count, (48...57).contains(u[i]) { i += 1 }
            guard i > start, i - start <= 9 else { return false }
        }
        guard i < u.count else { return false }
        if u[i] == 90 || u[i] == 122 { return i + 1 == u.count }
        guard u[i] == 43 || u[i] == 45, u.count - i == 6 else { return false }
        return digits((i + 1)..<(i + 3)) && u[i + 3] == 58 && digits((i + 4)..<(i + 6)) && number((i + 1)..<(i + 3)) <= 15
            && number((i + 4)..<(i + 6)) <= 59
    }
}
