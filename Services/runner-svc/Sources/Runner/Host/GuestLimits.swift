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
    /// `http.fetch`: calls per execution, request head JSON, request body and response body.
    public var fetches = 16
    public var fetchHeadBytes = 64 << 10
    public var fetchRequestBodyBytes = 1 << 20
    public var fetchResponseBodyBytes = 4 << 20
    /// Per-call timeout when the guest names none (always clipped to the execution's deadline).
    public var fetchDefaultTimeoutMs = 10_000
    /// Redirect hops a fetch may follow when it asks to (each hop passes the same checks).
    public var fetchRedirects = 5
    /// `secrets.get`: calls per execution and the largest value.
    public var secretGets = 32
    public var secretValueBytes = 64 << 10
    /// `storage.*`: calls per execution, key bytes, value bytes, list page size, cursor bytes.
    public var storageCalls = 256
    public var storageKeyBytes = 256
    public var storageValueBytes = 65536
    public var storageListLimit = 100
    public var storageCursorBytes = 1024

    public init() {}
}
