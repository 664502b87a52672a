import Shared

/// One row of `extension_execution_log`: the runner's usage record plus the gateway's fields.
/// Never bodies, headers, config or secrets.
struct ExecutionRecord: Sendable, Equatable {
    enum Trigger: String, Sendable {
        case http
        case event
    }

    var startedAtMicros: Int64
    var tenantID: String
    var requestID: String
    var correlationID: String?
    var registryID: String?
    var installID: String?
    var versionID: String?
    var contentHash: String?
    var trigger: Trigger = .http
    var endpointMethod: String?
    var endpointPath: String?
    var httpStatus: Int
    var errorCode: String?
    var durationMicros: Int64
    var usage: ExecuteUsage?
    /// What the guest logged (the runner's `logs`), within `GuestLogLine.maxReturnedBytes`.
    var guestLogs: [GuestLogLine] = []

    static let columns = ["started_at", "tenant_id", "request_id", "correlation_id", "registry_id", "install_id", "version_id",
                          "content_hash", "trigger", "endpoint_method", "endpoint_path", "http_status", "error_code",
                          "duration_us", "cpu_us", "memory_peak_bytes", "fuel_used", "egress_bytes", "host_calls", "guest_logs"]

    /// The lines to keep from a runner's answer: in order, while their messages stay within
    /// `GuestLogLine.maxReturnedBytes` together (the column's size check holds whatever they contain).
    static func keptLogs(_ lines: [GuestLogLine]) -> [GuestLogLine] {
        var total = 0
        var kept: [GuestLogLine] = []
        for line in lines.prefix(GuestLogLine.maxLines) {
            total += line.message.utf8.count
            guard total <= GuestLogLine.maxReturnedBytes else { break }
            kept.append(line)
        }
        return kept
    }

    /// `guest_logs` as stored: `[{"level": …, "message": …}, …]`, NULL when there are none.
    var guestLogsJSON: String? {
        guard !guestLogs.isEmpty else { return nil }
        return JSONValue.array(guestLogs.map { ["level": .string($0.level), "message": .string($0.message)] }).jsonText
    }
}
