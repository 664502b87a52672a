/// An outbound HTTP request for `HTTP.fetch` (docs/guest-abi.md §4.9).
public struct FetchRequest {
    /// One of GET HEAD POST PUT PATCH DELETE OPTIONS.
    public var method: String
    /// Absolute http(s) URL; must match the install's egress allowlist.
    public var url: String
    public var headers: Headers
    public var body: [UInt8]
    /// Per-call timeout; nil for the host default (10 s), always clipped to the execution deadline.
    public var timeoutMilliseconds: Int64?

    public init(method: String = "GET", url: String, headers: Headers = Headers(), body: [UInt8] = [],
                timeoutMilliseconds: Int64? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    /// The request head JSON the import takes.
    var headJSON: String {
        var members: [(String, JSONValue)] = [("method", .string(method)), ("url", .string(url))]
        if headers.count > 0 {
            members.append(("headers", .array(headers.fields.map { .array([.string($0.name), .string($0.value)]) })))
        }
        if let timeoutMilliseconds { members.append(("timeout_ms", .number(JSONNumber(timeoutMilliseconds)))) }
        return JSONWriter.write(.object(members))
    }
}
