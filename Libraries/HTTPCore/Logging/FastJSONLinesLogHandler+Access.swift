import Shared

#if canImport(Glibc)
import Glibc
#endif

/// The fields of one access-log line (see `AccessLog`).
struct AccessLogLine {
    /// Written without escaping: an HTTP token (libmicrohttpd admits only token characters).
    var method: String
    var path: Substring
    var route: String
    var status: Int
    var bytes: Int64
    var durationMicros: UInt64
    /// Written without escaping: `RequestID.sanitize` / the generator allow only `[A-Za-z0-9._:-]`.
    var requestID: String
    /// Written without escaping: a numeric IP address (or empty).
    var remote: String
    var termination: String?
}

extension FastJSONLinesLogHandler {
    /// Buffers an `info` "request" line for a logger without metadata: byte for byte what
    /// `Logger.info("request", fields)` followed by `render` produces (keys in sorted order),
    /// built straight from the fields instead of through a dictionary. The server's per-request
    /// hot path; `AccessLogTests` checks it against the general path.
    func logAccess(label: String, _ line: AccessLogLine) {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        sink.appendBuffered { out in
            Self.appendLiteral(#"{"ts":"#, to: &out)
            Self.appendTimestamp(seconds: Int64(ts.tv_sec), nanoseconds: Int64(ts.tv_nsec), to: &out)
            Self.appendLiteral(#","level":"info","logger":"#, to: &out)
            Self.appendQuoted(label, to: &out)
            Self.appendLiteral(#","msg":"request","http.bytes":"#, to: &out)
            Self.appendInt(line.bytes, to: &out)
            Self.appendLiteral(#","http.duration_us":"#, to: &out)
            Self.appendUInt(line.durationMicros, to: &out)
            Self.appendLiteral(#","http.method":"#, to: &out)
            Self.appendQuotedVerbatim(line.method, to: &out)
            Self.appendLiteral(#","http.path":"#, to: &out)
            Self.appendQuoted(line.path, to: &out)
            Self.appendLiteral(#","http.remote":"#, to: &out)
            Self.appendQuotedVerbatim(line.remote, to: &out)
            Self.appendLiteral(#","http.route":"#, to: &out)
            Self.appendQuoted(line.route, to: &out)
            Self.appendLiteral(#","http.status":"#, to: &out)
            Self.appendInt(Int64(line.status), to: &out)
            if let termination = line.termination {
                Self.appendLiteral(#","http.termination":"#, to: &out)
                Self.appendQuoted(termination, to: &out)
            }
            Self.appendLiteral(#","request.id":"#, to: &out)
            Self.appendQuotedVerbatim(line.requestID, to: &out)
            Self.appendLiteral("}\n", to: &out)
        }
    }
}
