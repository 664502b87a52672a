import Shared

#if canImport(Glibc)
import Glibc
#endif

/// The fields of one access-log line (see `AccessLog`).
struct AccessLogLine {
    var method: String
    var path: Substring
    var route: String
    var status: Int
    var bytes: Int64
    var durationMicros: UInt64
    var requestID: String
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
            Self.append(#"{"ts":"#, to: &out)
            Self.appendTimestamp(seconds: Int64(ts.tv_sec), nanoseconds: Int64(ts.tv_nsec), to: &out)
            Self.append(#","level":"info","logger":"#, to: &out)
            Self.appendQuoted(label, to: &out)
            Self.append(#","msg":"request","http.bytes":"#, to: &out)
            Self.appendInt(line.bytes, to: &out)
            Self.append(#","http.duration_us":"#, to: &out)
            Self.appendUInt(line.durationMicros, to: &out)
            Self.append(#","http.method":"#, to: &out)
            Self.appendQuoted(line.method, to: &out)
            Self.append(#","http.path":"#, to: &out)
            Self.appendQuoted(line.path, to: &out)
            Self.append(#","http.remote":"#, to: &out)
            Self.appendQuoted(line.remote, to: &out)
            Self.append(#","http.route":"#, to: &out)
            Self.appendQuoted(line.route, to: &out)
            Self.append(#","http.status":"#, to: &out)
            Self.appendInt(Int64(line.status), to: &out)
            if let termination = line.termination {
                Self.append(#","http.termination":"#, to: &out)
                Self.appendQuoted(termination, to: &out)
            }
            Self.append(#","request.id":"#, to: &out)
            Self.appendQuoted(line.requestID, to: &out)
            Self.append("}\n", to: &out)
        }
    }
}
