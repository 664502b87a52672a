/// A strict RFC 8259 reader for small configuration-like documents (manifests, signatures, trust
/// bundles, indexes): valid UTF-8 only, no duplicate keys, no trailing commas or comments,
/// bounded nesting, and errors that name the field being read.
///
/// The platform's fast wire codec lives in Shared; this reader trades speed for exact errors.
struct StrictJSONParser {
    static let maxDepth = 64

    private let bytes: [UInt8]
    private var pos = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    static func parse(_ bytes: [UInt8]) throws(StrictJSONError) -> StrictJSONValue {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw StrictJSONError(offset: 0, path: .root, reason: "not valid UTF-8")
        }
        var p = StrictJSONParser(bytes)
        p.skipWhitespace()
        let value = try p.parseValue(path: .root, depth: 0)
        p.skipWhitespace()
        guard p.pos == p.bytes.count else { throw p.fail(.root, "unexpected data after the document") }
        return value
    }

    private func fail(_ path: FieldPath, _ reason: String) -> StrictJSONError {
        StrictJSONError(offset: pos, path: path, reason: reason)
    }

    private var current: UInt8? { pos < bytes.count ? bytes[pos] : nil }

    private mutating func skipWhitespace() {
        while let c = current, c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d { pos += 1 }
    }

    private mutating func expect(_ literal: String, path: FieldPath) throws(StrictJSONError) {
        for c in literal.utf8 {
            guard current == c else { throw fail(path, "invalid literal") }
            pos += 1
        }
    }

    private mutating func parseValue(path: FieldPath, depth: Int) throws(StrictJSONError) -> StrictJSONValue {
        guard let c = current else { throw fail(path, "unexpected end of document") }
        switch c {
        case UInt8(ascii: "{"): return .object(try parseObject(path: path, depth: depth + 1))
        case UInt8(ascii: "["): return .array(try parseArray(path: path, depth: depth + 1))
        case UInt8(ascii: "\""): return .string(try parseString(path: path))
        case UInt8(ascii: "t"): try expect("true", path: path); return .bool(true)
        case UInt8(ascii: "f"): try expect("false", path: path); return .bool(false)
        case UInt8(ascii: "n"): try expect("null", path: path); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber(path: path))
        default: throw fail(path, "unexpected character")
        }
    }

    private mutating func parseObject(path: FieldPath, depth: Int) throws(StrictJSONError) -> StrictJSONObject {
        guard depth <= Self.maxDepth else { throw fail(path, "nested deeper than \(Self.maxDepth) levels") }
        pos += 1
        var object = StrictJSONObject()
        skipWhitespace()
        if current == UInt8(ascii: "}") { pos += 1; return object }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw fail(path, "expected a member name") }
            let keyOffset = pos
            let key = try parseString(path: path)
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw fail(path.appending(key), "expected ':'") }
            pos += 1
            skipWhitespace()
            let value = try parseValue(path: path.appending(key), depth: depth)
            guard object.insert(key, value) else {
                throw StrictJSONError(offset: keyOffset, path: path.appending(key), reason: "duplicate key")
            }
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): pos += 1
            case UInt8(ascii: "}"): pos += 1; return object
            default: throw fail(path, "expected ',' or '}'")
            }
        }
    }

    private mutating func parseArray(path: FieldPath, depth: Int) throws(StrictJSONError) -> [StrictJSONValue] {
        guard depth <= Self.maxDepth else { throw fail(path, "nested deeper than \(Self.maxDepth) levels") }
        pos += 1
        var items = [StrictJSONValue]()
        skipWhitespace()
        if current == UInt8(ascii: "]") { pos += 1; return items }
        while true {
            skipWhitespace()
            items.append(try parseValue(path: path.appending(items.count), depth: depth))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): pos += 1
            case UInt8(ascii: "]"): pos += 1; return items
            default: throw fail(path, "expected ',' or ']'")
            }
        }
    }

    private mutating func parseString(path: FieldPath) throws(StrictJSONError) -> String {
        pos += 1
        var out = [UInt8]()
        while true {
            guard let c = current else { throw fail(path, "unterminated string") }
            pos += 1
            switch c {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let e = current else { throw fail(path, "unterminated string") }
                pos += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5c)
                case UInt8(ascii: "/"): out.append(0x2f)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0c)
                case UInt8(ascii: "n"): out.append(0x0a)
                case UInt8(ascii: "r"): out.append(0x0d)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"): out.append(contentsOf: try parseUnicodeEscape(path: path))
                default: throw fail(path, "invalid escape sequence")
                }
            case 0x00..<0x20:
                throw fail(path, "control character in string")
            default:
                out.append(c)
            }
        }
    }

    /// `\uXXXX`, with surrogate pairs combined; lone surrogates are rejected.
    private mutating func parseUnicodeEscape(path: FieldPath) throws(StrictJSONError) -> [UInt8] {
        let high = try parseHex4(path: path)
        var scalarValue = high
        if (0xD800...0xDBFF).contains(high) {
            guard current == UInt8(ascii: "\\"), pos + 1 < bytes.count, bytes[pos + 1] == UInt8(ascii: "u") else {
                throw fail(path, "unpaired surrogate escape")
            }
            pos += 2
            let low = try parseHex4(path: path)
            guard (0xDC00...0xDFFF).contains(low) else { throw fail(path, "unpaired surrogate escape") }
            scalarValue = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(high) {
            throw fail(path, "unpaired surrogate escape")
        }
        guard let scalar = Unicode.Scalar(scalarValue) else { throw fail(path, "invalid unicode escape") }
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func parseHex4(path: FieldPath) throws(StrictJSONError) -> UInt32 {
        guard pos + 4 <= bytes.count else { throw fail(path, "truncated unicode escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[pos]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - 87)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - 55)
            default: throw fail(path, "invalid unicode escape")
            }
            v = v << 4 | d
            pos += 1
        }
        return v
    }

    private mutating func parseNumber(path: FieldPath) throws(StrictJSONError) -> String {
        let start = pos
        if current == UInt8(ascii: "-") { pos += 1 }
        guard let first = current, (48...57).contains(first) else { throw fail(path, "invalid number") }
        pos += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if current == UInt8(ascii: ".") {
            pos += 1
            guard let d = current, (48...57).contains(d) else { throw fail(path, "invalid number") }
            skipDigits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            pos += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { pos += 1 }
            guard let d = current, (48...57).contains(d) else { throw fail(path, "invalid number") }
            skipDigits()
        }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    private mutating func skipDigits() {
        while let c = current, (48...57).contains(c) { pos += 1 }
    }
}
