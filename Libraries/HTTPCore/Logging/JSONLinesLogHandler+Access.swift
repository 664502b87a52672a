import Shared

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

extension JSONLinesLogHandler {
    /// Buffers an `info` "request" line for a logger without metadata: byte for byte what
    /// `Logger.info("request", fields)` followed by `render` produces (keys in sorted order),
    /// built straight from the fields instead of through a dictionary. The server's per-request
    /// hot path; `AccessLogTests` checks it against the general path.
    func logAccess(label: String, _ line: AccessLogLine) {
        let ts = JSONLineFormat.now()
        sink.appendBuffered { out in
            out.appendLiteral(#"{"ts":"#)
            JSONLineFormat.appendTimestamp(ts, to: out)
            out.appendLiteral(#","level":"info","logger":"#)
            JSONLineFormat.appendQuoted(label, to: out)
            out.appendLiteral(#","msg":"request","http.bytes":"#)
            JSONLineFormat.appendInt(line.bytes, to: out)
            out.appendLiteral(#","http.duration_us":"#)
            JSONLineFormat.appendUInt(line.durationMicros, to: out)
            out.appendLiteral(#","http.method":"#)
            JSONLineFormat.appendQuotedVerbatim(line.method, to: out)
            out.appendLiteral(#","http.path":"#)
            JSONLineFormat.appendQuoted(line.path, to: out)
            out.appendLiteral(#","http.remote":"#)
            JSONLineFormat.appendQuotedVerbatim(line.remote, to: out)
            out.appendLiteral(#","http.route":"#)
            JSONLineFormat.appendQuoted(line.route, to: out)
            out.appendLiteral(#","http.status":"#)
            JSONLineFormat.appendInt(Int64(line.status), to: out)
            if let termination = line.termination {
                out.appendLiteral(#","http.termination":"#)
                JSONLineFormat.appendQuoted(termination, to: out)
            }
            out.appendLiteral(#","request.id":"#)
            JSONLineFormat.appendQuotedVerbatim(line.requestID, to: out)
            out.appendLiteral("}\n")
        }
    }
}
