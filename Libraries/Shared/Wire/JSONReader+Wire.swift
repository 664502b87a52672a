/// Field readers shared by the wire decoders: each validates as it reads, so an error names the
/// exact JSON path (`$.http.headers[3][0]`) and reason.
extension JSONReader {
    /// A string of 1...`maxBytes` bytes (0...`maxBytes` when `allowEmpty`) obeying `rule`.
    mutating func readWireString(_ rule: WireRule, maxBytes: Int, allowEmpty: Bool = false) throws -> String {
        let outcome = try readStringBytes { bytes -> Result<String, FieldProblem> in
            if bytes.count > maxBytes {
                return .failure(FieldProblem(.outOfRange, "must be at most \(maxBytes) bytes, got \(bytes.count)"))
            }
            if bytes.isEmpty && !allowEmpty { return .failure(FieldProblem(.invalidValue, "must not be empty")) }
            if let why = rule.violation(in: bytes) { return .failure(FieldProblem(.invalidValue, why)) }
            return .success(String(decoding: bytes, as: UTF8.self))
        }
        return try unwrap(outcome)
    }

    /// An integer within `range`.
    mutating func readInt(in range: ClosedRange<Int64>) throws -> Int64 {
        let value = try readInt64()
        guard range.contains(value) else {
            throw error(.outOfRange, "must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
        return value
    }

    /// A Base64 string decoding to at most `maxBytes` bytes.
    mutating func readBase64(maxBytes: Int) throws -> [UInt8] {
        let outcome = try readStringBytes { text -> Result<[UInt8], FieldProblem> in
            if text.count > Base64.encodedLength(maxBytes) {
                return .failure(FieldProblem(.outOfRange, "decodes to more than the limit of \(maxBytes) bytes"))
            }
            do throws(Base64Error) {
                return .success(try Base64.decode(text))
            } catch {
                return .failure(FieldProblem(.invalidValue, error.description))
            }
        }
        let bytes = try unwrap(outcome)
        // Length/4*3 minus padding can still exceed a limit that is not a multiple of 3.
        if bytes.count > maxBytes { throw error(.outOfRange, "decodes to more than the limit of \(maxBytes) bytes") }
        return bytes
    }

    /// `[["name", "value"], ...]`, keeping order and repeated names. Values may be empty; names
    /// only when `allowEmptyName` (a query string like `?=x` has one).
    mutating func readPairs(maxCount: Int, nameRule: WireRule, valueRule: WireRule, allowEmptyName: Bool = false,
                            limits: WireLimits) throws -> [NameValuePair]
    {
        var pairs = [NameValuePair]()
        try beginArray()
        while try nextElement() {
            if pairs.count == maxCount { throw error(.outOfRange, "more than \(maxCount) entries", at: valueStart) }
            try beginArray()
            guard try nextElement() else { throw error(.invalidValue, "must be a [name, value] pair, got []", at: pos - 1) }
            let name = try readWireString(nameRule, maxBytes: limits.maxNameBytes, allowEmpty: allowEmptyName)
            guard try nextElement() else {
                throw error(.invalidValue, "must be a [name, value] pair, got one element", at: pos - 1)
            }
            let value = try readWireString(valueRule, maxBytes: limits.maxValueBytes, allowEmpty: true)
            if try nextElement() { throw error(.invalidValue, "must be a [name, value] pair, got more elements", at: pos) }
            pairs.append(NameValuePair(name, value))
        }
        return pairs
    }

    /// `[["info", "text"], ...]`: at most `GuestLogLine.maxLines` lines of a known level, each
    /// message any text of at most `maxMessageBytes`.
    mutating func readGuestLogs(limits: WireLimits) throws -> [GuestLogLine] {
        var lines: [GuestLogLine] = []
        try beginArray()
        while try nextElement() {
            if lines.count == GuestLogLine.maxLines { throw error(.outOfRange, "more than \(GuestLogLine.maxLines) lines", at: valueStart) }
            try beginArray()
            guard try nextElement() else { throw error(.invalidValue, "must be a [level, message] pair, got []", at: pos - 1) }
            let levelAt = pos
            let level = try readWireString(.token, maxBytes: 16, allowEmpty: false)
            guard GuestLogLine.levels.contains(level) else {
                throw error(.invalidValue, "level must be debug, info, warning or error", at: levelAt)
            }
            guard try nextElement() else { throw error(.invalidValue, "must be a [level, message] pair, got one element", at: pos - 1) }
            let message = try readWireString(.text, maxBytes: limits.maxMessageBytes, allowEmpty: true)
            if try nextElement() { throw error(.invalidValue, "must be a [level, message] pair, got more elements", at: pos) }
            lines.append(GuestLogLine(level: level, message: message))
        }
        return lines
    }

    /// An object of string members, names 1...`maxIDBytes` bytes.
    mutating func readStringMap(maxCount: Int, maxValueBytes: Int, limits: WireLimits) throws -> [String: String] {
        var map = [String: String]()
        try beginObject()
        while let key = try nextMember() {
            if map.count == maxCount { throw error(.outOfRange, "more than \(maxCount) entries", at: pos) }
            if key.bytes.count > limits.maxIDBytes {
                throw error(.outOfRange, "member name must be at most \(limits.maxIDBytes) bytes", at: pos)
            }
            if key.bytes.isEmpty { throw error(.invalidValue, "member name must not be empty", at: pos) }
            let name = key.string
            // The reader compares bytes; a Swift dictionary also merges canonically equivalent names.
            if map[name] != nil {
                throw error(.duplicateKey, "member name is canonically equivalent to an earlier one", at: pos)
            }
            map[name] = try readWireString(.text, maxBytes: maxValueBytes, allowEmpty: true)
        }
        return map
    }

    /// An array of strings, each checked by `rule` and then `check` (which returns why an entry is
    /// refused, reported with `checkReason`). Repeated entries are refused.
    mutating func readStringList(rule: WireRule, maxBytes: Int, maxCount: Int,
                                 checkReason: JSONError.Reason = .invalidValue,
                                 check: (String) -> String? = { _ in nil }) throws -> [String] {
        var list = [String]()
        var seen = Set<String>()  // filled only for long lists; short ones compare linearly
        try beginArray()
        while try nextElement() {
            if list.count == maxCount { throw error(.outOfRange, "more than \(maxCount) entries", at: valueStart) }
            let entry = try readWireString(rule, maxBytes: maxBytes)
            if let why = check(entry) { throw error(checkReason, why) }
            if list.count == 16 { seen = Set(list) }
            let repeated = list.count < 16 ? list.contains(entry) : !seen.insert(entry).inserted
            if repeated { throw error(.invalidValue, "repeats '\(entry)'") }
            list.append(entry)
        }
        return list
    }

    /// The error for a required member missing from the object that just closed.
    func missingField(_ name: StaticString) -> AppError {
        error(.missingField, "missing required field '\(name)'", at: pos - 1)
    }

    private func unwrap<T>(_ outcome: Result<T, FieldProblem>) throws -> T {
        switch outcome {
        case .success(let value): return value
        case .failure(let problem): throw error(problem.reason, problem.detail)
        }
    }
}
