/// One JSON object per line on standard output (or another file descriptor), metadata keys in
/// ascending order so lines diff well:
/// `{"ts":1700000000.250000,"level":"info","logger":"runner","msg":"...","http.method":"GET"}`.
///
/// Rendering is byte-level (`JSONLineFormat`): no Foundation, no `String(format:)`, no
/// intermediate Strings; `Logger.log(_:_:fields:)` records skip the metadata dictionary too.
/// Ordinary records are written at once, one `write(2)` each. Lines that may wait (the HTTP
/// server's access log, `LogSink.appendBuffered`) are buffered and written at 32 KiB, at least
/// every 50 ms, before any ordinary record (so lines stay in order), on `flush()` and at process
/// exit, like nginx's `access_log ... buffer= flush=`. Thread-safety: safe from any thread.
public final class JSONLinesLogHandler: LogHandler {
    public static let bufferLimit = 32 * 1024
    public static let flushInterval: Duration = .milliseconds(50)

    package let sink: LogSink

    public init(fileDescriptor: Int32 = 1) {
        sink = LogSink(fd: fileDescriptor, bufferLimit: Self.bufferLimit, flushInterval: Self.flushInterval)
    }

    deinit { sink.close() }

    public func log(_ record: LogRecord) {
        let line = LogBuffer(capacity: 160 + record.metadata.count * 48)
        JSONLineFormat.render(record, to: line)
        line.append(UInt8(ascii: "\n"))
        sink.write { $0.append(line.bytes) }
    }

    public func log(level: LogLevel, label: String, message: String, metadata: LogMetadata,
                    fields: (inout LogFields) -> Void) {
        guard metadata.isEmpty else {
            var collected = LogFields(collecting: metadata)
            fields(&collected)
            log(LogRecord(time: Logger.now(), level: level, label: label, message: message, metadata: collected.metadata))
            return
        }
        let ts = JSONLineFormat.now()
        // Rendered outside the sink's lock, so `fields` may do anything (even log).
        let line = LogBuffer(capacity: 512)
        JSONLineFormat.appendHead(level: level, label: label, message: message, to: line) {
            JSONLineFormat.appendTimestamp(ts, to: line)
        }
        var writer = LogFields(writingTo: line)
        fields(&writer)
        line.appendLiteral("}\n")
        sink.write { $0.append(line.bytes) }
    }

    /// Writes everything buffered.
    public func flush() { sink.flush() }

    /// Flushes every open handler; installed with atexit, so `exit()` loses nothing.
    public static func flushAll() { LogSink.flushAll() }

    /// The JSON object for `record`, without the newline.
    public static func render(_ record: LogRecord) -> String {
        let out = LogBuffer(capacity: 160 + record.metadata.count * 48)
        JSONLineFormat.render(record, to: out)
        return String(decoding: out.bytes, as: UTF8.self)
    }
}
