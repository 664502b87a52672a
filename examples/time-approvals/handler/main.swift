// Time-entry approvals (Embedded Swift, guest ABI wasm@1, SDK module `Alga`).
//   GET  /entries?status=pending|approved|rejected   the entries, newest first (at most 200)
//   POST /entries {person, project, date, minutes, note?}   submit an entry (201), status pending
//   GET  /entries/:id                                 one entry, or 404
//   POST /entries/:id/approve {comment?}              approve a pending entry and notify payroll
//   POST /entries/:id/reject {reason}                 reject a pending entry
//   GET  /summary                                     counts and minutes by status
//   GET  /settings                                    the install's settings (never the secret)
// Event `time_entry.submitted` (the host application's own time sheets) stores an entry like POST /entries.
// Storage: one KV item per entry, `entries/<id>`; approve/reject write with the read revision, so
// two approvers racing on one entry get one 200 and one 409.
import Alga

@_expose(wasm, "alga_handle")
@_cdecl("alga_handle")
func algaHandle() -> Int32 {
    var router = Router()
    router.get("/entries") { request, response throws(AlgaError) in
        let wanted = request.query("status")
        if let wanted, !EntryStatus.all.contains(wanted) {
            return Reply.error(&response, 400, "invalid_status", "status: one of pending, approved, rejected")
        }
        var entries: [Entry] = []
        for key in try Entry.keys() {
            guard let stored = try Storage.get(key), let entry = Entry(stored.value) else { continue }
            if wanted == nil || entry.status == wanted { entries.append(entry) }
        }
        entries.sort { $0.submittedMs > $1.submittedMs }
        response.json(.object([("entries", .array(entries.map { $0.json }))]))
    }
    router.post("/entries") { request, response throws(AlgaError) in
        guard let body = JSONParser.parse(request.body) else {
            return Reply.error(&response, 400, "invalid_entry", "body: not JSON")
        }
        switch try Entry.submit(body, by: try Context.current().user?.id ?? "api") {
        case .success(let entry):
            response.status = 201
            response.json(entry.json)
        case .failure(let message):
            Reply.error(&response, 400, "invalid_entry", message)
        }
    }
    router.get("/entries/:id") { request, response throws(AlgaError) in
        guard let (entry, _) = try Entry.load(request.param("id") ?? "") else {
            return Reply.error(&response, 404, "entry_not_found", "no entry \(request.param("id") ?? "")")
        }
        response.json(entry.json)
    }
    router.post("/entries/:id/approve") { request, response throws(AlgaError) in
        try Decision.decide(request, &response, to: EntryStatus.approved)
    }
    router.post("/entries/:id/reject") { request, response throws(AlgaError) in
        try Decision.decide(request, &response, to: EntryStatus.rejected)
    }
    router.get("/summary") { _, response throws(AlgaError) in
        var counts: [(String, JSONValue)] = []
        var minutes: [(String, JSONValue)] = []
        var totals: [String: (Int64, Int64)] = [:]
        for key in try Entry.keys() {
            guard let stored = try Storage.get(key), let entry = Entry(stored.value) else { continue }
            let total = totals[entry.status] ?? (0, 0)
            totals[entry.status] = (total.0 + 1, total.1 + entry.minutes)
        }
        for status in EntryStatus.all {
            let total = totals[status] ?? (0, 0)
            counts.append((status, .number(JSONNumber(total.0))))
            minutes.append((status, .number(JSONNumber(total.1))))
        }
        try Metrics.gauge("time_approvals_pending", Double(totals[EntryStatus.pending]?.0 ?? 0))
        response.json(.object([("count", .object(counts)), ("minutes", .object(minutes))]))
    }
    router.get("/settings") { _, response throws(AlgaError) in
        let context = try Context.current()
        let notify = context.config("notify_url")
        var hasToken = false
        do throws(AlgaError) { hasToken = !(try Secrets.get(Notifier.secretName)).isEmpty } catch { hasToken = false }
        response.json(.object([
            ("tenant", .string(context.tenantID)),
            ("notify_url", notify.map { .string($0) } ?? .null),
            ("notify_token_set", .bool(hasToken)),
            ("max_minutes", .number(JSONNumber(Entry.maxMinutes(context)))),
        ]))
    }
    router.fallback { request, response throws(AlgaError) in
        guard request.trigger == "event", request.handler == "onTimeEntrySubmitted" else {
            return Reply.error(&response, 404, "not_found", "no route for \(request.method) \(request.path)")
        }
        guard let body = JSONParser.parse(request.body) else { return Reply.error(&response, 400, "invalid_event", "not JSON") }
        switch try Entry.submit(body, by: "event") {
        case .success(let entry):
            Log.info("entry \(entry.id) stored from event time_entry.submitted")
            response.status = 202
        case .failure(let message):
            Log.warn("event time_entry.submitted refused: \(message)")
            Reply.error(&response, 400, "invalid_event", message)
        }
    }
    return router.run()
}
