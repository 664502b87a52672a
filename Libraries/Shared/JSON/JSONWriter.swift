/// Writes compact JSON into a byte buffer: the one JSON writer of the platform.
///
/// Commas are placed automatically; the caller is responsible for the structure (a key before
/// each member value, balanced begin/end). Strings are escaped per RFC 8259: `"`, `\` and control
/// characters; everything else is copied as UTF-8 (Swift strings are always valid UTF-8).
///
/// ```swift
/// var w = JSONWriter()
/// w.beginObject(); w.key("status"); w.int(200); w.endObject()
/// // w.bytes == Array(#"{"status":200}"#.utf8)
/// ```
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8]
    /// True after a complete value, so the next key or element needs a comma first.
    private var needsComma = false

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// A member name followed by `:`; the next call writes its value.
    public mutating func key(_ name: StaticString) {
        precondition(name.hasPointerRepresentation, "BUG in JSONWriter: key must be a string literal")
        separate()
        appendEscaped(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func key(_ name: String) {
        separate()
        appendEscaped(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func string(_ value: String) {
        separate()
        appendEscaped(value)
        needsComma = true
    }

    public mutating func bool(_ value: Bool) {
        separate()
        value ? appendASCII("true") : appendASCII("false")
        needsComma = true
    }

    public mutating func null() {
        separate()
        appendASCII("null")
        needsComma = true
    }

    public mutating func int(_ value: Int64) {
        separate()
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            appendDigits(value.magnitude)
        } else {
            appendDigits(UInt64(value))
        }
        needsComma = true
    }

    public mutating func int(_ value: Int) { int(Int64(value)) }

    public mutating func uint(_ value: UInt64) {
        separate()
        appendDigits(value)
        needsComma = true
    }

    /// Shortest round-tripping form. Passing NaN or an infinity is a bug: JSON cannot hold them.
    public mutating func double(_ value: Double) {
        guard let number = JSONNumber(value) else { preconditionFailure("BUG in JSONWriter: \(value) is not finite") }
        self.number(number)
    }

    public mutating func number(_ value: JSONNumber) {
        separate()
        bytes.append(contentsOf: value.literal.utf8)
        needsComma = true
    }

    /// A string holding the standard Base64 encoding of `data` (padding included).
    public mutating func base64(_ data: UnsafeRawBufferPointer) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        Base64.encode(data, appendingTo: &bytes)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    public mutating func base64(_ data: [UInt8]) {
        data.withUnsafeBytes { base64($0) }
    }

    /// Bytes that are already one complete, valid JSON value (e.g. a cached fragment).
    public mutating func rawValue(_ json: some Collection<UInt8>) {
        separate()
        bytes.append(contentsOf: json)
        needsComma = true
    }

    // MARK: Primitives

    private mutating func appendASCII(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    private mutating func appendDigits(_ value: UInt64) {
        if value < 10 {
            bytes.append(UInt8(ascii: "0") &+ UInt8(value))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes; UInt64.max has 20 digits
        withUnsafeMutableBytes(of: &digits) { raw in
            var v = value
            var i = raw.count
            while v > 0 {
                i -= 1
                raw[i] = UInt8(ascii: "0") &+ UInt8(v % 10)
                v /= 10
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[i...]))
        }
    }

    private mutating func appendEscaped(_ s: String) {
        if let done: Void = s.utf8.withContiguousStorageIfAvailable({ appendEscaped($0) }) { return done }
        appendEscaped(Array(s.utf8))
    }

    private mutating func appendEscaped(_ utf8: [UInt8]) {
        utf8.withUnsafeBufferPointer { appendEscaped($0) }
    }

    /// True when none of the 8 bytes in `x` needs escaping (a control byte, '"' or '\\'); bytes
    /// above 0x7F are UTF-8 and copied as they are. SWAR: a byte of `x - 0x01…` borrows into its
    /// top bit exactly when it was zero, and the lowest such byte is always reported.
    @inline(__always)
    static func needsNoEscape(_ x: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        let control = (x &- ones &* 0x20) & ~x & highs
        return control | hasZeroByte(x ^ (ones &* 0x22)) | hasZeroByte(x ^ (ones &* 0x5C)) == 0
    }

    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        var i = 0
        let raw = UnsafeRawPointer(utf8.baseAddress)
        while i < utf8.count {
            while i + 8 <= utf8.count, let raw, JSONWriter.needsNoEscape(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
                i += 8
            }
            guard i < utf8.count else { break }
            let b = utf8[i]
            if b >= 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") {
                i += 1
                continue
            }
            if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
            bytes.append(UInt8(ascii: "\\"))
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(b)
            case 0x08: bytes.append(UInt8(ascii: "b"))
            case 0x0C: bytes.append(UInt8(ascii: "f"))
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            default:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hex[Int(b >> 4)], hex[Int(b & 0x0F)]])
            }
            i += 1
            runStart = i
        }
        if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        bytes.append(UInt8(ascii: "\""))
    }
}
