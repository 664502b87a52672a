import Shared

/// One HTTP request as a handler sees it. The server builds it once per request; handlers
/// receive it by value and may keep it (it is `Sendable`).
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The request target exactly as sent (`/v1/items/a%20b?x=1`).
    public var target: String
    /// The path, percent-decoded exactly once (`/v1/items/a b`).
    public var path: String
    /// Query parameters in order, `+` and percent-escapes decoded.
    public var query: [(name: String, value: String)]
    /// Header fields with lower-cased names, in the order received.
    public var headers: HTTPHeaders
    public var body: RequestBody
    /// The sanitised `x-request-id` (the client's, or a generated one); echoed on the response.
    public var requestID: String
    /// The peer's numeric IP address.
    public var remoteAddress: String
    /// Values captured by `:name` and `*name` segments of the matched route template.
    public var pathParameters: [String: String]
    /// The matched route template (`/v1/items/:id`), used as the metrics and log label.
    public var routeTemplate: String
    /// What the route's `RouteOptions.authenticate` returned in the header phase (nil without one).
    public var authenticated: (any Sendable)?
    private let baseLogger: Logger

    public init(method: HTTPMethod, target: String, path: String, query: [(name: String, value: String)] = [],
                headers: HTTPHeaders = HTTPHeaders(), body: RequestBody = .empty, requestID: String,
                remoteAddress: String = "", pathParameters: [String: String] = [:], routeTemplate: String = "",
                authenticated: (any Sendable)? = nil, logger: Logger) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.requestID = requestID
        self.remoteAddress = remoteAddress
        self.pathParameters = pathParameters
        self.routeTemplate = routeTemplate
        self.authenticated = authenticated
        self.baseLogger = logger
    }

    /// The server's logger with `request.id` set; built on use so requests that never log pay nothing.
    public var logger: Logger { baseLogger.with("request.id", .string(requestID)) }

    /// The first query value named `name`.
    public func queryValue(_ name: String) -> String? {
        for item in query where item.name == name { return item.value }
        return nil
    }

    /// The path parameter `name`; a missing one is a bug in the route table, not client input.
    public func parameter(_ name: String) -> String {
        guard let v = pathParameters[name] else {
            preconditionFailure("BUG in route \(routeTemplate): no path parameter '\(name)'")
        }
        return v
    }
}
