/// Everything one hop needs, validated and resolved on the caller's task before the client
/// thread sees it.
struct CurlTransferSpec: Sendable {
    enum Body: Sendable {
        case none
        case bytes([UInt8])
        /// An open file the transfer owns (closes when it is released).
        case file(fd: Int32, size: Int64)

        var size: Int64 {
            switch self {
            case .none: 0
            case .bytes(let b): Int64(b.count)
            case .file(_, let size): size
            }
        }
    }

    var method: String
    var url: HTTPClientURL
    /// `Name: value` lines for CURLOPT_HTTPHEADER.
    var headerLines: [String]
    var body: Body
    var timeoutMilliseconds: Int
    var connectTimeoutMilliseconds: Int
    var maxResponseBytes: Int64
    var maxHeadBytes: Int
    /// Discard the body of a 3xx with a Location (the client will follow it).
    var followsRedirects: Bool
    /// CURLOPT_RESOLVE entries (`host:port:addr,addr`).
    var resolvePins: [String]
    /// With an address policy: the only endpoints a socket may be opened to or reused for.
    var approved: Set<HTTPClientEndpoint>?
    var awsSigV4: HTTPClientAWSSigV4?
    var caBundlePath: String?
    var userAgent: String?
}
