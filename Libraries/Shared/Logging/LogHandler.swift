import Synchronization

public struct LogRecord: Sendable {
    public var time: Double  // seconds since the Unix epoch
    public var level: LogLevel
    public var label: String
    public var message: String
    public var metadata: LogMetadata
}

/// Where log records go. Handlers must be safe to call from any thread.
public protocol LogHandler: Sendable {
    func log(_ record: LogRecord)

    /// A record whose fields `fields` adds in ascending key order (see `LogFields`), on top of
    /// the logger's `metadata`. The default collects them into a `LogRecord`; handlers that can
    /// render fields directly (`JSONLinesLogHandler`) do so.
    func log(level: LogLevel, label: String, message: String, metadata: LogMetadata,
             fields: (inout LogFields) -> Void)
}

extension LogHandler {
    public func log(level: LogLevel, label: String, message: String, metadata: LogMetadata,
                    fields: (inout LogFields) -> Void) {
        var collected = LogFields(collecting: metadata)
        fields(&collected)
        log(LogRecord(time: Logger.now(), level: level, label: label, message: message, metadata: collected.metadata))
    }
}

/// Keeps records in memory; for tests.
public final class InMemoryLogHandler: LogHandler {
    private let storage = Mutex<[LogRecord]>([])

    public init() {}

    public func log(_ record: LogRecord) { storage.withLock { $0.append(record) } }

    public var records: [LogRecord] { storage.withLock { $0 } }

    public func clear() { storage.withLock { $0.removeAll() } }
}
