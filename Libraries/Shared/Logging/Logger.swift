#if canImport(Glibc)
import Glibc
#endif

/// A swift-log-shaped logger: a label, a minimum level, metadata, and a handler.
/// Libraries receive their logger from the caller and log at `info` or below; keys are dotted
/// (`http.method`, `ext.tenant_id`) and every per-request logger carries `request.id`.
public struct Logger: Sendable {
    public var label: String
    public var level: LogLevel
    public var metadata: LogMetadata
    public let handler: any LogHandler

    public init(label: String, level: LogLevel = .info, handler: any LogHandler = JSONLinesLogHandler()) {
        self.label = label
        self.level = level
        self.metadata = [:]
        self.handler = handler
    }

    /// A copy with one more metadata entry.
    public func with(_ key: String, _ value: LogValue) -> Logger {
        var copy = self
        copy.metadata[key] = value
        return copy
    }

    public subscript(metadataKey key: String) -> LogValue? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(_ level: LogLevel, _ message: @autoclosure () -> String, _ extra: LogMetadata = [:]) {
        guard level >= self.level else { return }
        let md: LogMetadata
        if extra.isEmpty {
            md = metadata
        } else if metadata.isEmpty {
            md = extra
        } else {
            md = metadata.merging(extra) { _, new in new }
        }
        handler.log(LogRecord(time: Self.now(), level: level, label: label, message: message(), metadata: md))
    }

    /// Logs a record whose fields `fields` adds in ascending key order, for per-request records
    /// on hot paths: with the JSON-lines handler they are rendered without a dictionary.
    ///
    ///     logger.log(.info, "execution") { f in
    ///         f.add("audit", true)
    ///         f.add("request.id", id)
    ///     }
    public func log(_ level: LogLevel, _ message: String, fields: (inout LogFields) -> Void) {
        guard level >= self.level else { return }
        handler.log(level: level, label: label, message: message, metadata: metadata, fields: fields)
    }

    public func trace(_ m: @autoclosure () -> String, _ md: LogMetadata = [:]) { log(.trace, m(), md) }
    public func debug(_ m: @autoclosure () -> String, _ md: LogMetadata = [:]) { log(.debug, m(), md) }
    public func info(_ m: @autoclosure () -> String, _ md: LogMetadata = [:]) { log(.info, m(), md) }
    public func notice(_ m: @autoclosure () -> String, _ md: LogMetadata = [:]) { log(.notice, m(), md) }
    public func warning(_ m: @autoclosure () -> String, _ md: LogMetadata = [:]) { log(.warning, m(), md) }
    public func error(_ m: @autoclosure () -> String, _ md: LogMetadata = [:]) { log(.error, m(), md) }
    public func critical(_ m: @autoclosure () -> String, _ md: LogMetadata = [:]) { log(.critical, m(), md) }

    /// Seconds since the Unix epoch (a record's `time`).
    static func now() -> Double {
        let ts = JSONLineFormat.now()
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
