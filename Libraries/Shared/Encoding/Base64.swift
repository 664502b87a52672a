/// Standard Base64 (RFC 4648 §4: `A–Z a–z 0–9 + /`, `=` padding) with strict decoding: the
/// length must be a multiple of four, padding may only end the text, no whitespace or other
/// characters, and the unused bits before padding must be zero, so every byte string has exactly
/// one accepted encoding.
public enum Base64 {
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Maps an ASCII byte to its 6-bit value, or 0xFF when it is not in the alphabet.
    static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    /// Characters needed to encode `byteCount` bytes.
    public static func encodedLength(_ byteCount: Int) -> Int { (byteCount + 2) / 3 * 4 }

    public static func encode(_ data: [UInt8]) -> String {
        var out = [UInt8]()
        data.withUnsafeBytes { encode($0, appendingTo: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the encoding of `data` to `out` (ASCII bytes).
    public static func encode(_ data: UnsafeRawBufferPointer, appendingTo out: inout [UInt8]) {
        let length = encodedLength(data.count)
        guard length > 0 else { return }
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: length))
        alphabet.withUnsafeBufferPointer { table in
            out.withUnsafeMutableBufferPointer { buffer in
                let dst = buffer.baseAddress! + start
                let src = data.baseAddress!.assumingMemoryBound(to: UInt8.self)
                let n = data.count
                var i = 0
                var o = 0
                while i + 3 <= n {
                    let v = UInt32(src[i]) << 16 | UInt32(src[i + 1]) << 8 | UInt32(src[i + 2])
                    dst[o] = table[Int(v >> 18)]
                    dst[o + 1] = table[Int(v >> 12 & 0x3F)]
                    dst[o + 2] = table[Int(v >> 6 & 0x3F)]
                    dst[o + 3] = table[Int(v & 0x3F)]
                    i += 3
                    o += 4
                }
                let rest = n - i
                if rest > 0 {
                    let v = UInt32(src[i]) << 16 | (rest == 2 ? UInt32(src[i + 1]) << 8 : 0)
                    dst[o] = table[Int(v >> 18)]
                    dst[o + 1] = table[Int(v >> 12 & 0x3F)]
                    dst[o + 2] = rest == 2 ? table[Int(v >> 6 & 0x3F)] : UInt8(ascii: "=")
                    dst[o + 3] = UInt8(ascii: "=")
                }
            }
        }
    }

    public static func decode(_ text: String) throws(Base64Error) -> [UInt8] {
        var text = text
        let result = text.withUTF8 { p in Result { () throws(Base64Error) -> [UInt8] in try decode(p) } }
        return try result.get()
    }

    /// Decodes strictly; the error names the offset of the first offending character.
    public static func decode(_ encoded: UnsafeBufferPointer<UInt8>) throws(Base64Error) -> [UInt8] {
        let n = encoded.count
        guard n > 0 else { return [] }
        guard n % 4 == 0 else {
            throw Base64Error(offset: n, reason: "length \(n) is not a multiple of 4")
        }
        let src = encoded.baseAddress!
        var padding = 0
        if src[n - 1] == UInt8(ascii: "=") { padding = src[n - 2] == UInt8(ascii: "=") ? 2 : 1 }
        let outCount = n / 4 * 3 - padding
        var failure: Base64Error?
        let out = values.withUnsafeBufferPointer { table in
            [UInt8](unsafeUninitializedCapacity: outCount) { dst, initialized in
                var i = 0
                var o = 0
                let fullEnd = padding > 0 ? n - 4 : n
                while i < fullEnd {
                    let a = table[Int(src[i])], b = table[Int(src[i + 1])]
                    let c = table[Int(src[i + 2])], d = table[Int(src[i + 3])]
                    if (a | b | c | d) & 0x80 != 0 {
                        failure = invalidCharacter(in: src, from: i)
                        initialized = 0
                        return
                    }
                    let v = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    dst[o] = UInt8(truncatingIfNeeded: v >> 16)
                    dst[o + 1] = UInt8(truncatingIfNeeded: v >> 8)
                    dst[o + 2] = UInt8(truncatingIfNeeded: v)
                    i += 4
                    o += 3
                }
                if padding > 0 {
                    let a = table[Int(src[i])], b = table[Int(src[i + 1])]
                    let c = padding == 1 ? table[Int(src[i + 2])] : 0
                    if (a | b | c) & 0x80 != 0 {
                        failure = invalidCharacter(in: src, from: i)
                        initialized = 0
                        return
                    }
                    let v = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6
                    let unusedBits = padding == 1 ? v & 0xFF : v & 0xFFFF
                    if unusedBits != 0 {
                        failure = Base64Error(offset: n - padding - 1, reason: "unused bits before padding are not zero")
                        initialized = 0
                        return
                    }
                    dst[o] = UInt8(truncatingIfNeeded: v >> 16)
                    if padding == 1 { dst[o + 1] = UInt8(truncatingIfNeeded: v >> 8) }
                }
                initialized = outCount
            }
        }
        if let failure { throw failure }
        return out
    }

    private static func invalidCharacter(in src: UnsafePointer<UInt8>, from i: Int) -> Base64Error {
        var k = i
        while values[Int(src[k])] != 0xFF { k += 1 }
        let c = src[k]
        let shown = c >= 0x21 && c <= 0x7E ? "'\(Character(Unicode.Scalar(c)))'" : "byte \(c)"
        return Base64Error(offset: k, reason: c == UInt8(ascii: "=") ? "padding '=' before the end"
                                                                     : "invalid character \(shown)")
    }
}
