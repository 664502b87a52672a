extension JSONReader {
    /// Reads a string value.
    public mutating func readString() throws -> String {
        try expectString()
        let (start, stop, escaped) = try scanString()
        if !escaped { return String(decoding: UnsafeBufferPointer(start: base + start, count: stop - start), as: UTF8.self) }
        scratch.removeAll(keepingCapacity: true)
        JSONReader.unescape(base, start, stop, into: &scratch)
        return String(decoding: scratch, as: UTF8.self)
    }

    /// Reads a string value and hands its decoded UTF-8 bytes to `body` without creating a String.
    /// The buffer is only valid inside `body`.
    public mutating func readStringBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T {
        try expectString()
        let (start, stop, escaped) = try scanString()
        if !escaped { return try body(UnsafeBufferPointer(start: base + start, count: stop - start)) }
        var decoded = [UInt8]()
        decoded.reserveCapacity(stop - start)
        JSONReader.unescape(base, start, stop, into: &decoded)
        return try decoded.withUnsafeBufferPointer { try body($0) }
    }

    @inline(__always)
    private mutating func expectString() throws {
        skipWhitespace()
        valueStart = pos
        guard pos < end, base[pos] == UInt8(ascii: "\"") else { throw mismatch(expected: "string") }
    }

    /// Reads a member name (the reader is at its opening quote) into bytes that stay valid until
    /// the read ends: a slice of the input, or an owned buffer when the name has escapes.
    mutating func readKeyBytes() throws -> UnsafeBufferPointer<UInt8> {
        let (start, stop, escaped) = try scanString()
        if !escaped { return UnsafeBufferPointer(start: base + start, count: stop - start) }
        scratch.removeAll(keepingCapacity: true)
        JSONReader.unescape(base, start, stop, into: &scratch)
        let owned = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: scratch.count)
        _ = owned.initialize(from: scratch)
        ownedKeys.append(owned)
        return UnsafeBufferPointer(owned)
    }

    /// Validates the string starting at the opening quote under `pos` and moves past its closing
    /// quote. Returns the raw content range and whether it contains escapes.
    mutating func scanString() throws -> (start: Int, end: Int, escaped: Bool) {
        let start = pos + 1
        var i = start
        var escaped = false
        while true {
            // Fast path, 8 bytes at a time: no control character, non-ASCII byte, '"' or '\'.
            while i + 8 <= end, JSONReader.isPlainASCII(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) {
                i += 8
            }
            // Then byte by byte: printable ASCII other than '"' and '\'.
            while i < end {
                let b = base[i]
                if b < 0x20 || b >= 0x80 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { break }
                i += 1
            }
            guard i < end else { throw error(.unexpectedEnd, "unterminated string", at: i) }
            let b = base[i]
            if b == UInt8(ascii: "\"") { break }
            if b == UInt8(ascii: "\\") {
                escaped = true
                i = try validateEscape(at: i)
            } else if b < 0x20 {
                throw error(.controlCharacter, "control character U+00\(JSONReader.hexByte(b)) must be escaped in a string",
                            at: i)
            } else {
                i = try validateUTF8Sequence(at: i)
            }
        }
        pos = i + 1
        return (start, i, escaped)
    }

    /// True when none of the 8 bytes in `x` is below 0x20, above 0x7F, '"' or '\' (SWAR: a byte
    /// of `x - 0x01…` borrows into its top bit exactly when it was zero).
    @inline(__always)
    static func isPlainASCII(_ x: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        let control = (x &- ones &* 0x20) & ~x & highs
        let special = control | (x & highs) | hasZeroByte(x ^ (ones &* 0x22)) | hasZeroByte(x ^ (ones &* 0x5C))
        return special == 0
    }

    /// Checks one escape sequence at `i` (a backslash); returns the index after it.
    private func validateEscape(at i: Int) throws -> Int {
        guard i + 1 < end else { throw error(.unexpectedEnd, "unterminated string", at: end) }
        switch base[i + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return i + 2
        case UInt8(ascii: "u"):
            let unit = try hex4(at: i + 2)
            if unit >= 0xDC00 && unit <= 0xDFFF {
                throw error(.loneSurrogate, "lone low surrogate \\u\(JSONReader.hex4String(unit))", at: i)
            }
            guard unit >= 0xD800 && unit <= 0xDBFF else { return i + 6 }
            guard i + 7 < end, base[i + 6] == UInt8(ascii: "\\"), base[i + 7] == UInt8(ascii: "u"),
                  let low = try? hex4(at: i + 8), low >= 0xDC00 && low <= 0xDFFF else {
                throw error(.loneSurrogate, "high surrogate \\u\(JSONReader.hex4String(unit)) is not followed by a low surrogate",
                            at: i)
            }
            return i + 12
        default:
            let c = base[i + 1]
            let shown = c >= 0x21 && c <= 0x7E ? "'\\\(Character(Unicode.Scalar(c)))'" : "byte 0x\(JSONReader.hexByte(c))"
            throw error(.invalidEscape, "invalid escape \(shown) in string", at: i)
        }
    }

    private func hex4(at i: Int) throws -> UInt32 {
        guard i + 4 <= end else { throw error(.unexpectedEnd, "unterminated string", at: end) }
        var value: UInt32 = 0
        for k in i..<(i + 4) {
            let c = base[k]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: throw error(.invalidEscape, "\\u must be followed by four hexadecimal digits", at: i - 2)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    static func hex4String(_ v: UInt32) -> String {
        hexByte(UInt8(truncatingIfNeeded: v >> 8)) + hexByte(UInt8(truncatingIfNeeded: v))
    }

    /// Checks one multi-byte UTF-8 sequence at `i` (Unicode table 3-7: no overlong forms, no
    /// encoded surrogates, nothing above U+10FFFF); returns the index after it.
    private func validateUTF8Sequence(at i: Int) throws -> Int {
        let b0 = base[i]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw error(.invalidUTF8, "invalid UTF-8 byte 0x\(JSONReader.hexByte(b0)) in string", at: i)
        }
        guard i + length <= end else { throw error(.invalidUTF8, "truncated UTF-8 sequence in string", at: i) }
        let b1 = base[i + 1]
        guard b1 >= low && b1 <= high else {
            throw error(.invalidUTF8, "invalid UTF-8 sequence in string (byte 0x\(JSONReader.hexByte(b1)))", at: i + 1)
        }
        var k = 2
        while k < length {
            let b = base[i + k]
            guard b & 0xC0 == 0x80 else {
                throw error(.invalidUTF8, "invalid UTF-8 sequence in string (byte 0x\(JSONReader.hexByte(b)))", at: i + k)
            }
            k += 1
        }
        return i + length
    }

    /// Decodes the escapes of an already validated string body (`base[start..<stop]`) into UTF-8.
    static func unescape(_ base: UnsafePointer<UInt8>, _ start: Int, _ stop: Int, into out: inout [UInt8]) {
        var i = start
        var runStart = start
        while i < stop {
            guard base[i] == UInt8(ascii: "\\") else { i += 1; continue }
            if runStart < i { out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i - runStart)) }
            let c = base[i + 1]
            switch c {
            case UInt8(ascii: "b"): out.append(0x08); i += 2
            case UInt8(ascii: "f"): out.append(0x0C); i += 2
            case UInt8(ascii: "n"): out.append(0x0A); i += 2
            case UInt8(ascii: "r"): out.append(0x0D); i += 2
            case UInt8(ascii: "t"): out.append(0x09); i += 2
            case UInt8(ascii: "u"):
                var scalar = hex4Unchecked(base, i + 2)
                i += 6
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (hex4Unchecked(base, i + 2) - 0xDC00)
                    i += 6
                }
                JSONReader.appendUTF8(scalar, to: &out)
            default: out.append(c); i += 2
            }
            runStart = i
        }
        if runStart < stop { out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: stop - runStart)) }
    }

    private static func hex4Unchecked(_ base: UnsafePointer<UInt8>, _ i: Int) -> UInt32 {
        var value: UInt32 = 0
        for k in i..<(i + 4) {
            let c = base[k]
            let digit = c <= UInt8(ascii: "9") ? c - UInt8(ascii: "0") : (c | 0x20) - UInt8(ascii: "a") + 10
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
