/// One line the guest logged (`alga.log.write`, docs/guest-abi.md §4.7), as the runner returns
/// it to the gateway so it can be read back with the execution-log row (`extctl logs`). On the
/// wire a `[level, message]` pair in `logs`.
public struct GuestLogLine: Sendable, Hashable {
    /// `debug`, `info`, `warning` or `error`.
    public var level: String
    public var message: String

    public init(level: String, message: String) {
        self.level = level
        self.message = message
    }

    public static let levels: Set<String> = ["debug", "info", "warning", "error"]
    /// The most lines one response carries (the runner keeps the first ones; its own log has all).
    public static let maxLines = 200
    /// The most message bytes one response carries, all lines together.
    public static let maxReturnedBytes = 64 << 10
    /// The longest message a line carries (longer ones are cut at a UTF-8 boundary).
    public static let maxMessageBytes = 4096
}
