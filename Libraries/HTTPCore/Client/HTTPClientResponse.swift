/// A complete response: head, body (in memory, or empty when it went to a file) and how the
/// connection was made.
public struct HTTPClientResponse: Sendable {
    public var head: HTTPClientResponseHead
    public var body: [UInt8]
    public var connection: HTTPClientConnectionInfo

    public var status: Int { head.status }
    public var headers: HTTPClientHeaders { head.headers }
}

/// Status line and header fields of the final response of a request.
public struct HTTPClientResponseHead: Sendable {
    public var status: Int
    public var headers: HTTPClientHeaders
    /// The URL this response answered (the last hop when redirects were followed).
    public var url: String
    /// For a 3xx with a Location header: the absolute URL it points to.
    public var redirectLocation: String?
}

/// How the final hop of a request reached its server.
public struct HTTPClientConnectionInfo: Sendable {
    /// The address connected to (or reused), e.g. `127.0.0.1` or `::1`.
    public var remoteAddress: String?
    public var remotePort: Int
    /// Connections opened for this hop: 0 when a pooled keep-alive connection was reused.
    public var newConnections: Int
    /// Sockets the address policy refused for this hop.
    public var socketsRefused: Int
}
