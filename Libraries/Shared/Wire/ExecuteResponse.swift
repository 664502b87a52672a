/// Runner → gateway: the handler's response and the execution's resource usage. Runner-level
/// failures use the same envelope with ``error`` set (and the matching HTTP status).
public struct ExecuteResponse: Sendable, Equatable {
    public var version: Int
    public var mustUnderstand: [String]
    /// The guest's HTTP status, 100...599.
    public var status: Int
    public var headers: [NameValuePair]
    /// Raw body bytes (`body_b64` on the wire).
    public var body: [UInt8]
    /// Set when the runner (not the guest) failed: a stable snake_case code and a safe message.
    public var error: ExecuteError?
    public var usage: ExecuteUsage
    /// The lines the guest logged, in order (at most `GuestLogLine.maxLines`); empty when none.
    public var logs: [GuestLogLine]

    public init(version: Int = WireEnvelope.currentVersion, mustUnderstand: [String] = [], status: Int,
                headers: [NameValuePair] = [], body: [UInt8] = [], error: ExecuteError? = nil,
                usage: ExecuteUsage = ExecuteUsage(), logs: [GuestLogLine] = []) {
        self.version = version
        self.mustUnderstand = mustUnderstand
        self.status = status
        self.headers = headers
        self.body = body
        self.error = error
        self.usage = usage
        self.logs = logs
    }

    public static let statusRange: ClosedRange<Int64> = 100...599

    /// Dotted paths of every field this build implements: the `must_understand` entries it accepts.
    public static let understoodFields: Set<String> = [
        "version", "must_understand", "status", "headers", "body_b64", "error", "error.code", "error.message", "usage",
        "usage.duration_us", "usage.cpu_us", "usage.memory_peak_bytes", "usage.fuel_used", "usage.egress_bytes",
        "usage.host_calls", "logs",
    ]
}
