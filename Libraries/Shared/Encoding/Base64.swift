/// Standard Base64 (RFC 4648 §4: `A–Z a–z 0–9 + /`, `=` padding) with strict decoding: the
/// length must be a multiple of four, padding may only end the text, no whitespace or other
/// characters, and the unused bits before padding must be zero, so every byte string has exactly
/// one accepted encoding.
///
/// Table-driven: encoding looks up two characters per 12 bits, decoding ORs four pre-shifted
/// 32-bit table entries per quantum, where an invalid character sets a high bit.
public enum Base64 {
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// 4096 entries: the two characters (little-endian in a UInt16) for every 12-bit value.
    static let pairs: [UInt16] = (0..<4096).map { v in
        UInt16(alphabet[v >> 6]) | UInt16(alphabet[v & 0x3F]) << 8
    }

    /// Four tables of 256 entries: a character's 6-bit value shifted into its position in a
    /// 24-bit quantum (18, 12, 6, 0), or `invalid` when it is not in the alphabet.
    static let quantumTables: [UInt32] = {
        var table = [UInt32](repeating: invalid, count: 1024)
        for (value, c) in alphabet.enumerated() {
            for position in 0..<4 { table[position * 256 + Int(c)] = UInt32(value) << (18 - 6 * position) }
        }
        return table
    }()

    static let invalid: UInt32 = 0x0100_0000

    /// Characters needed to encode `byteCount` bytes.
    public static func encodedLength(_ byteCount: Int) -> Int { (byteCount + 2) / 3 * 4 }

    public static func encode(_ data: [UInt8]) -> String {
        let length = encodedLength(data.count)
        guard length > 0 else { return "" }
        return String(unsafeUninitializedCapacity: length) { buffer in
            data.withUnsafeBytes { encode($0, into: buffer.baseAddress!) }
            return length
        }
    }

    /// Appends the encoding of `data` to `out` (ASCII bytes), in chunks through a stack buffer.
    public static func encode(_ data: UnsafeRawBufferPointer, appendingTo out: inout [UInt8]) {
        out.reserveCapacity(out.count + encodedLength(data.count))
        let chunk = 3 * 1024
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4 * 1024) { buffer in
            var offset = 0
            while offset < data.count {
                let n = min(chunk, data.count - offset)
                encode(UnsafeRawBufferPointer(rebasing: data[offset..<(offset + n)]), into: buffer.baseAddress!)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<encodedLength(n)]))
                offset += n
            }
        }
    }

    /// Writes `encodedLength(data.count)` characters at `dst`.
    private static func encode(_ data: UnsafeRawBufferPointer, into dst: UnsafeMutablePointer<UInt8>) {
        let n = data.count
        guard n > 0, let raw = data.baseAddress else { return }
        let src = raw.assumingMemoryBound(to: UInt8.self)
        pairs.withUnsafeBufferPointer { pairs in
            let out = UnsafeMutableRawPointer(dst)
            var i = 0
            var o = 0
            while i + 3 <= n {
                let v = Int(src[i]) << 16 | Int(src[i + 1]) << 8 | Int(src[i + 2])
                out.storeBytes(of: pairs[v >> 12], toByteOffset: o, as: UInt16.self)
                out.storeBytes(of: pairs[v & 0xFFF], toByteOffset: o + 2, as: UInt16.self)
                i += 3
                o += 4
            }
            let rest = n - i
            if rest > 0 {
                let v = Int(src[i]) << 16 | (rest == 2 ? Int(src[i + 1]) << 8 : 0)
                out.storeBytes(of: pairs[v >> 12], toByteOffset: o, as: UInt16.self)
                dst[o + 2] = rest == 2 ? alphabet[v >> 6 & 0x3F] : UInt8(ascii: "=")
                dst[o + 3] = UInt8(ascii: "=")
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
        guard n > 0, let src = encoded.baseAddress else { return [] }
        guard n % 4 == 0 else {
            throw Base64Error(offset: n, reason: "length \(n) is not a multiple of 4")
        }
        var padding = 0
        if src[n - 1] == UInt8(ascii: "=") { padding = src[n - 2] == UInt8(ascii: "=") ? 2 : 1 }
        let outCount = n / 4 * 3 - padding
        var failed = false
        let out = quantumTables.withUnsafeBufferPointer { t in
            // One spare byte: each quantum stores 4 bytes, the last overwritten by the next quantum.
            [UInt8](unsafeUninitializedCapacity: outCount + 1) { dst, initialized in
                let out = UnsafeMutableRawPointer(dst.baseAddress!)
                var i = 0
                var o = 0
                let fullEnd = padding > 0 ? n - 4 : n
                while i < fullEnd {
                    let v = t[Int(src[i])] | t[256 + Int(src[i + 1])] | t[512 + Int(src[i + 2])] | t[768 + Int(src[i + 3])]
                    if v >= invalid {
                        failed = true
                        initialized = 0
                        return
                    }
                    out.storeBytes(of: (v << 8).bigEndian, toByteOffset: o, as: UInt32.self)
                    i += 4
                    o += 3
                }
                if padding > 0 {
                    var v = t[Int(src[i])] | t[256 + Int(src[i + 1])]
                    if padding == 1 { v |= t[512 + Int(src[i + 2])] }
                    // The unused bits before the padding must be zero (canonical encoding).
                    if v >= invalid || v & (padding == 1 ? 0xFF : 0xFFFF) != 0 {
                        failed = true
                        initialized = 0
                        return
                    }
                    dst[o] = UInt8(truncatingIfNeeded: v >> 16)
                    if padding == 1 { dst[o + 1] = UInt8(truncatingIfNeeded: v >> 8) }
                }
                initialized = outCount
            }
        }
        if failed { throw describeFailure(encoded, padding: padding) }
        return out
    }

    /// Finds and names the first offending character (slow path, after a quantum failed).
    private static func describeFailure(_ encoded: UnsafeBufferPointer<UInt8>, padding: Int) -> Base64Error {
        let dataEnd = encoded.count - padding
        for k in 0..<dataEnd where !alphabet.contains(encoded[k]) {
            let c = encoded[k]
            if c == UInt8(ascii: "=") { return Base64Error(offset: k, reason: "padding '=' before the end") }
            let shown = c >= 0x21 && c <= 0x7E ? "'\(Character(Unicode.Scalar(c)))'" : "byte \(c)"
            return Base64Error(offset: k, reason: "invalid character \(shown)")
        }
        return Base64Error(offset: dataEnd - 1, reason: "unused bits before padding are not zero")
    }
}
