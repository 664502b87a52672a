import Alga

/// The three states of an entry.
enum EntryStatus {
    static let pending = "pending"
    static let approved = "approved"
    static let rejected = "rejected"
    static let all = [pending, approved, rejected]
}

/// One time entry as stored under `entries/<id>` (JSON).
struct Entry {
    enum Outcome {
        case success(Entry)
        case failure(String)
    }

    static let prefix = "entries/"

    /// Keys of the stored entries, at most `max`, read in pages of 100 (the host's largest page).
    static func keys(max: Int = 200) throws(AlgaError) -> [String] {
        var keys: [String] = []
        var cursor: String? = nil
        repeat {
            let page = try Storage.list(prefix: prefix, cursor: cursor, limit: 100)
            for item in page.items { keys.append(item.key) }
            cursor = page.nextCursor
        } while cursor != nil && keys.count < max
        return keys.count > max ? Array(keys[0..<max]) : keys
    }

    var id: String
    var person: String
    var project: String
    var date: String
    var minutes: Int64
    var note: String
    var status: String
    var submittedBy: String
    var submittedMs: Int64
    var decidedBy: String = ""
    var decidedMs: Int64 = 0
    var comment: String = ""

    /// `max_minutes` from the install's config (default 720: twelve hours).
    static func maxMinutes(_ context: Context) -> Int64 {
        context.config["max_minutes"]?.int64Value ?? 720
    }

    /// Validates a submission, stores it (new id) and counts it.
    static func submit(_ body: JSONValue, by user: String) throws(AlgaError) -> Outcome {
        let limit = maxMinutes(try Context.current())
        let person = body["person"]?.stringValue ?? ""
        let project = body["project"]?.stringValue ?? ""
        let date = body["date"]?.stringValue ?? ""
        let note = body["note"]?.stringValue ?? ""
        let minutes = body["minutes"]?.int64Value ?? 0
        if person.isEmpty || person.utf8.count > 120 { return .failure("person: 1 to 120 bytes required") }
        if project.isEmpty || project.utf8.count > 120 { return .failure("project: 1 to 120 bytes required") }
        if !isDate(date) { return .failure("date: YYYY-MM-DD required") }
        if minutes < 1 || minutes > limit { return .failure("minutes: 1 to \(limit) required") }
        if note.utf8.count > 1000 { return .failure("note: at most 1000 bytes") }
        var id = ""
        for byte in try Random.bytes(8) { id += Hex.byte(byte) }
        let entry = Entry(id: id, person: person, project: project, date: date, minutes: minutes, note: note,
                          status: EntryStatus.pending, submittedBy: user, submittedMs: Clock.wallNanoseconds / 1_000_000)
        _ = try Storage.put(prefix + id, JSONWriter.write(entry.json), condition: .absent)
        try Metrics.counter("time_entries_submitted_total", labels: [("project", project)])
        try Metrics.histogram("time_entry_minutes", Double(minutes))
        Log.info("entry \(id) submitted: \(minutes) min on \(project)")
        return .success(entry)
    }

    /// The entry and its storage revision, or nil.
    static func load(_ id: String) throws(AlgaError) -> (Entry, UInt64)? {
        guard !id.isEmpty, let stored = try Storage.get(prefix + id), let entry = Entry(stored.value) else { return nil }
        return (entry, stored.revision)
    }

    static func isDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        for (i, byte) in bytes.enumerated() where i != 4 && i != 7 {
            if byte < UInt8(ascii: "0") || byte > UInt8(ascii: "9") { return false }
        }
        return true
    }

    var json: JSONValue {
        .object([
            ("id", .string(id)), ("person", .string(person)), ("project", .string(project)), ("date", .string(date)),
            ("minutes", .number(JSONNumber(minutes))), ("note", .string(note)), ("status", .string(status)),
            ("submitted_by", .string(submittedBy)), ("submitted_ms", .number(JSONNumber(submittedMs))),
            ("decided_by", .string(decidedBy)), ("decided_ms", .number(JSONNumber(decidedMs))), ("comment", .string(comment)),
        ])
    }

    init(id: String, person: String, project: String, date: String, minutes: Int64, note: String, status: String,
         submittedBy: String, submittedMs: Int64) {
        self.id = id
        self.person = person
        self.project = project
        self.date = date
        self.minutes = minutes
        self.note = note
        self.status = status
        self.submittedBy = submittedBy
        self.submittedMs = submittedMs
    }

    /// Reads a stored entry (nil when the bytes are not one).
    init?(_ bytes: [UInt8]) {
        guard let value = JSONParser.parse(bytes), let id = value["id"]?.stringValue, let status = value["status"]?.stringValue else {
            return nil
        }
        self.init(id: id, person: value["person"]?.stringValue ?? "", project: value["project"]?.stringValue ?? "",
                  date: value["date"]?.stringValue ?? "", minutes: value["minutes"]?.int64Value ?? 0,
                  note: value["note"]?.stringValue ?? "", status: status,
                  submittedBy: value["submitted_by"]?.stringValue ?? "", submittedMs: value["submitted_ms"]?.int64Value ?? 0)
        decidedBy = value["decided_by"]?.stringValue ?? ""
        decidedMs = value["decided_ms"]?.int64Value ?? 0
        comment = value["comment"]?.stringValue ?? ""
    }
}
