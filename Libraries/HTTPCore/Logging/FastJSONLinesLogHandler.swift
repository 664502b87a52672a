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
        let out = ByteBuffer(capacity: 160 + record.metadata.count * 48)
        render(record, to: out)
        return Array(out.bytes)
    }

    static func render(_ record: LogRecord, to out: ByteBuffer) {
        out.append(#"{"ts":"#)
        appendTimestamp(record.time, to: out)
        out.append(#","level":""#)
        out.append(record.level.name)
        out.append(#"","logger":"#)
        appendQuoted(record.label, to: out)
        out.append(#","msg":"#)
        appendQuoted(record.message, to: out)
        for (key, value) in record.metadata.sorted(by: { $0.key < $1.key }) {
            out.append(UInt8(ascii: ","))
            appendQuoted(key, to: out)
            out.append(UInt8(ascii: ":"))
            appendValue(value, to: out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Decimal digits of `v`, without allocating a String.
    static func appendInt(_ v: Int64, to out: ByteBuffer) {
        if v < 0 {
            out.append(UInt8(ascii: "-"))
            appendUInt(v == .min ? UInt64(Int64.max) + 1 : UInt64(-v), to: out)
        } else {
            appendUInt(UInt64(v), to: out)
        }
    }

    static func appendUInt(_ v: UInt64, to out: ByteBuffer) {
        out.reserve(20)
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch on the stack
        withUnsafeMutableBytes(of: &digits) { scratch in
            var i = scratch.count
            var n = v
            repeat {
                i -= 1
                scratch[i] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
            } while n > 0
            out.append(UnsafeBufferPointer(rebasing: scratch.bindMemory(to: UInt8.self)[i...]))
        }
    }

    /// Seconds with exactly six decimals, as `%.6f` prints them.
    static func appendTimestamp(_ t: Double, to out: ByteBuffer) {
        guard t.isFinite, t >= 0, t < 1e12 else {
            out.append(t.isFinite ? String(t) : "0.000000")
            return
        }
        appendMicros(Int64((t * 1_000_000).rounded()), to: out)
    }

    /// A wall-clock time from `clock_gettime`, as `appendTimestamp` would print it.
    static func appendTimestamp(seconds: Int64, nanoseconds: Int64, to out: ByteBuffer) {
        appendMicros(seconds * 1_000_000 + (nanoseconds + 500) / 1000, to: out)
    }

    private static func appendMicros(_ micros: Int64, to out: ByteBuffer) {
        appendInt(micros / 1_000_000, to: out)
        out.reserve(7)
        out.append(UInt8(ascii: "."))
        let frac = UInt64(micros % 1_000_000)
        var divisor: UInt64 = 100_000
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(frac / divisor % 10))
            divisor /= 10
        }
    }

    static func appendValue(_ value: LogValue, to out: ByteBuffer) {
        switch value {
        case .string(let s): appendQuoted(s, to: out)
        case .int(let i): appendInt(i, to: out)
        case .double(let d): out.append(d.isFinite ? String(d) : "null")
        case .bool(let b): out.append(b ? "true" : "false")
        }
    }

    /// A JSON string literal with the escapes `JSONString.append` uses.
    static func appendQuoted(_ s: String, to out: ByteBuffer) {
        if s.utf8.withContiguousStorageIfAvailable({ appendQuoted(bytes: $0, to: out) }) == nil {
            var copy = s
            copy.withUTF8 { appendQuoted(bytes: $0, to: out) }
        }
    }

    static func appendQuoted(_ s: Substring, to out: ByteBuffer) {
        if s.utf8.withContiguousStorageIfAvailable({ appendQuoted(bytes: $0, to: out) }) == nil {
            var copy = s
            copy.withUTF8 { appendQuoted(bytes: $0, to: out) }
        }
    }

    /// A string known to need no escaping (validated ids, numeric addresses, method tokens).
    @inline(__always) static func appendQuotedVerbatim(_ s: String, to out: ByteBuffer) {
        out.append(UInt8(ascii: "\""))
        out.append(s)
        out.append(UInt8(ascii: "\""))
    }

    private static func appendQuoted(bytes: UnsafeBufferPointer<UInt8>, to out: ByteBuffer) {
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
            out.append(UnsafeBufferPointer(rebasing: bytes[start..<i]))
            if c == 0xE2 {
                out.append(bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                i += 3
            } else {
                appendEscape(c, to: out)
                i += 1
            }
            start = i
        }
        out.append(UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(_ c: UInt8, to out: ByteBuffer) {
        switch c {
        case UInt8(ascii: "\""): out.append("\\\"")
        case UInt8(ascii: "\\"): out.append("\\\\")
        case UInt8(ascii: "\n"): out.append("\\n")
        case UInt8(ascii: "\r"): out.append("\\r")
        case UInt8(ascii: "\t"): out.append("\\t")
        default:
            let hex: StaticString = "0123456789abcdef"
            out.append("\\u00")
            hex.withUTF8Buffer { digits in
                out.append(digits[Int(c >> 4)])
                out.append(digits[Int(c & 0x0f)])
            }
        }
    }
}
