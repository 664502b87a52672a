/// Reads JSON values against the manifest rules, collecting an issue per problem instead of
/// stopping at the first. Each helper returns nil when the value is unusable.
struct ManifestReader {
    private(set) var issues: [ManifestIssue] = []

    mutating func issue(_ path: FieldPath, _ message: String) {
        issues.append(ManifestIssue(path: path, message: message))
    }

    /// An object with only `known` keys; reports unknown keys, then missing `required` ones.
    mutating func object(_ value: StrictJSONValue, at path: FieldPath, known: [String],
                         required: [String] = []) -> StrictJSONObject? {
        guard let obj = value.objectValue else {
            issue(path, "must be an object")
            return nil
        }
        for key in obj.keys where !known.contains(key) { issue(path.appending(key), "unknown field") }
        for key in required where obj[key] == nil { issue(path.appending(key), "required field missing") }
        return obj
    }

    mutating func array(_ value: StrictJSONValue, at path: FieldPath, minItems: Int = 0,
                        maxItems: Int) -> [StrictJSONValue]? {
        guard let items = value.arrayValue else {
            issue(path, "must be an array")
            return nil
        }
        if items.count < minItems {
            issue(path, "must have at least \(minItems) item\(minItems == 1 ? "" : "s")")
            return nil
        }
        if items.count > maxItems {
            issue(path, "must have at most \(maxItems) items")
            return nil
        }
        return items
    }

    /// A string of at most `maxLength` characters (Unicode scalars) matching `pattern`.
    mutating func string(_ value: StrictJSONValue, at path: FieldPath, maxLength: Int? = nil,
                         pattern: String? = nil, rule: String = "") -> String? {
        guard let s = value.stringValue else {
            issue(path, "must be a string")
            return nil
        }
        if let maxLength, s.unicodeScalars.count > maxLength {
            issue(path, "must be at most \(maxLength) characters")
            return nil
        }
        if let pattern, !ManifestPatterns.matches(pattern, s) {
            issue(path, rule)
            return nil
        }
        return s
    }

    /// Reports items equal to an earlier item (JSON Schema `uniqueItems`); true if all unique.
    mutating func unique(_ items: [StrictJSONValue], at path: FieldPath) -> Bool {
        var ok = true
        for i in items.indices {
            if let j = items[..<i].firstIndex(of: items[i]) {
                issue(path.appending(i), "duplicates \(path.appending(j))")
                ok = false
            }
        }
        return ok
    }
}
