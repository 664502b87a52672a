/// A parsed JSON document. Build one with ``parse(_:limits:)`` (strict, see ``JSONReader``) or
/// with literals; write one with ``JSONWriter`` or ``encoded()``.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// Parses exactly one JSON value (surrounding whitespace allowed).
    public static func parse(_ bytes: some Collection<UInt8>, limits: JSONLimits = .default) throws -> JSONValue {
        try JSONReader.read(bytes, limits: limits) { try $0.readValue() }
    }

    /// Parses exactly one JSON value from a string's UTF-8.
    public static func parse(_ text: String, limits: JSONLimits = .default) throws -> JSONValue {
        try JSONReader.read(text, limits: limits) { try $0.readValue() }
    }

    /// Compact UTF-8 JSON.
    public func encoded() -> [UInt8] {
        var writer = JSONWriter()
        writer.value(self)
        return writer.bytes
    }

    /// Compact JSON text.
    public var jsonText: String { String(decoding: encoded(), as: UTF8.self) }

    public var kind: JSONKind {
        switch self {
        case .null: .null
        case .bool: .bool
        case .number: .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }

    public subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    public subscript(index: Int) -> JSONValue? {
        guard case .array(let array) = self, array.indices.contains(index) else { return nil }
        return array[index]
    }

    public var stringValue: String? {
        guard case .string(let s) = self else { return nil }
        return s
    }

    public var boolValue: Bool? {
        guard case .bool(let b) = self else { return nil }
        return b
    }

    public var numberValue: JSONNumber? {
        guard case .number(let n) = self else { return nil }
        return n
    }

    public var arrayValue: [JSONValue]? {
        guard case .array(let a) = self else { return nil }
        return a
    }

    public var objectValue: JSONObject? {
        guard case .object(let o) = self else { return nil }
        return o
    }
}
