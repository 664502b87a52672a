/// Logging through `log.write` (grant `log`). Messages over 4096 bytes are truncated by the host;
/// without the grant, or past the per-execution log budget, messages are dropped silently.
public enum Log {
    public enum Level: Int32 {
        case debug = 0, info = 1, warn = 2, error = 3
    }

    public static func debug(_ message: String) { write(.debug, message) }
    public static func info(_ message: String) { write(.info, message) }
    public static func warn(_ message: String) { write(.warn, message) }
    public static func error(_ message: String) { write(.error, message) }

    /// Writes one entry; returns the host's answer (0 whole, 1 truncated, < 0 error code).
    @discardableResult
    public static func write(_ level: Level, _ message: String) -> Int32 {
        withUTF8(message) { alga_log_write(level.rawValue, $0, $1) }
    }
}
