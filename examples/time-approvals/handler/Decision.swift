import Alga

/// Approving or rejecting a pending entry: a conditional write on the revision that was read,
/// then (for approvals) a notification to the payroll service.
enum Decision {
    static func decide(_ request: Request, _ response: inout Response, to status: String) throws(AlgaError) {
        let id = request.param("id") ?? ""
        guard let (loaded, revision) = try Entry.load(id) else {
            return Reply.error(&response, 404, "entry_not_found", "no entry \(id)")
        }
        guard loaded.status == EntryStatus.pending else {
            return Reply.error(&response, 409, "entry_decided", "entry \(id) is already \(loaded.status)")
        }
        let body = JSONParser.parse(request.body)
        let comment = body?["comment"]?.stringValue ?? body?["reason"]?.stringValue ?? ""
        if status == EntryStatus.rejected && comment.isEmpty {
            return Reply.error(&response, 400, "invalid_decision", "reason: required to reject")
        }
        var entry = loaded
        entry.status = status
        entry.comment = comment
        entry.decidedBy = try Context.current().user?.id ?? "api"
        entry.decidedMs = Clock.wallNanoseconds / 1_000_000
        do throws(AlgaError) {
            _ = try Storage.put(Entry.prefix + id, JSONWriter.write(entry.json), condition: .revision(revision))
        } catch {
            if error == AlgaError.conflict {
                return Reply.error(&response, 409, "entry_decided", "entry \(id) changed while deciding; reload it")
            }
            throw error
        }
        try Metrics.counter("time_entries_decided_total", labels: [("decision", status)])
        Log.info("entry \(id) \(status) by \(entry.decidedBy)")
        var result: [(String, JSONValue)] = [("entry", entry.json)]
        if status == EntryStatus.approved { result.append(("notification", Notifier.approved(entry))) }
        response.json(.object(result))
    }
}
