/// Maps (method, decoded path) to a route.
///
/// Templates are literal segments, `:name` parameters and an optional trailing `*name`. A
/// literal segment wins over a parameter, a parameter over `*rest`, and the search backtracks,
/// so `GET /items/new` and `GET /items/:id` coexist. A path that exists for other methods only
/// answers 405 with `Allow`; `HEAD` falls back to the `GET` route. Build the router at start-up,
/// then hand it to the server (it is immutable from then on).
public struct Router: Sendable {
    private struct Node: Sendable {
        var literals: [String: Node] = [:]
        var parameter: [Node] = []  // zero or one child
        var rest: [String: Route] = [:]  // method → route for a trailing `*name`
        var routes: [String: Route] = [:]  // method → route ending here
    }

    /// Templates without parameters: path → its routes (a handful; scanned by method).
    private var exact: [String: [Route]] = [:]
    private var root = Node()
    public private(set) var routes: [Route] = []
    /// Headers the server adds to its error responses (status ≥ 400) for raw request targets
    /// under a prefix, when the response does not set them itself (`addErrorHeaders`).
    public private(set) var errorHeaders: [(pathPrefix: String, headers: [(String, String)])] = []

    public init() {}

    // MARK: registration

    public mutating func add(_ method: HTTPMethod, _ template: String, options: RouteOptions = .standard,
                             _ handler: RouteHandler) {
        let route = Route(method: method, template: template, options: options, handler: handler, metrics: nil)
        insert(route)
    }

    /// Registers a synchronous handler that runs on the network thread (see `RouteHandler.inline`).
    public mutating func inline(_ method: HTTPMethod, _ template: String, options: RouteOptions = .standard,
                                _ handler: @escaping @Sendable (HTTPRequest) throws -> HTTPResponse) {
        add(method, template, options: options, .inline(handler))
    }

    /// Registers a handler tried inline first, async when it returns nil (see `RouteHandler.inlineOrAsync`).
    public mutating func inlineOrAsync(_ method: HTTPMethod, _ template: String, options: RouteOptions = .standard,
                                       inline: @escaping @Sendable (HTTPRequest) throws -> HTTPResponse?,
                                       async: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) {
        add(method, template, options: options, .inlineOrAsync(inline: inline, async: async))
    }

    /// Makes every error response (status ≥ 400) for a request whose raw target starts with
    /// `pathPrefix` carry `headers` — including the server's own answers that no handler sees
    /// (an undecodable path 400, no route 404, 405, 413, 414, 431, 503 at shutdown) — unless the
    /// response already sets the header. For origins with a fixed header contract (the assets
    /// service's CSP and CORS headers).
    public mutating func addErrorHeaders(pathPrefix: String, _ headers: [(String, String)]) {
        guard pathPrefix.first == "/" else { preconditionFailure("BUG in route table: error-header prefix '\(pathPrefix)' must start with '/'") }
        errorHeaders.append((pathPrefix: pathPrefix, headers: headers))
    }

    /// Registers an async handler that runs off the network threads (see `RouteHandler.async`).
    public mutating func async(_ method: HTTPMethod, _ template: String, options: RouteOptions = .standard,
                               _ handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) {
        add(method, template, options: options, .async(handler))
    }

    private mutating func insert(_ route: Route) {
        let parsed = PathTemplate(route.template)
        let m = route.method.rawValue
        if parsed.segments.allSatisfy({ if case .literal = $0 { true } else { false } }) {
            guard !(exact[route.template] ?? []).contains(where: { $0.method.rawValue == m }) else { Self.duplicate(route) }
            exact[route.template, default: []].append(route)
        } else {
            Self.insert(route, parsed.segments[...], into: &root)
        }
        routes.append(route)
    }

    private static func insert(_ route: Route, _ segments: ArraySlice<PathTemplate.Segment>, into node: inout Node) {
        guard let first = segments.first else {
            guard node.routes[route.method.rawValue] == nil else { duplicate(route) }
            node.routes[route.method.rawValue] = route
            return
        }
        let rest = segments.dropFirst()
        switch first {
        case .literal(let s):
            insert(route, rest, into: &node.literals[s, default: Node()])
        case .parameter:
            if node.parameter.isEmpty { node.parameter.append(Node()) }
            insert(route, rest, into: &node.parameter[0])
        case .rest:
            guard node.rest[route.method.rawValue] == nil else { duplicate(route) }
            node.rest[route.method.rawValue] = route
        }
    }

    private static func duplicate(_ route: Route) -> Never {
        preconditionFailure("BUG in route table: \(route.method) \(route.template) registered twice")
    }

    /// The same router with each route's metric series attached (done once by the server).
    func mapRoutes(_ transform: (Route) -> Route) -> Router {
        var copy = Router()
        for r in routes { copy.insert(transform(r)) }
        copy.errorHeaders = errorHeaders
        return copy
    }

    // MARK: lookup

    /// Finds the route for `method` and an already-decoded `path`.
    public func match(_ method: HTTPMethod, path: String) -> RouteMatch {
        var firstAllowed: [String: Route]?
        if let routes = exact[path] {
            if let r = routes.first(where: { $0.method == method }) { return .found(r, parameters: [:]) }
            if method == .head, let r = routes.first(where: { $0.method == .get }) { return .found(r, parameters: [:]) }
            firstAllowed = Dictionary(routes.map { ($0.method.rawValue, $0) }) { a, _ in a }
        }
        // The tree is searched over the path's bytes in place: segments are offset ranges and
        // captures stay ranges until a route is found, so a lookup allocates only the bound
        // values (this runs on every request).
        var contiguous = path
        let found: (Route, [String: String])? = contiguous.withUTF8 { bytes in
            var captures: [Range<Int>] = []
            var found: Route?
            Self.search(root, bytes, from: bytes.count <= 1 ? nil : 1, &captures) { candidates in
                if let r = Self.pick(candidates, method) {
                    found = r
                    return true
                }
                if firstAllowed == nil { firstAllowed = candidates }
                return false
            }
            return found.map { ($0, Self.bind($0, captures, in: bytes)) }
        }
        if let (route, parameters) = found {
            return .found(route, parameters: parameters)
        }
        if let allowed = firstAllowed {
            var methods = allowed.keys.map(HTTPMethod.init)
            if allowed["GET"] != nil, allowed["HEAD"] == nil { methods.append(.head) }
            return .methodNotAllowed(allowed: methods.sorted { $0.rawValue < $1.rawValue })
        }
        return .notFound
    }

    private static func pick(_ byMethod: [String: Route], _ method: HTTPMethod) -> Route? {
        if let r = byMethod[method.rawValue] { return r }
        if method == .head { return byMethod["GET"] }
        return nil
    }

    /// Depth-first in priority order (literal, parameter, rest) over the segments of `path` from
    /// offset `from` (nil: no segment left); `visit` gets the routes of a node and returns true
    /// to stop. On a `true` return `captures` holds the matched route's values.
    @discardableResult
    private static func search(_ node: Node, _ path: UnsafeBufferPointer<UInt8>, from: Int?, _ captures: inout [Range<Int>],
                               _ visit: ([String: Route]) -> Bool) -> Bool {
        guard let start = from else {
            if !node.routes.isEmpty, visit(node.routes) { return true }
            if !node.rest.isEmpty {
                captures.append(path.count..<path.count)
                if visit(node.rest) { return true }
                captures.removeLast()
            }
            return false
        }
        var end = start
        while end < path.count, path[end] != UInt8(ascii: "/") { end += 1 }
        let next: Int? = end == path.count ? nil : end + 1
        if !node.literals.isEmpty, let child = node.literals[text(path, start..<end)],
           search(child, path, from: next, &captures, visit) { return true }
        if let child = node.parameter.first, start < end {
            captures.append(start..<end)
            if search(child, path, from: next, &captures, visit) { return true }
            captures.removeLast()
        }
        if !node.rest.isEmpty {
            // The rest is everything from this segment on, slashes included.
            captures.append(start..<path.count)
            if visit(node.rest) { return true }
            captures.removeLast()
        }
        return false
    }

    private static func text(_ path: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: path[range]), as: UTF8.self)
    }

    private static func bind(_ route: Route, _ values: [Range<Int>], in path: UnsafeBufferPointer<UInt8>) -> [String: String] {
        var params = [String: String](minimumCapacity: values.count)
        for (name, range) in zip(route.parameterNames, values) { params[name] = text(path, range) }
        return params
    }
}
