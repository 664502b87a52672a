#if canImport(Glibc)
import Glibc
#endif

/// How `JSONLinesLogHandler` writes a record, byte by byte: `{"ts":…,"level":…,"logger":…,
/// "msg":…` then the metadata in ascending key order, `}`. Strings get `JSONString.append`'s
/// escapes; numbers and the timestamp (seconds with six decimals, as `%.6f` prints them) are
/// formatted with integer arithmetic, without Foundation or temporary Strings.
package enum JSONLineFormat {
    /// The whole object for `record`, without the newline.
    package static func render(_ record: LogRecord, to out: LogBuffer) {
        appendHead(level: record.level, label: record.label, message: record.message, to: out) {
            appendTimestamp(record.time, to: out)
        }
        for (key, value) in record.metadata.sorted(by: { $0.key < $1.key }) {
            out.append(UInt8(ascii: ","))
            appendQuoted(key, to: out)
            out.append(UInt8(ascii: ":"))
            appendValue(value, to: out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// `{"ts":<time>,"level":"…","logger":"…","msg":"…"` (no closing brace).
    @inline(__always)
    package static func appendHead(level: LogLevel, label: String, message: String, to out: LogBuffer,
                                   time: () -> Void) {
        out.appendLiteral(#"{"ts":"#)
        time()
        out.appendLiteral(#","level":""#)
        out.append(level.name)
        out.appendLiteral(#"","logger":"#)
        appendQuoted(label, to: out)
        out.appendLiteral(#","msg":"#)
        appendQuoted(message, to: out)
    }

    /// The current wall-clock time, as a `LogRecord.time` and as the timestamp's parts.
    package static func now() -> timespec {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return ts
    }

    package static func appendValue(_ value: LogValue, to out: LogBuffer) {
        switch value {
        case .string(let s): appendQuoted(s, to: out)
        case .int(let i): appendInt(i, to: out)
        case .double(let d): out.append(d.isFinite ? String(d) : "null")
        case .bool(let b): out.appendLiteral(b ? "true" : "false")
        }
    }

    /// Decimal digits of `v`.
    package static func appendInt(_ v: Int64, to out: LogBuffer) {
        if v < 0 {
            out.append(UInt8(ascii: "-"))
            appendUInt(v == .min ? UInt64(Int64.max) + 1 : UInt64(-v), to: out)
        } else {
            appendUInt(UInt64(v), to: out)
        }
    }

    package static func appendUInt(_ v: UInt64, to out: LogBuffer) {
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
    package static func appendTimestamp(_ t: Double, to out: LogBuffer) {
        guard t.isFinite, t >= 0, t < 1e12 else {
            out.append(t.isFinite ? String(t) : "0.000000")
            return
        }
        appendMicros(Int64((t * 1_000_000).rounded()), to: out)
    }

    /// A wall-clock time from `clock_gettime`, as `appendTimestamp` would print it.
    package static func appendTimestamp(_ ts: timespec, to out: LogBuffer) {
        appendMicros(Int64(ts.tv_sec) * 1_000_000 + (Int64(ts.tv_nsec) + 500) / 1000, to: out)
    }

    private static func appendMicros(_ micros: Int64, to out: LogBuffer) {
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

    /// A JSON string literal with the escapes `JSONString.append` uses.
    package static func appendQuoted(_ s: String, to out: LogBuffer) {
        if s.utf8.withContiguousStorageIfAvailable({ appendQuoted(bytes: $0, to: out) }) == nil {
            var copy = s
            copy.withUTF8 { appendQuoted(bytes: $0, to: out) }
        }
    }

    package static func appendQuoted(_ s: Substring, to out: LogBuffer) {
        if s.utf8.withContiguousStorageIfAvailable({ appendQuoted(bytes: $0, to: out) }) == nil {
            var copy = s
            copy.withUTF8 { appendQuoted(bytes: $0, to: out) }
        }
    }

    package static func appendQuoted(_ s: StaticString, to out: LogBuffer) {
        s.withUTF8Buffer { appendQuoted(bytes: $0, to: out) }
    }

    /// A string known to need no escaping (validated ids, numeric addresses, method tokens).
    @inline(__always) package static func appendQuotedVerbatim(_ s: String, to out: LogBuffer) {
        out.append(UInt8(ascii: "\""))
        out.append(s)
        out.append(UInt8(ascii: "\""))
    }

    package static func appendQuoted(bytes: UnsafeBufferPointer<UInt8>, to out: LogBuffer) {
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
                out.appendLiteral(bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029")
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

    private static func appendEscape(_ c: UInt8, to out: LogBuffer) {
        switch c {
        case UInt8(ascii: "\""): out.appendLiteral("\\\"")
        case UInt8(ascii: "\\"): out.appendLiteral("\\\\")
        case UInt8(ascii: "\n"): out.appendLiteral("\\n")
        case UInt8(ascii: "\r"): out.appendLiteral("\\r")
        case UInt8(ascii: "\t"): out.appendLiteral("\\t")
        default:
            let hex: StaticString = "0123456789abcdef"
            out.appendLiteral("\\u00")
            hex.withUTF8Buffer { digits in
                out.append(digits[Int(c >> 4)])
                out.append(digits[Int(c & 0x0f)])
            }
        }
    }
}
