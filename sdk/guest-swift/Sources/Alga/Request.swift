/// The request being handled (docs/guest-abi.md §4.1): its head and its raw body.
public struct Request {
    public let method: String
    /// The path below the extension's prefix, still percent-encoded, without the query.
    public let path: String
    /// Decoded query parameters in order.
    public let query: [(name: String, value: String)]
    public let headers: Headers
    /// The manifest endpoint template that matched at the gateway ("" when unknown).
    public let route: String
    /// The manifest endpoint's handler name ("" when unknown).
    public let handler: String
    /// Path parameters: from the gateway's match, overlaid by the SDK router's own match.
    public internal(set) var params: [String: String]
    /// "http" (reserved: "event").
    public let trigger: String
    public let body: [UInt8]

    /// The body as text (invalid UTF-8 is repaired with U+FFFD).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The first value of query parameter `name`.
    public func query(_ name: String) -> String? {
        for item in query where item.name == name { return item.value }
        return nil
    }

    /// A path parameter of the matched route.
    public func param(_ name: String) -> String? { params[name] }

    /// Reads the current request from the host.
    public static func current() throws(AlgaError) -> Request {
        let head = try HostResult.takeJSON(alga_request_head())
        let bodyLength = head["body_len"]?.int64Value ?? 0
        let body = bodyLength > 0 ? try HostResult.take(alga_request_body()) : []
        return Request(head: head, body: body)
    }

    /// A request made by hand (e.g. to exercise a router without the host).
    public init(method: String, path: String, query: [(name: String, value: String)] = [], headers: Headers = Headers(),
                body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        route = ""
        handler = ""
        trigger = "http"
        params = [:]
        self.body = body
    }

    init(head: JSONValue, body: [UInt8]) {
        method = head["method"]?.stringValue ?? ""
        path = head["path"]?.stringValue ?? "/"
        query = Request.pairs(head["query"])
        headers = Headers(Request.pairs(head["headers"]))
        route = head["route"]?.stringValue ?? ""
        handler = head["handler"]?.stringValue ?? ""
        trigger = head["trigger"]?.stringValue ?? "http"
        var params: [String: String] = [:]
        for (name, value) in head["params"]?.objectValue ?? [] {
            if let text = value.stringValue { params[name] = text }
        }
        self.params = params
        self.body = body
    }

    /// Reads an array of [name, value] string pairs, skipping malformed entries.
    static func pairs(_ value: JSONValue?) -> [(name: String, value: String)] {
        var out: [(name: String, value: String)] = []
        for entry in value?.arrayValue ?? [] {
            if let name = entry[0]?.stringValue, let text = entry[1]?.stringValue { out.append((name, text)) }
        }
        return out
    }
}
