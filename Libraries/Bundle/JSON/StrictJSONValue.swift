/// A parsed JSON document. Objects keep their key order (for stable error ordering) and never
/// contain duplicate keys: `StrictJSONParser` rejects them.
indirect enum StrictJSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's exact source text (RFC 8259 grammar), so no precision is lost before a field
    /// decides how to read it.
    case number(String)
    case string(String)
    case array([StrictJSONValue])
    case object(StrictJSONObject)

    /// The JSON type name used in validation messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    var objectValue: StrictJSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    var arrayValue: [StrictJSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// A non-negative integer written without fraction or exponent (`12`, not `12.0`).
    var nonNegativeInt64: Int64? {
        guard case .number(let text) = self, !text.isEmpty,
              text.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
        return Int64(text)
    }
}

/// An object's members in document order. Equality ignores order, as JSON's does.
struct StrictJSONObject: Sendable, Equatable {
    static func == (a: StrictJSONObject, b: StrictJSONObject) -> Bool { a.values == b.values }

    private(set) var keys: [String] = []
    private(set) var values: [String: StrictJSONValue] = [:]

    subscript(key: String) -> StrictJSONValue? { values[key] }

    /// Adds a member; false (and no change) if the key is already present.
    mutating func insert(_ key: String, _ value: StrictJSONValue) -> Bool {
        guard values[key] == nil else { return false }
        keys.append(key)
        values[key] = value
        return true
    }
}
