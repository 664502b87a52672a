import Shared

/// A small, strict XML reader for S3's responses (ListBucketResult, Error).
///
/// It handles what S3-compatible servers send — an XML declaration, elements with attributes,
/// self-closing tags, text, the five predefined entities, numeric character references, CDATA
/// and comments — and rejects the rest: DOCTYPE (so no entity expansion), unbalanced or
/// mismatched tags, unknown entities, nesting deeper than `maxDepth`, trailing content.
struct S3XMLParser {
    static let maxDepth = 32

    private let bytes: [UInt8]
    private var i = 0

    /// The document's root element; throws `object_store_unavailable` naming the problem.
    static func parse(_ bytes: [UInt8]) throws(AppError) -> S3XMLElement {
        var parser = S3XMLParser(bytes: bytes)
        return try parser.document()
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func fail(_ why: String) -> AppError {
        AppError(.objectStoreUnavailable, status: 503, "malformed XML from the object store: \(why) at byte \(i)")
    }

    private mutating func document() throws(AppError) -> S3XMLElement {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }  // UTF-8 byte order mark
        try skipMisc()
        guard peek("<") else { throw fail("no root element") }
        let root = try element(depth: 1)
        try skipMisc()
        guard i == bytes.count else { throw fail("content after the root element") }
        return root
    }

    /// Whitespace, the XML declaration, processing instructions and comments.
    private mutating func skipMisc() throws(AppError) {
        while true {
            while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 }
            if peek("<?") {
                try skip(past: "?>")
            } else if peek("<!--") {
                try skip(past: "-->")
            } else if peek("<!") {
                throw fail("DOCTYPE and other declarations are not accepted")
            } else {
                return
            }
        }
    }

    private mutating func element(depth: Int) throws(AppError) -> S3XMLElement {
        guard depth <= Self.maxDepth else { throw fail("nesting deeper than \(Self.maxDepth)") }
        i += 1  // "<"
        let name = try self.name()
        // Attributes are skipped (S3 only puts xmlns there), honouring quotes.
        while true {
            guard i < bytes.count else { throw fail("unterminated tag <\(name)>") }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                i += 1
                while i < bytes.count, bytes[i] != c { i += 1 }
                guard i < bytes.count else { throw fail("unterminated attribute in <\(name)>") }
                i += 1
            } else if peek("/>") {
                i += 2
                return S3XMLElement(name: Self.localName(name), text: "", children: [])
            } else if c == UInt8(ascii: ">") {
                i += 1
                break
            } else {
                i += 1
            }
        }
        var text = [UInt8]()
        var children = [S3XMLElement]()
        while true {
            guard i < bytes.count else { throw fail("unterminated element <\(name)>") }
            if peek("</") {
                i += 2
                let closing = try self.name()
                while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 }
                guard closing == name, peek(">") else { throw fail("</\(closing)> closes <\(name)>") }
                i += 1
                guard let decoded = String(validating: text, as: UTF8.self) else { throw fail("text is not UTF-8") }
                return S3XMLElement(name: Self.localName(name), text: decoded, children: children)
            } else if peek("<![CDATA[") {
                i += 9
                let start = i
                try skip(past: "]]>")
                text += bytes[start..<(i - 3)]
            } else if peek("<!--") {
                try skip(past: "-->")
            } else if peek("<?") {
                try skip(past: "?>")
            } else if peek("<") {
                children.append(try element(depth: depth + 1))
            } else if bytes[i] == UInt8(ascii: "&") {
                text += try entity()
            } else {
                text.append(bytes[i])
                i += 1
            }
        }
    }

    private mutating func name() throws(AppError) -> String {
        let start = i
        while i < bytes.count, !Self.isSpace(bytes[i]), bytes[i] != UInt8(ascii: ">"), bytes[i] != UInt8(ascii: "/"),
              bytes[i] != UInt8(ascii: "<") {
            i += 1
        }
        guard i > start, let name = String(validating: bytes[start..<i], as: UTF8.self) else {
            throw fail("missing element name")
        }
        return name
    }

    private mutating func entity() throws(AppError) -> [UInt8] {
        let start = i
        while i < bytes.count, bytes[i] != UInt8(ascii: ";"), i - start < 12 { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: ";") else { throw fail("unterminated entity") }
        let body = String(decoding: bytes[(start + 1)..<i], as: UTF8.self)
        i += 1
        switch body {
        case "lt": return [UInt8(ascii: "<")]
        case "gt": return [UInt8(ascii: ">")]
        case "amp": return [UInt8(ascii: "&")]
        case "quot": return [UInt8(ascii: "\"")]
        case "apos": return [UInt8(ascii: "'")]
        default:
            let value: UInt32?
            if body.hasPrefix("#x") || body.hasPrefix("#X") {
                value = UInt32(body.dropFirst(2), radix: 16)
            } else if body.hasPrefix("#") {
                value = UInt32(body.dropFirst(), radix: 10)
            } else {
                value = nil
            }
            guard let value, value != 0, let scalar = Unicode.Scalar(value) else {
                throw fail("unknown entity &\(body);")
            }
            return Array(String(Character(scalar)).utf8)
        }
    }

    private mutating func skip(past terminator: String) throws(AppError) {
        let t = Array(terminator.utf8)
        while i + t.count <= bytes.count {
            if bytes[i..<(i + t.count)].elementsEqual(t) {
                i += t.count
                return
            }
            i += 1
        }
        throw fail("missing \(terminator)")
    }

    private func peek(_ s: String) -> Bool {
        let t = s.utf8
        guard i + t.count <= bytes.count else { return false }
        return bytes[i..<(i + t.count)].elementsEqual(t)
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    private static func localName(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }
}
