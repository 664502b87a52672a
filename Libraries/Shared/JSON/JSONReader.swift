/// A strict, pull-style RFC 8259 reader over UTF-8 bytes: the one JSON parser of the platform.
///
/// Typed decoders (the wire types) walk a document field by field without building a tree;
/// ``JSONValue/parse(_:limits:)`` uses the same reader to build one. Everything the reader accepts
/// is valid RFC 8259 JSON, and it refuses, with an error naming the JSON path and the reason:
/// invalid UTF-8 (overlong forms, encoded surrogates, code points above U+10FFFF), lone surrogate
/// escapes, unescaped control characters, a byte order mark, trailing data, duplicate member names
/// (compared after unescaping), nesting deeper than ``JSONLimits/maxDepth``, input larger than
/// ``JSONLimits/maxBytes`` and number literals longer than ``JSONLimits/maxNumberLength``.
/// Numbers are kept exactly: integers are read into 64-bit values with overflow checks, and
/// ``JSONNumber`` keeps the literal.
///
/// A reader borrows its input and exists only inside ``read(_:limits:_:)``:
///
/// ```swift
/// let status = try JSONReader.read(bytes) { r in
///     var status: Int64?
///     try r.beginObject()
///     while let key = try r.nextMember() {
///         switch key {
///         case "status": status = try r.readInt64()
///         default: try r.skipValue()
///         }
///     }
///     guard let status else { throw r.error(.missingField, "missing required field 'status'") }
///     return status
/// }
/// ```
///
/// Every method throws ``AppError`` (400 `bad_request`, 413 `payload_too_large`) with a
/// ``JSONError`` cause. Not thread-safe; one reader per document.
public struct JSONReader: ~Copyable {
    let base: UnsafePointer<UInt8>
    let end: Int
    var pos = 0
    /// Where the value most recently read (or being read) starts; validation errors point here.
    var valueStart = 0
    public let limits: JSONLimits
    /// Open arrays and objects, outermost first.
    var frames: [Frame] = []
    /// Decoded member names of every open object, for duplicate detection and error paths.
    var keys: [UnsafeBufferPointer<UInt8>] = []
    /// Buffers holding member names that contained escapes; freed when ``read(_:limits:_:)`` returns.
    var ownedKeys: [UnsafeMutableBufferPointer<UInt8>] = []
    /// Reused buffer for unescaping strings.
    var scratch: [UInt8] = []
    /// Names of open objects with more than `linearKeyLimit` members, by frame index; hashing
    /// keeps duplicate detection linear for hostile objects with many members.
    var keySets: [Int: Set<KeyBytes>] = [:]

    struct Frame {
        var isObject: Bool
        /// Members or elements started so far.
        var count: Int
        /// Index in `keys` of this object's first member name.
        var keyBase: Int
    }

    /// Objects up to this many members detect duplicates by comparing names; larger ones hash them.
    static let linearKeyLimit = 16

    private init(base: UnsafePointer<UInt8>, count: Int, limits: JSONLimits) {
        self.base = base
        self.end = count
        self.limits = limits
        frames.reserveCapacity(8)
        keys.reserveCapacity(32)
    }

    /// Runs `body` with a reader positioned before the document's single top-level value, then
    /// checks that `body` consumed exactly that value and that only whitespace follows it.
    public static func read<T>(_ bytes: UnsafeRawBufferPointer, limits: JSONLimits = .default,
                               _ body: (inout JSONReader) throws -> T) throws -> T {
        if bytes.count > limits.maxBytes {
            throw JSONError(.tooLarge, path: "$", offset: 0,
                            detail: "document of \(bytes.count) bytes exceeds the limit of \(limits.maxBytes) bytes")
                .appError
        }
        guard let raw = bytes.baseAddress, bytes.count > 0 else {
            throw JSONError(.unexpectedEnd, path: "$", offset: 0, detail: "expected a value, found end of input")
                .appError
        }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        if bytes.count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF {
            throw JSONError(.byteOrderMark, path: "$", offset: 0, detail: "byte order mark is not allowed").appError
        }
        var reader = JSONReader(base: base, count: bytes.count, limits: limits)
        defer { reader.releaseOwnedKeys() }
        let result = try body(&reader)
        guard reader.frames.isEmpty, reader.valueStart < reader.pos else {
            preconditionFailure("BUG in JSONReader: the body must read exactly one complete value")
        }
        reader.skipWhitespace()
        if reader.pos < reader.end {
            throw reader.error(.trailingData, "unexpected data after the top-level value", at: reader.pos)
        }
        return result
    }

    /// ``read(_:limits:_:)`` over any contiguous bytes (`[UInt8]`, `Data`, `ArraySlice`).
    public static func read<T>(_ bytes: some Collection<UInt8>, limits: JSONLimits = .default,
                               _ body: (inout JSONReader) throws -> T) throws -> T {
        if let result = try bytes.withContiguousStorageIfAvailable({ buffer in
            try read(UnsafeRawBufferPointer(buffer), limits: limits, body)
        }) {
            return result
        }
        return try Array(bytes).withUnsafeBytes { try read($0, limits: limits, body) }
    }

    /// ``read(_:limits:_:)`` over a string's UTF-8.
    public static func read<T>(_ text: String, limits: JSONLimits = .default,
                               _ body: (inout JSONReader) throws -> T) throws -> T {
        var text = text
        return try text.withUTF8 { try read(UnsafeRawBufferPointer($0), limits: limits, body) }
    }

    private mutating func releaseOwnedKeys() {
        for buffer in ownedKeys { buffer.deallocate() }
        ownedKeys.removeAll()
    }

    // MARK: Whitespace and structure

    @inline(__always)
    mutating func skipWhitespace() {
        while pos < end {
            switch base[pos] {
            case 0x20, 0x0A, 0x0D, 0x09: pos += 1
            default: return
            }
        }
    }

    /// Consumes `{` and opens an object; read its members with ``nextMember()``.
    public mutating func beginObject() throws {
        try expectValueStart(UInt8(ascii: "{"), "object")
        try push(isObject: true)
    }

    /// Consumes `[` and opens an array; step through its elements with ``nextElement()``.
    public mutating func beginArray() throws {
        try expectValueStart(UInt8(ascii: "["), "array")
        try push(isObject: false)
    }

    @inline(__always)
    private mutating func expectValueStart(_ byte: UInt8, _ name: StaticString) throws {
        skipWhitespace()
        valueStart = pos
        guard pos < end, base[pos] == byte else { throw mismatch(expected: name) }
        pos += 1
    }

    private mutating func push(isObject: Bool) throws {
        if frames.count >= limits.maxDepth {
            throw error(.tooDeep, "nesting deeper than \(limits.maxDepth) levels", at: pos - 1)
        }
        frames.append(Frame(isObject: isObject, count: 0, keyBase: keys.count))
    }

    /// The next member's name, with the reader positioned before its value, or nil after the
    /// closing `}`. The caller must read or skip exactly one value per returned name.
    public mutating func nextMember() throws -> JSONKey? {
        guard let frame = frames.last, frame.isObject else {
            preconditionFailure("BUG in JSONReader: nextMember() outside an object")
        }
        skipWhitespace()
        guard pos < end else {
            throw error(.unexpectedEnd, frame.count == 0 ? "expected a member name or '}', found end of input"
                                                         : "expected ',' or '}', found end of input", at: pos)
        }
        if base[pos] == UInt8(ascii: "}") {
            pos += 1
            keys.removeLast(keys.count - frame.keyBase)
            if frame.count > JSONReader.linearKeyLimit { keySets[frames.count - 1] = nil }
            frames.removeLast()
            return nil
        }
        if frame.count > 0 {
            guard base[pos] == UInt8(ascii: ",") else {
                throw error(.syntax, "expected ',' or '}' after a member, found \(found(at: pos))", at: pos)
            }
            pos += 1
            skipWhitespace()
        }
        guard pos < end, base[pos] == UInt8(ascii: "\"") else {
            throw error(pos < end ? .syntax : .unexpectedEnd, "expected a member name, found \(found(at: pos))", at: pos)
        }
        let keyStart = pos
        let key = try readKeyBytes()
        let last = frames.count - 1
        frames[last].count += 1
        keys.append(key)
        if isDuplicate(key, frame: last) {
            throw error(.duplicateKey, "duplicate member name", at: keyStart)
        }
        skipWhitespace()
        guard pos < end, base[pos] == UInt8(ascii: ":") else {
            throw error(pos < end ? .syntax : .unexpectedEnd, "expected ':' after the member name, found \(found(at: pos))",
                        at: pos)
        }
        pos += 1
        return JSONKey(key)
    }

    /// True when the array has another element (the reader is positioned before it); false after
    /// the closing `]`. The caller must read or skip exactly one value per `true`.
    public mutating func nextElement() throws -> Bool {
        guard let frame = frames.last, !frame.isObject else {
            preconditionFailure("BUG in JSONReader: nextElement() outside an array")
        }
        skipWhitespace()
        guard pos < end else {
            throw error(.unexpectedEnd, frame.count == 0 ? "expected a value or ']', found end of input"
                                                         : "expected ',' or ']', found end of input", at: pos)
        }
        if base[pos] == UInt8(ascii: "]") {
            pos += 1
            frames.removeLast()
            return false
        }
        if frame.count > 0 {
            guard base[pos] == UInt8(ascii: ",") else {
                throw error(.syntax, "expected ',' or ']' after an element, found \(found(at: pos))", at: pos)
            }
            pos += 1
        }
        frames[frames.count - 1].count += 1
        return true
    }

    /// Compares the newest name (already appended to `keys`) with the object's earlier names.
    private mutating func isDuplicate(_ key: UnsafeBufferPointer<UInt8>, frame index: Int) -> Bool {
        let first = frames[index].keyBase
        let newest = keys.count - 1
        if newest - first < JSONReader.linearKeyLimit {
            var i = first
            while i < newest {
                let other = keys[i]
                if other.count == key.count, other.count == 0 || memcmpBytes(other.baseAddress!, key.baseAddress!, key.count) {
                    return true
                }
                i += 1
            }
            return false
        }
        var set = keySets.removeValue(forKey: index) ?? Set(keys[first..<newest].map(KeyBytes.init))
        let inserted = set.insert(KeyBytes(key)).inserted
        keySets[index] = set
        return !inserted
    }
}
