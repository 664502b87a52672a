/// A complete response: head, body (in memory, or empty when it went to a file) and how the
/// connection was made.
public struct HTTPClientResponse: Sendable {
    public var head: HTTPClientResponseHead
    public var body: [UInt8]
    public var connection: HTTPClientConnectionInfo

    public var status: Int { head.status }
    public var headers: HTTPClientHeaders { head.headers }
}
