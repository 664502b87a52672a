/// Per-execution budgets of the guest ABI (docs/guest-abi.md §6). The defaults are the
/// documented ones; the runner's configuration may change the response and log caps.
public struct GuestLimits: Sendable, Equatable {
    /// Response body bytes (`response.write` beyond it: outcome `response_too_large`).
    public var responseBodyBytes = 4 << 20
    public var responseHeaders = 64
    public var responseHeaderBytes = 64 << 10
    public var headerNameBytes = 128
    public var headerValueBytes = 8192
    /// Log bytes per execution, and the longest single message (longer ones are truncated).
    public var logBytes = 64 << 10
    public var logMessageBytes = 4096
    public var metricEmits = 64
    /// Distinct series per (tenant, extension) in this process.
    public var metricSeries = 200
    public var openResults = 64
    public var randomBytesPerCall = 65536
    /// Import calls per execution; the call past it traps with `host_call_limit`.
    public var hostCalls = 10_000

    public init() {}
}
