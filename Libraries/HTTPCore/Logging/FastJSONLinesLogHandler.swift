import Shared
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Writes the same lines as `JSONLinesLogHandler` (same keys, key order, escaping and `ts`
/// precision) without Foundation: bytes are assembled in one buffer, strings that need no
/// escaping are copied whole, numbers and the timestamp are formatted with integer arithmetic.
///
/// Ordinary records are written at once. Access-log lines (`logAccess`, the server's
/// per-request hot path) are appended to a buffer that is written when it reaches
/// `bufferLimit` bytes, at least every `flushInterval` (a background thread), before any
/// ordinary record (so lines stay in order), on `flush()`, and at process exit; like nginx's
/// `access_log ... buffer= flush=`. A crash can lose at most the last `flushInterval` of
/// access lines. Lines are never split or interleaved.
public final class FastJSONLinesLogHandler: LogHandler {
    public static let bufferLimit = 32 * 1024
    public static let flushInterval: Duration = .milliseconds(50)

    let sink: LogSink

    public init(fileDescriptor: Int32 = 1) {
        sink = LogSink(fd: fileDescriptor, bufferLimit: Self.bufferLimit, flushInterval: Self.flushInterval)
    }

    deinit { sink.close() }

    public func log(_ record: LogRecord) {
        var line = Self.render(record)
        line.append(UInt8(ascii: "\n"))
        sink.write(line)
    }

    /// Writes everything buffered.
    public func flush() { sink.flush() }

    /// Flushes every open handler; installed with atexit, so `exit()` loses nothing.
    public static func flushAll() { LogSink.flushAll() }

    /// The JSON object for `record`, without the newline.
    public static func render(_ record: LogRecord) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(160 + record.metadata.count * 40)
        append(#"{"ts":"#, to: &out)
        appendTimestamp(record.time, to: &out)
        append(#","level":""#, to: &out)
        append(record.level.name, to: &out)
        append(#"","logger":"#, to: &out)
        appendQuoted(record.label, to: &out)
        append(#","msg":"#, to: &out)
        appendQuoted(record.message, to: &out)
        for (key, value) in record.metadata.sorted(by: { $0.key < $1.key }) {
            out.append(UInt8(ascii: ","))
            appendQuoted(key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendValue(value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    @inline(__always) static func append(_ s: String, to out: inout [UInt8]) {
        out.append(contentsOf: s.utf8)
    }

    /// A literal, copied as one block.
    @inline(__always) static func appendLiteral(_ s: StaticString, to out: inout [UInt8]) {
        s.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// Decimal digits of `v`, without allocating a String.
    static func appendInt(_ v: Int64, to out: inout [UInt8]) {
        if v < 0 {
            out.append(UInt8(ascii: "-"))
            appendUInt(v == .min ? UInt64(Int64.max) + 1 : UInt64(-v), to: &out)
        } else {
            appendUInt(UInt64(v), to: &out)
        }
    }

    static func appendUInt(_ v: UInt64, to out: inout [UInt8]) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch on the stack
        withUnsafeMutableBytes(of: &digits) { scratch in
            var i = scratch.count
            var n = v
            repeat {
                i -= 1
                scratch[i] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
            } while n > 0
            out.append(contentsOf: scratch[i...])
        }
    }

    /// Seconds with exactly six decimals, as `%.6f` prints them.
    static func appendTimestamp(_ t: Double, to out: inout [UInt8]) {
        guard t.isFinite, t >= 0, t < 1e12 else {
            append(t.isFinite ? String(t) : "0.000000", to: &out)
            return
        }
        let micros = Int64((t * 1_000_000).rounded())
        appendMicros(micros, to: &out)
    }

    /// A wall-clock time from `clock_gettime`, as `appendTimestamp` would print it.
    static func appendTimestamp(seconds: Int64, nanoseconds: Int64, to out: inout [UInt8]) {
        appendMicros(seconds * 1_000_000 + (nanoseconds + 500) / 1000, to: &out)
    }

    private static func appendMicros(_ micros: Int64, to out: inout [UInt8]) {
        appendInt(micros / 1_000_000, to: &out)
        out.append(UInt8(ascii: "."))
        let frac = UInt64(micros % 1_000_000)
        var divisor: UInt64 = 100_000
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(frac / divisor % 10))
            divisor /= 10
        }
    }

    static func appendValue(_ value: LogValue, to out: inout [UInt8]) {
        switch value {
        case .string(let s): appendQuoted(s, to: &out)
        case .int(let i): appendInt(i, to: &out)
        case .double(let d): append(d.isFinite ? String(d) : "null", to: &out)
        case .bool(let b): append(b ? "true" : "false", to: &out)
        }
    }

    /// A JSON string literal with the escapes `JSONString.append` uses.
    static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { appendQuoted(bytes: $0, to: &out) }
    }

    /// A string known to need no escaping (validated ids, numeric addresses, method tokens).
    @inline(__always) static func appendQuotedVerbatim(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: s.utf8)
        out.append(UInt8(ascii: "\""))
    }

    static func appendQuoted(_ s: Substring, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { appendQuoted(bytes: $0, to: &out) }
    }

    private static func appendQuoted(bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var start = 0
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            let special = c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\")
                || (c == 0xE2 && i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9))
            if !special {
                i += 1
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
            if c == 0xE2 {
                append(bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", to: &out)
                i += 3
            } else {
                appendEscape(c, to: &out)
                i += 1
            }
            start = i
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(_ c: UInt8, to out: inout [UInt8]) {
        switch c {
        case UInt8(ascii: "\""): append("\\\"", to: &out)
        case UInt8(ascii: "\\"): append("\\\\", to: &out)
        case UInt8(ascii: "\n"): append("\\n", to: &out)
        case UInt8(ascii: "\r"): append("\\r", to: &out)
        case UInt8(ascii: "\t"): append("\\t", to: &out)
        default:
            let hex = Array("0123456789abcdef".utf8)
            out.append(contentsOf: Array("\\u00".utf8))
            out.append(hex[Int(c >> 4)])
            out.append(hex[Int(c & 0x0f)])
        }
    }
}
