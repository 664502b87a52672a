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
