/// The client's HTTP request as the gateway forwards it to the handler.
public struct ExecuteHTTPRequest: Sendable, Equatable {
    /// An HTTP token (`GET`, `POST`, ...).
    public var method: String
    /// The path below the extension's mount point, raw (percent-encoded), starting with `/`.
    public var path: String
    /// Decoded query parameters in order, repeated names kept.
    public var query: [NameValuePair]
    /// Headers the gateway lets through, in order, repeated names kept.
    public var headers: [NameValuePair]
    /// Raw body bytes (`body_b64` on the wire).
    public var body: [UInt8]

    public init(method: String, path: String, query: [NameValuePair] = [], headers: [NameValuePair] = [],
                body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}
