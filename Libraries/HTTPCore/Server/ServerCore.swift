import CMicroHTTPD
import Shared
import Synchronization

/// The part of the server the libmicrohttpd callbacks reach (through an unretained `cls`
/// pointer, valid while the daemon runs): routing, body limits, dispatch to inline or async
/// handlers, suspension bookkeeping, metrics and the access log.
final class ServerCore: @unchecked Sendable {
    let config: HTTPServerConfiguration
    let router: Router
    let logger: Logger
    /// The logger's handler, when the access log can take the dictionary-free path.
    let fastAccessLog: FastJSONLinesLogHandler?
    let metrics: ServerMetrics
    let state: ServerState
    let draining = Atomic<Bool>(false)
    private let nextToken = Atomic<UInt64>(1)
    private let requestIDs = RequestIDGenerator()
    let watcher: DisconnectWatcher

    init(config: HTTPServerConfiguration, router: Router, logger: Logger, registry: MetricsRegistry) {
        self.config = config
        self.logger = logger
        fastAccessLog = logger.metadata.isEmpty ? logger.handler as? FastJSONLinesLogHandler : nil
        let metrics = ServerMetrics(registry: registry)
        self.metrics = metrics
        self.router = router.mapRoutes { $0.withMetrics(metrics.forRoute($0)) }
        let state = ServerState(clientDisconnects: metrics.clientDisconnects)
        self.state = state
        watcher = DisconnectWatcher(onDisconnect: { token in state.clientDisconnected(token) },
                                    onTick: { watcher in state.watchLongRunning(watcher) })
        _ = registry.gauge("http_requests_in_flight", help: "Requests received and not yet completed.") {
            Double(state.inFlight.load(ordering: .relaxed))
        }
        _ = registry.gauge("http_connections_open", help: "TCP connections currently open.") {
            Double(state.openConnections.load(ordering: .relaxed))
        }
        _ = registry.gauge("http_connections_suspended", help: "Connections suspended while an async handler runs.") {
            Double(state.suspended.withLock { $0.byToken.count })
        }
    }

    // MARK: first call: headers are in

    /// Parses the target, collects headers, routes and checks limits. A failure is stored in
    /// `ctx.early`; the caller queues it now if a body follows (so it is never read), else on
    /// the final call (so the connection stays usable).
    func begin(_ ctx: RequestContext, _ conn: OpaquePointer, method: UnsafePointer<CChar>?) {
        ctx.method = method.map(HTTPMethod.init(cString:)) ?? HTTPMethod("")
        collectHeaders(conn, into: &ctx.headers)
        if let supplied = ctx.headers["x-request-id"] {
            ctx.requestID = RequestID.sanitize(supplied)
        } else {
            ctx.requestID = requestIDs.next()
        }
        if let state = connectionState(conn) { ctx.remoteAddress = state.remoteAddress }

        if ctx.rawTarget.utf8.count > config.maxURIBytes {
            ctx.early = errorResponse(AppError(.uriTooLong, status: 414, "request target exceeds \(config.maxURIBytes) bytes"), ctx)
            return
        }
        if alga_mhd_request_header_size(conn) > config.maxHeaderBytes {
            ctx.early = errorResponse(AppError(.headersTooLarge, status: 431, "request headers exceed \(config.maxHeaderBytes) bytes"), ctx)
            return
        }
        let target = ctx.rawTarget
        let q = target.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.firstIndex(of: UInt8(ascii: "?")).map { target.utf8.index(target.utf8.startIndex, offsetBy: $0) }
        } ?? target.utf8.firstIndex(of: UInt8(ascii: "?"))
        do throws(AppError) {
            ctx.path = try PercentDecoding.decodePath(target.utf8[..<(q ?? target.utf8.endIndex)])
            if let q {
                ctx.query = try PercentDecoding.parseQuery(target[target.index(after: q)...])
            }
        } catch {
            ctx.early = errorResponse(error, ctx)
            return
        }
        let match = router.match(ctx.method, path: ctx.path)
        if let miss = match.error {
            ctx.early = errorResponse(miss, ctx)
            return
        }
        if case .found(let route, let parameters) = match {
            ctx.route = route
            ctx.parameters = parameters
            if let authenticate = route.options.authenticate {
                let head = HTTPRequest(method: ctx.method, target: ctx.rawTarget, path: ctx.path, query: ctx.query,
                                       headers: ctx.headers, requestID: ctx.requestID, remoteAddress: ctx.remoteAddress,
                                       pathParameters: parameters, routeTemplate: route.template, logger: logger)
                do {
                    ctx.authenticated = try authenticate(head)
                } catch {
                    ctx.early = errorResponse(error, ctx)
                    return
                }
            }
        }
        prepareBody(ctx)
    }

    private func prepareBody(_ ctx: RequestContext) {
        guard let route = ctx.route else { return }
        let limit = route.options.bodyLimit ?? config.defaultBodyLimit
        var declared: Int64?
        // Request smuggling: two different lengths, or a length beside chunked framing, mean
        // this server and another hop may split the stream differently (RFC 9112 §6.3).
        let lengths = ctx.headers.values("content-length")
        if Set(lengths).count > 1 || (!lengths.isEmpty && ctx.headers.contains("transfer-encoding")) {
            ctx.early = errorResponse(AppError.badRequest("content-length: conflicting values or combined with transfer-encoding"), ctx)
            return
        }
        if let cl = ctx.headers["content-length"] {
            guard let n = Int64(cl), n >= 0 else {
                ctx.early = errorResponse(AppError.badRequest("content-length must be a non-negative integer"), ctx)
                return
            }
            declared = n
        }
        if let declared, declared > limit {
            metrics.bodyLimitRejections.inc()
            ctx.early = errorResponse(AppError(.payloadTooLarge, status: 413, "request body exceeds \(limit) bytes"), ctx)
            return
        }
        if (declared ?? 0) > 0 || ctx.headers.contains("transfer-encoding") {
            ctx.body = BodyBuffer(limit: limit, expected: declared, spoolThreshold: route.options.spoolThreshold,
                                  spoolDirectory: config.spoolDirectory)
        }
    }

    /// True when the client announced a body (so an early answer must close the connection).
    func hasBody(_ ctx: RequestContext) -> Bool {
        if let cl = ctx.headers["content-length"], cl != "0" { return true }
        return ctx.headers.contains("transfer-encoding")
    }

    // MARK: final call: run the handler

    func dispatch(_ ctx: RequestContext, _ conn: OpaquePointer) -> MHD_Result {
        if let early = ctx.early { return queue(early, ctx, conn) }
        guard let route = ctx.route else { preconditionFailure("BUG in HTTPServer: dispatch without a route") }
        let body: RequestBody
        do throws(AppError) {
            body = try ctx.body?.finish() ?? .empty
        } catch {
            return queue(errorResponse(error, ctx), ctx, conn)
        }
        let request = HTTPRequest(method: ctx.method, target: ctx.rawTarget, path: ctx.path, query: ctx.query,
                                  headers: ctx.headers, body: body, requestID: ctx.requestID,
                                  remoteAddress: ctx.remoteAddress, pathParameters: ctx.parameters,
                                  routeTemplate: route.template, authenticated: ctx.authenticated, logger: logger)
        switch route.handler {
        case .inline(let handler):
            let response: HTTPResponse
            do { response = try handler(request) } catch { response = errorResponse(error, ctx) }
            return queue(response, ctx, conn)
        case .async(let handler):
            return suspendAndRun(ctx, conn, request, handler)
        case .inlineOrAsync(let inline, let handler):
            do {
                if let response = try inline(request) { return queue(response, ctx, conn) }
            } catch {
                return queue(errorResponse(error, ctx), ctx, conn)
            }
            return suspendAndRun(ctx, conn, request, handler)
        case .pooled(let handler):
            return suspendAndSubmit(ctx, conn, request, handler)
        }
    }

    private func suspendAndRun(_ ctx: RequestContext, _ conn: OpaquePointer, _ request: HTTPRequest,
                               _ handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) -> MHD_Result {
        if let answered = suspend(ctx, conn) { return answered }
        let task = Task { [self] in
            let response: HTTPResponse
            do { response = try await handler(request) } catch { response = errorResponse(error, ctx) }
            complete(ctx, with: response)
        }
        attach(task, to: ctx)
        return .YES
    }

    /// Registers the request as suspended and suspends its connection, so a handler can run off
    /// the network thread. Returns nil when the caller should start the handler, or the callback's
    /// result when the request has been answered already (the server is shutting down).
    func suspend(_ ctx: RequestContext, _ conn: OpaquePointer) -> MHD_Result? {
        let token = nextToken.add(1, ordering: .relaxed).newValue
        ctx.token = token
        ctx.connection = conn
        ctx.socketFD = alga_mhd_connection_fd(conn)
        let admitted = state.suspended.withLock { s -> Bool in
            if s.stopping { return false }
            s.byToken[token] = ctx
            return true
        }
        guard admitted else {
            return queue(errorResponse(AppError(.unavailable, status: 503, "server is shutting down"), ctx), ctx, conn)
        }
        ctx.phase = .suspended
        MHD_suspend_connection(conn)
        let alreadyDone = ctx.handoff.withLock { h -> Bool in
            h.suspended = true
            if case .done = h.outcome { return true }
            return false
        }
        if alreadyDone {
            // Shutdown answered the request between admission and suspension.
            MHD_resume_connection(conn)
            return .YES
        }
        return nil
    }

    /// Lets cancellation reach a suspended request's task (at once if the client already left).
    func attach(_ task: Task<Void, Never>, to ctx: RequestContext) {
        ctx.handoff.withLock { h in
            guard case .pending = h.outcome else { return }
            h.task = task
            if h.cancelRequested { task.cancel() }
        }
    }

    /// Stores an async handler's response and resumes the connection (exactly once; a second
    /// outcome, e.g. a handler finishing after shutdown answered 503, is dropped).
    func complete(_ ctx: RequestContext, with response: HTTPResponse) {
        let stored = ctx.handoff.withLock { h -> (resume: Bool, watched: Bool)? in
            guard case .pending = h.outcome else { return nil }
            h.outcome = .done(response)
            h.task = nil
            defer { h.watched = false }
            return (h.suspended, h.watched)
        }
        guard let stored else { return }
        state.suspended.withLock { _ = $0.byToken.removeValue(forKey: ctx.token) }
        if stored.watched { watcher.unwatch(fd: ctx.socketFD) }
        guard stored.resume, let conn = ctx.connection else { return }  // else the suspending thread resumes
        MHD_resume_connection(conn)
    }

    /// Network thread, after resume: queues the stored response.
    func resumed(_ ctx: RequestContext, _ conn: OpaquePointer) -> MHD_Result {
        let response = ctx.handoff.withLock { h -> HTTPResponse? in
            guard case .done(let r) = h.outcome else { return nil }
            h.outcome = .taken
            return r
        }
        guard let response else { preconditionFailure("BUG in HTTPServer: resumed without a response") }
        return queue(response, ctx, conn)
    }

    // MARK: cancellation

    /// Shutdown past the grace period: refuses new suspensions, cancels every running async
    /// handler and answers its request 503 now. Returns how many were cut off.
    func abandonSuspended() -> Int {
        let all = state.suspended.withLock { s -> [RequestContext] in
            s.stopping = true
            return Array(s.byToken.values)
        }
        for ctx in all {
            let cancellation = ctx.handoff.withLock { h -> RequestCancellation? in
                h.task?.cancel()
                return h.cancellation
            }
            complete(ctx, with: errorResponse(AppError(.unavailable, status: 503, "server is shutting down"), ctx))
            cancellation?.cancel()  // after the 503 is stored, so a pooled handler's answer cannot replace it
        }
        return all.count
    }
}
