import Foundation
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
}

/// One JSON object per line on standard output (or another file descriptor), keys sorted so
/// lines diff well: `{"ts":..., "level":"info", "logger":"runner", "msg":"...", "http.method":"GET"}`.
public final class JSONLinesLogHandler: LogHandler {
    private let fd: Int32
    private let lock = Mutex(())

    public init(fileDescriptor: Int32 = 1) { fd = fileDescriptor }

    public func log(_ record: LogRecord) {
        var line = Self.render(record)
        line.append("\n")
        lock.withLock { _ in
            line.withUTF8 { buf in
                var off = 0
                while off < buf.count {
                    let n = Foundation.write(fd, buf.baseAddress! + off, buf.count - off)
                    if n <= 0 { if errno == EINTR { continue } else { return } }
                    off += n
                }
            }
        }
    }

    public static func render(_ record: LogRecord) -> String {
        var out = "{\"ts\":"
        out += String(format: "%.6f", record.time)
        out += ",\"level\":\"" + record.level.name + "\",\"logger\":"
        JSONString.append(record.label, to: &out)
        out += ",\"msg\":"
        JSONString.append(record.message, to: &out)
        for key in record.metadata.keys.sorted() {
            out += ","
            JSONString.append(key, to: &out)
            out += ":"
            record.metadata[key]!.appendJSON(to: &out)
        }
        out += "}"
        return out
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
