import Shared

/// What a handler answers. The server adds `x-request-id`, `Content-Length` and `Date`.
public struct HTTPResponse: Sendable {
    public enum Body: Sendable {
        case empty
        case bytes([UInt8])
        /// A byte range of an open file, sent with sendfile(2); the server closes it.
        case file(ResponseFile)
        /// A whole answer built once (`PreparedResponse`); the response's own status and
        /// headers are those of the prepared answer.
        case prepared(PreparedResponse)

        public var count: Int64 {
            switch self {
            case .empty: 0
            case .bytes(let b): Int64(b.count)
            case .file(let f): Int64(f.length)
            case .prepared(let p): Int64(p.body.count)
            }
        }
    }

    public var status: Int
    public var headers: HTTPHeaders
    public var body: Body

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: Body = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Sends `prepared` as it is (see `PreparedResponse`).
    public init(prepared: PreparedResponse) {
        self.init(status: prepared.status, headers: prepared.headers, body: .prepared(prepared))
    }

    public static func bytes(_ bytes: [UInt8], status: Int = 200, contentType: String = "application/octet-stream")
        -> HTTPResponse
    {
        HTTPResponse(status: status, headers: ["content-type": contentType], body: .bytes(bytes))
    }

    public static func text(_ text: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["content-type": "text/plain; charset=utf-8"], body: .bytes(Array(text.utf8)))
    }

    public static func json(_ json: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["content-type": "application/json"], body: .bytes(Array(json.utf8)))
    }

    public static func status(_ status: Int) -> HTTPResponse { HTTPResponse(status: status) }

    /// The uniform error body `{"error":{"code","message","request_id"}}` with the error's
    /// status and extra headers.
    public static func error(_ error: AppError, requestID: String) -> HTTPResponse {
        var r = json(ErrorBody.json(error, requestID: requestID), status: error.httpStatus)
        for (name, value) in error.headers { r.headers.add(name, value) }
        return r
    }
}
