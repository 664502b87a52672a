/// Status line and header fields of the final response of a request.
public struct HTTPClientResponseHead: Sendable {
    public var status: Int
    public var headers: HTTPClientHeaders
    /// The URL this response answered (the last hop when redirects were followed).
    public var url: String
    /// For a 3xx with a Location header: the absolute URL it points to.
    public var redirectLocation: String?
}
