import HTTPCore
import Postgres
import Shared
import TestSupport
import Testing
@testable import Gateway

/// The query of `GET /v1/execution-logs`: every parameter validated (400 names it), the SQL
/// conditions bound as parameters, cursors round-tripped.
@Suite(.ownThread) struct ExecutionLogFilterTests {
    static func request(_ query: [(String, String)]) -> HTTPRequest {
        HTTPRequest(method: .get, target: "/v1/execution-logs", path: "/v1/execution-logs", query: query.map { (name: $0.0, value: $0.1) },
                    requestID: "r1", logger: Logger(label: "t", level: .critical, handler: InMemoryLogHandler()))
    }

    static func message(_ query: [(String, String)]) -> String? {
        do {
            _ = try ExecutionLogFilter(request: request(query))
            return nil
        } catch {
            return error.httpStatus == 400 ? error.message : "status \(error.httpStatus)"
        }
    }

    @Test func testFilter_whenEveryParameterIsValid_bindsThemAsParameters() throws {
        let filter = try ExecutionLogFilter(request: Self.request([
            ("request_id", "req-1"), ("extension_id", "0A8F3A62-1B2C-4D5E-8F90-112233445566"), ("status", "server_error"),
            ("error_code", "extension_failed"), ("since", "2026-03-02T09:00:00.123+01:00"), ("limit", "7"), ("cursor", "1700000000000000.42"),
        ]))
        #expect(filter.limit == 7)
        #expect(filter.extensionID == "0a8f3a62-1b2c-4d5e-8f90-112233445566")
        let (sql, params) = filter.conditions()
        #expect(sql.count == 6)
        #expect(sql.contains("http_status BETWEEN 500 AND 599"))
        #expect(params.count == 6)
        #expect(params.first == .text("req-1"))
        #expect(params.suffix(2) == [.int(1_700_000_000_000_000), .int(42)])
        #expect(!sql.joined().contains("req-1"), "values must be bound, not spliced into the SQL")
    }

    @Test func testFilter_whenNothingIsGiven_usesTheDefaults() throws {
        let filter = try ExecutionLogFilter(request: Self.request([]))
        #expect(filter == ExecutionLogFilter())
        #expect(filter.limit == 100)
        #expect(filter.conditions().sql.isEmpty)
    }

    @Test(arguments: [
        ("request_id", String(repeating: "x", count: 129), "request_id"), ("request_id", "a b", "request_id"),
        ("extension_id", "not-a-uuid", "extension_id"), ("status", "ok", "status"), ("error_code", "Bad-Code", "error_code"),
        ("since", "yesterday", "since"), ("since", "2026-02-30T00:00:00Z", "since"), ("since", "2026-03-02T24:00:00Z", "since"),
        ("since", "2026-03-02T09:00:00", "since"), ("limit", "0", "limit"), ("limit", "501", "limit"), ("limit", "ten", "limit"),
        ("cursor", "12", "cursor"), ("cursor", "1.2.3", "cursor"), ("cursor", "99999999999999999999.1", "cursor"),
    ])
    func testFilter_whenAParameterIsInvalid_answers400NamingIt(name: String, value: String, named: String) {
        let message = Self.message([(name, value)])
        #expect(message?.hasPrefix(named + ":") == true, "\(name)=\(value): \(message ?? "accepted")")
    }

    @Test func testCursor_whenPrinted_parsesBack() throws {
        let cursor = ExecutionLogFilter.Cursor(startedAtMicros: 1_767_000_000_123_456, id: 9)
        #expect(try ExecutionLogFilter.Cursor(parsing: cursor.text) == cursor)
    }

    @Test func testTimestamp_whenLeapDayOrOffset_isAccepted() {
        #expect(ExecutionLogFilter.isTimestamp("2028-02-29T23:59:59Z"))
        #expect(!ExecutionLogFilter.isTimestamp("2027-02-29T23:59:59Z"))
        #expect(ExecutionLogFilter.isTimestamp("2026-03-02t09:00:00.5-05:30"))
        #expect(!ExecutionLogFilter.isTimestamp("2026-03-02T09:00:00+5:30"))
    }
}
