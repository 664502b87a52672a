import Foundation
import Shared

/// `extctl logs`: the tenant's execution-log rows from the gateway's `GET /v1/execution-logs`,
/// newest first, each with the lines its guest logged; with a request id, the rows of that one call.
struct LogsCommand: Command {
    static let maxPages = 50

    static let spec = CommandSpec(
        name: "logs", summary: "Show execution-log rows and the guest's log lines (by request id, extension, status, time).",
        usage: "extctl logs [REQUEST_ID] [--extension-id UUID] [--status S] [--error-code C] [--since TIME] [--limit N] [--all]",
        details: """
            Reads the execution log of the credential's tenant through the gateway (GET /v1/execution-logs; a tenant
            API key without extension scopes, or a user JWT). REQUEST_ID is the x-request-id of a call (extctl invoke
            prints it). Rows come newest first, --limit per page (default 100, at most 500); --all follows the pages
            (at most \(maxPages)). Under each row, the lines its guest logged (Log.info and friends), with their level:
            the first 200 lines and 64 KiB of a call (runner-svc's JSON log has every line, under the same request id).
            With --json: {items, next_cursor}, each item with guest_logs [{level, message}].
            Exit 0 also when no row matches (the log is written in batches: retry after a second).
            """,
        options: [.init("extension-id", "UUID", "only this extension (the registry id)"),
                  .init("status", "S", "success, client_error or server_error"),
                  .init("error-code", "CODE", "only rows with this error code"),
                  .init("since", "TIME", "only rows that started at or after this RFC 3339 time"),
                  .init("limit", "N", "rows per page (1-500)"),
                  .init("cursor", "C", "continue after a page (its next_cursor)")] + Endpoints.gatewayOptions,
        flags: [.init("all", "follow next_cursor through every page")])

    func run(_ context: CommandContext) async throws {
        try context.arguments.requireAtMost(1, spec: Self.spec)
        var query: [(String, String)] = []
        if let id = context.arguments.positionals.first { query.append(("request_id", id)) }
        for (option, parameter) in [("extension-id", "extension_id"), ("status", "status"), ("error-code", "error_code"),
                                    ("since", "since"), ("limit", "limit")] {
            if let v = context.arguments.value(option) { query.append((parameter, v)) }
        }
        let gateway = try Endpoints.gateway(context)
        let (items, cursor) = try await gateway.pages("/v1/execution-logs", query: query, cursor: context.arguments.value("cursor"),
                                                      follow: context.arguments.has("all"), maxPages: Self.maxPages) { pages, rows in
            context.console.progress("page \(pages): \(rows) rows")
        }
        context.console.result(Self.table(items, more: cursor),
                               json: ["items": .array(items), "next_cursor": cursor.map { .string($0) } ?? .null])
    }

    /// One line per row: time, status, duration, method and path, request id, error code; then
    /// the row's guest log lines, indented.
    static func table(_ items: [JSONValue], more cursor: String?) -> String {
        guard !items.isEmpty else { return "no execution-log rows match" }
        var lines = ["started_at                  status  duration_ms  endpoint                         request_id  error"]
        for item in items {
            let status = item["http_status"]?.numberValue?.literal ?? "-"
            let micros = item["duration_us"]?.numberValue?.doubleValue ?? 0
            let endpoint = "\(item["method"]?.stringValue ?? "-") \(item["path"]?.stringValue ?? "")"
            lines.append([item["started_at"]?.stringValue ?? "-", status.padding(toLength: 6, withPad: " ", startingAt: 0),
                          String(format: "%11.1f", micros / 1000), endpoint.padding(toLength: 32, withPad: " ", startingAt: 0),
                          item["request_id"]?.stringValue ?? "-", item["error_code"]?.stringValue ?? ""].joined(separator: "  "))
            if case .array(let logs)? = item["guest_logs"] {
                for line in logs {
                    let level = line["level"]?.stringValue ?? "-"
                    let message = (line["message"]?.stringValue ?? "").replacingOccurrences(of: "\n", with: "\n    ")
                    lines.append("    " + level.padding(toLength: 7, withPad: " ", startingAt: 0) + " " + message)
                }
            }
        }
        if let cursor { lines.append("more rows: --cursor \(cursor) (or --all)") }
        return lines.joined(separator: "\n")
    }
}
