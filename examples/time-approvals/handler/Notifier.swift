import Alga

/// Tells the payroll service about an approval: `POST <notify_url>` (from the install's config,
/// reachable only when it is on the install's egress allowlist) with the bearer token in the
/// secret `notify_token`. The approval stands whatever happens here; the answer says what did.
enum Notifier {
    static let secretName = "notify_token"

    static func approved(_ entry: Entry) -> JSONValue {
        let context: Context
        do throws(AlgaError) { context = try Context.current() } catch { return outcome("skipped", "no context: \(error.describedForLog)") }
        guard let url = context.config("notify_url"), !url.isEmpty else { return outcome("skipped", "notify_url is not configured") }
        var headers = Headers()
        headers.add("content-type", "application/json")
        do throws(AlgaError) {
            let token = try Secrets.string(secretName)
            headers.add("authorization", "Bearer " + token)
        } catch {
            return outcome("skipped", "secret \(secretName): \(error.describedForLog)")
        }
        let payload = JSONValue.object([
            ("event", .string("time_entry.approved")), ("entry", entry.json), ("tenant", .string(context.tenantID)),
        ])
        do throws(AlgaError) {
            let reply = try HTTP.fetch(FetchRequest(method: "POST", url: url, headers: headers,
                                                    body: Array(JSONWriter.write(payload).utf8), timeoutMilliseconds: 5000))
            try? Metrics.counter("time_approvals_notify_total", labels: [("status", String(reply.status))])
            return .object([("status", .string(reply.status < 300 ? "sent" : "refused")),
                            ("http_status", .number(JSONNumber(Int64(reply.status))))])
        } catch {
            try? Metrics.counter("time_approvals_notify_total", labels: [("status", error.name)])
            Log.warn("payroll notification failed: \(error.describedForLog)")
            return outcome("failed", error.describedForLog)
        }
    }

    static func outcome(_ status: String, _ detail: String) -> JSONValue {
        .object([("status", .string(status)), ("detail", .string(detail))])
    }
}
