extension JSONReader {
    /// The kind of the next value, without consuming it.
    public mutating func peekKind() throws -> JSONKind {
        skipWhitespace()
        valueStart = pos
        guard pos < end else { throw error(.unexpectedEnd, "expected a value, found end of input", at: pos) }
        switch base[pos] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        default: throw error(.syntax, "expected a value, found \(found(at: pos))", at: pos)
        }
    }

    /// Reads `true` or `false`.
    public mutating func readBool() throws -> Bool {
        skipWhitespace()
        valueStart = pos
        if pos < end, base[pos] == UInt8(ascii: "t") {
            try expectLiteral("true")
            return true
        }
        if pos < end, base[pos] == UInt8(ascii: "f") {
            try expectLiteral("false")
            return false
        }
        throw mismatch(expected: "boolean")
    }

    /// Consumes `null` and returns true if the next value is null; otherwise consumes nothing.
    public mutating func readNullIfPresent() throws -> Bool {
        skipWhitespace()
        guard pos < end, base[pos] == UInt8(ascii: "n") else { return false }
        valueStart = pos
        try expectLiteral("null")
        return true
    }

    private mutating func expectLiteral(_ literal: StaticString) throws {
        let n = literal.utf8CodeUnitCount
        guard pos + n <= end, memcmpBytes(base + pos, literal.utf8Start, n) else {
            throw error(pos + n <= end ? .syntax : .unexpectedEnd, "invalid literal, expected '\(literal)'", at: pos)
        }
        pos += n
    }

    /// Consumes the next value, validating it as strictly as if it were read (duplicate names,
    /// UTF-8, depth). Typed decoders use it for members they do not know.
    public mutating func skipValue() throws {
        switch try peekKind() {
        case .object:
            try beginObject()
            while try nextMember() != nil { try skipValue() }
        case .array:
            try beginArray()
            while try nextElement() { try skipValue() }
        case .string:
            _ = try scanString()
        case .number:
            _ = try scanNumber()
        case .bool:
            _ = try readBool()
        case .null:
            _ = try readNullIfPresent()
        }
    }

    /// Reads the next value into a tree.
    public mutating func readValue() throws -> JSONValue {
        switch try peekKind() {
        case .object:
            try beginObject()
            var object = JSONObject()
            while let key = try nextMember() {
                let name = key.string
                object.appendUnchecked(name, try readValue())
            }
            return .object(object)
        case .array:
            try beginArray()
            var array = [JSONValue]()
            while try nextElement() { array.append(try readValue()) }
            return .array(array)
        case .string:
            return .string(try readString())
        case .number:
            return .number(try readNumber())
        case .bool:
            return .bool(try readBool())
        case .null:
            _ = try readNullIfPresent()
            return .null
        }
    }
}
