/// One outgoing HTTP/1.1 request for `HTTPClient`.
///
/// Unset limits (`timeout`, `connectTimeout`, `maxResponseBytes`) take the client's defaults.
public struct HTTPClientRequest: Sendable {
    public enum Body: Sendable {
        case none
        case bytes([UInt8])
        /// Streamed from the file at `path`, whose size at the start of the request is sent as
        /// Content-Length. The file is opened when the request starts and closed when it ends.
        case file(path: String)
    }

    /// An HTTP method token (`GET`, `PUT`, ...).
    public var method: String
    /// An absolute `http` or `https` URL, already percent-encoded; no user:password part.
    public var url: String
    public var headers: HTTPClientHeaders
    public var body: Body
    /// Deadline for the whole exchange, from start to the last body byte.
    public var timeout: Duration?
    /// Deadline for establishing the connection (including TLS).
    public var connectTimeout: Duration?
    /// Cap on the response body; exceeding it (or announcing more in Content-Length) aborts the
    /// transfer at once with `response_too_large`.
    public var maxResponseBytes: Int64?
    public var redirects: HTTPClientRedirectPolicy
    /// Where the request may connect; nil connects wherever the system resolver points.
    public var addressPolicy: HTTPClientAddressPolicy?
    /// Sign with AWS SigV4 (S3); nil sends no Authorization unless a header sets one.
    public var awsSigV4: HTTPClientAWSSigV4?

    public init(method: String = "GET", url: String, headers: HTTPClientHeaders = [:], body: Body = .none,
                timeout: Duration? = nil, connectTimeout: Duration? = nil, maxResponseBytes: Int64? = nil,
                redirects: HTTPClientRedirectPolicy = .none, addressPolicy: HTTPClientAddressPolicy? = nil,
                awsSigV4: HTTPClientAWSSigV4? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxResponseBytes = maxResponseBytes
        self.redirects = redirects
        self.addressPolicy = addressPolicy
        self.awsSigV4 = awsSigV4
    }
}
