/// Settings of one `HTTPClient` (one libcurl multi handle and its connection pool).
public struct HTTPClientConfiguration: Sendable {
    /// Default deadline for establishing a connection.
    public var connectTimeout: Duration = .seconds(10)
    /// Default deadline for a whole exchange.
    public var timeout: Duration = .seconds(60)
    /// Default cap on response bodies.
    public var maxResponseBytes: Int64 = 16 << 20
    /// Cap on the size of a response head (status line and header fields).
    public var maxResponseHeadBytes: Int = 64 << 10
    /// Open connections per host:port; further requests wait for a free one (CURLMOPT_MAX_HOST_CONNECTIONS).
    public var maxConnectionsPerHost: Int = 32
    /// Idle keep-alive connections kept for reuse (CURLMOPT_MAXCONNECTS).
    public var maxIdleConnections: Int = 64
    /// Finished easy handles kept for the next requests.
    public var maxIdleHandles: Int = 32
    /// Response bytes a streaming consumer may fall behind before the transfer pauses.
    public var streamBufferBytes: Int = 256 << 10
    /// CA bundle for https (PEM); nil uses the system's.
    public var caBundlePath: String?
    /// User-Agent header; nil sends none.
    public var userAgent: String?

    public init() {}
}
