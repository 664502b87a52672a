import CMicroHTTPD
import Shared
import Synchronization

extension ServerCore {
    /// The client-facing answer for an error a handler threw (or the server raised).
    /// `AppError`s keep their status and code; anything else is logged with its cause and
    /// becomes 500 `internal`. A cancelled handler whose client left gets 499 (never sent).
    func errorResponse(_ error: any Error, _ ctx: RequestContext) -> HTTPResponse {
        if let e = error as? AppError {
            if e.httpStatus >= 500 {
                logger.warning("request failed", ["request.id": .string(ctx.requestID), "error.code": .string(e.code.rawValue),
                                                  "error": .string(e.description)])
            }
            return .error(e, requestID: ctx.requestID)
        }
        if error is CancellationError, ctx.handoff.withLock({ $0.clientGone }) {
            return .error(AppError(.requestTimeout, status: 499, "client closed the connection"), requestID: ctx.requestID)
        }
        logger.error("handler failed", ["request.id": .string(ctx.requestID), "error": .string(String(describing: error))])
        return .error(.internalError(), requestID: ctx.requestID)
    }

    /// Turns `response` into a libmicrohttpd response and queues it. Handler-supplied headers
    /// that libmicrohttpd refuses (CR/LF in a value, a hand-made Content-Length) make the whole
    /// response a 500, so a bad header can never split the response.
    func queue(_ response: HTTPResponse, _ ctx: RequestContext, _ conn: OpaquePointer) -> MHD_Result {
        if case .prepared(let prepared) = response.body {
            // Queued as it is, unless the server drains: then it needs a `Connection: close`.
            guard !draining.load(ordering: .relaxed) else { return queue(prepared.unprepared, ctx, conn) }
            ctx.phase = .responded
            ctx.status = prepared.status
            ctx.responseBytes = Int64(prepared.body.count)
            return MHD_queue_response(conn, UInt32(prepared.status), prepared.pointer)
        }
        ctx.phase = .responded
        guard (100...999).contains(response.status), let r = makeResponse(response) else {
            logger.error("invalid response from handler", ["request.id": .string(ctx.requestID),
                                                           "http.status": .int(Int64(response.status))])
            return queueFallback(ctx, conn)
        }
        defer { MHD_destroy_response(r) }
        for (name, value) in response.headers {
            let ok = name.withCString { n in value.withCString { v in MHD_add_response_header(r, n, v) } }
            if ok != .YES {
                logger.error("invalid response header from handler", ["request.id": .string(ctx.requestID),
                                                                      "http.header": .string(name)])
                return queueFallback(ctx, conn)
            }
        }
        if response.status >= 400, !router.errorHeaders.isEmpty { addErrorHeaders(response, ctx, r) }
        ctx.requestID.withCString { _ = MHD_add_response_header(r, "x-request-id", $0) }
        if draining.load(ordering: .relaxed) { _ = MHD_add_response_header(r, "Connection", "close") }
        ctx.status = response.status
        ctx.responseBytes = response.body.count
        return MHD_queue_response(conn, UInt32(response.status), r)
    }

    /// The router's error headers for this target (`Router.addErrorHeaders`) that the response lacks.
    private func addErrorHeaders(_ response: HTTPResponse, _ ctx: RequestContext, _ r: OpaquePointer) {
        for group in router.errorHeaders where ctx.rawTarget.hasPrefix(group.pathPrefix) {
            for (name, value) in group.headers where !response.headers.contains(name) {
                _ = name.withCString { n in value.withCString { v in MHD_add_response_header(r, n, v) } }
            }
        }
    }

    private func queueFallback(_ ctx: RequestContext, _ conn: OpaquePointer) -> MHD_Result {
        let fallback = HTTPResponse.error(.internalError(), requestID: ctx.requestID)
        guard let r = makeResponse(fallback) else { return .NO }
        defer { MHD_destroy_response(r) }
        _ = MHD_add_response_header(r, "Content-Type", "application/json")
        if !router.errorHeaders.isEmpty { addErrorHeaders(fallback, ctx, r) }
        ctx.status = 500
        ctx.responseBytes = fallback.body.count
        return MHD_queue_response(conn, 500, r)
    }

    private func makeResponse(_ response: HTTPResponse) -> OpaquePointer? {
        switch response.body {
        case .empty:
            return MHD_create_response_from_buffer(0, nil, .RESPMEM_PERSISTENT)
        case .bytes(let bytes):
            return bytes.withUnsafeBytes {
                MHD_create_response_from_buffer($0.count, UnsafeMutableRawPointer(mutating: $0.baseAddress),
                                                .RESPMEM_MUST_COPY)
            }
        case .file(let file):
            let fd = file.take()
            guard fd >= 0 else { return nil }
            return MHD_create_response_from_fd_at_offset64(file.length, fd, file.offset)
        case .prepared:
            preconditionFailure("BUG in ServerCore: a prepared response is queued as it is (queue)")
        }
    }
}
