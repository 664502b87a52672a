/// Method + path routing with manifest-style templates (`/items/:id`).
///
///     @_expose(wasm, "alga_handle") @_cdecl("alga_handle")
///     func algaHandle() -> Int32 {
///         var router = Router()
///         router.get("/items/:id") { request, response in
///             response.text("item \(request.param("id") ?? "")")
///         }
///         return router.run()
///     }
///
/// Routes are tried in registration order. A path that matches no route answers 404; a path that
/// matches only routes of other methods answers 405 with an `allow` header. A handler that throws
/// answers 500 with the error's name, and the error is logged.
public struct Router {
    var routes: [Route] = []
    var fallbackHandler: Handler?

    public init() {}

    public mutating func get(_ path: String, _ handler: @escaping Handler) { add("GET", path, handler) }
    public mutating func post(_ path: String, _ handler: @escaping Handler) { add("POST", path, handler) }
    public mutating func put(_ path: String, _ handler: @escaping Handler) { add("PUT", path, handler) }
    public mutating func patch(_ path: String, _ handler: @escaping Handler) { add("PATCH", path, handler) }
    public mutating func delete(_ path: String, _ handler: @escaping Handler) { add("DELETE", path, handler) }
    /// A route for every method.
    public mutating func any(_ path: String, _ handler: @escaping Handler) { add("*", path, handler) }

    /// Registers a route for an upper-case method name, or "*" for every method.
    public mutating func add(_ method: String, _ path: String, _ handler: @escaping Handler) {
        routes.append(Route(method: method, template: PathTemplate(path), handler: handler))
    }

    /// Handles requests no route matches (instead of the 404/405 answers).
    public mutating func fallback(_ handler: @escaping Handler) { fallbackHandler = handler }

    /// Reads the request, dispatches it, sends the response. Returns the value for `alga_handle`:
    /// 0 when the response was sent, 1 when the request could not be read, 2 when the host refused
    /// the response (the refusal is logged).
    public func run() -> Int32 {
        defer { alga_runtime_flush() }
        guard let request = try? Request.current() else { return 1 }
        let response = respond(to: request)
        do {
            try response.send()
        } catch {
            Log.error("response refused: \(error.describedForLog)")
            return 2
        }
        return 0
    }

    /// Chooses the handler for a request and runs it, without sending anything to the host
    /// (handlers can be exercised with hand-made requests).
    public func respond(to request: Request) -> Response {
        var request = request
        var response = Response()
        var allowed: [String] = []
        for route in routes {
            guard let params = route.template.match(request.path) else { continue }
            guard route.method == "*" || route.method == request.method else {
                if !allowed.contains(route.method) { allowed.append(route.method) }
                continue
            }
            for (name, value) in params { request.params[name] = value }
            run(route.handler, request, &response)
            return response
        }
        if let fallbackHandler {
            run(fallbackHandler, request, &response)
        } else if allowed.isEmpty {
            response.status = 404
            response.text("not found")
        } else {
            response.status = 405
            var allow = ""
            for method in allowed { allow += allow.isEmpty ? method : ", " + method }
            response.headers.set("allow", allow)
            response.text("method not allowed")
        }
        return response
    }

    func run(_ handler: Handler, _ request: Request, _ response: inout Response) {
        do {
            try handler(request, &response)
        } catch {
            Log.error("handler failed: \(error.describedForLog)")
            response = Response()
            response.status = 500
            response.text("internal error: \(error.name)")
        }
    }
}
