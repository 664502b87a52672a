import CMicroHTTPD
import Shared
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The C callbacks libmicrohttpd calls on its network threads. `cls` is the unretained
/// `ServerCore`; `req_cls` holds a retained `RequestContext` from the URI callback until the
/// completion callback; the socket context holds a retained `ConnectionState`.
extension ServerCore {
    static func core(_ cls: UnsafeMutableRawPointer?) -> ServerCore {
        Unmanaged<ServerCore>.fromOpaque(cls!).takeUnretainedValue()
    }

    static let uriCallback: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?, OpaquePointer?)
        -> UnsafeMutableRawPointer? = { cls, uri, _ in
            let core = ServerCore.core(cls)
            let ctx = RequestContext(rawTarget: uri.map { String(cString: $0) } ?? "",
                                     startNanos: MonotonicClock.nanoseconds())
            core.state.inFlight.add(1, ordering: .relaxed)
            return Unmanaged.passRetained(ctx).toOpaque()
        }

    static let accessHandler: MHD_AccessHandlerCallback = { cls, conn, _, method, _, uploadData, uploadSize, reqCls in
        guard let conn, let reqCls, let raw = reqCls.pointee, let uploadSize else { return .NO }
        let core = ServerCore.core(cls)
        let ctx = Unmanaged<RequestContext>.fromOpaque(raw).takeUnretainedValue()
        switch ctx.phase {
        case .new:
            ctx.phase = .receiving
            core.begin(ctx, conn, method: method)
            if let early = ctx.early, core.hasBody(ctx) {
                // Answer now: libmicrohttpd then closes the connection without reading the body.
                return core.queue(early, ctx, conn)
            }
            return .YES
        case .receiving:
            let n = uploadSize.pointee
            if n > 0 {
                uploadSize.pointee = 0
                guard let body = ctx.body, let data = uploadData else { return .YES }
                do {
                    if try !body.append(UnsafeRawBufferPointer(start: data, count: n)) {
                        // Over the cap mid-stream (chunked upload): a response cannot be queued
                        // while the body is being read, so the connection is closed.
                        core.metrics.bodyLimitRejections.inc()
                        ctx.status = 413
                        return .NO
                    }
                } catch {
                    core.logger.error("request body spooling failed", ["request.id": .string(ctx.requestID),
                                                                       "error": .string("\(error)")])
                    ctx.status = 500
                    return .NO
                }
                return .YES
            }
            return core.dispatch(ctx, conn)
        case .suspended:
            return core.resumed(ctx, conn)
        case .responded:
            uploadSize.pointee = 0
            return .YES
        }
    }

    static let completedCallback: MHD_RequestCompletedCallback = { cls, conn, reqCls, termination in
        guard let reqCls, let raw = reqCls.pointee else { return }
        reqCls.pointee = nil
        let core = ServerCore.core(cls)
        let ctx = Unmanaged<RequestContext>.fromOpaque(raw).takeRetainedValue()
        core.finish(ctx, conn, termination)
    }

    static let connectionCallback: MHD_NotifyConnectionCallback = { cls, conn, socketContext, code in
        let core = ServerCore.core(cls)
        switch code {
        case .CONNECTION_NOTIFY_STARTED:
            core.metrics.connectionsOpened.inc()
            core.state.openConnections.add(1, ordering: .relaxed)
            guard let conn, let socketContext else { return }
            var buf = [CChar](repeating: 0, count: 64)
            let n = buf.withUnsafeMutableBufferPointer { alga_mhd_client_address(conn, $0.baseAddress, $0.count) }
            let state = ConnectionState(remoteAddress: n > 0 ? buf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) } : "")
            socketContext.pointee = Unmanaged.passRetained(state).toOpaque()
        case .CONNECTION_NOTIFY_CLOSED:
            core.state.openConnections.subtract(1, ordering: .relaxed)
            if let socketContext, let raw = socketContext.pointee {
                Unmanaged<ConnectionState>.fromOpaque(raw).release()
                socketContext.pointee = nil
            }
        default:
            break
        }
    }

    /// libmicrohttpd's diagnostics (mostly about broken clients) at debug level.
    static let logCallback: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> Void = { cls, message in
        guard let message else { return }
        ServerCore.core(cls).logger.debug("libmicrohttpd", ["mhd.message": .string(String(cString: message))])
    }

    func connectionState(_ conn: OpaquePointer) -> ConnectionState? {
        guard let raw = alga_mhd_socket_context(conn) else { return nil }
        return Unmanaged<ConnectionState>.fromOpaque(raw).takeUnretainedValue()
    }

    /// Completion: metrics, the access-log line, and the end of the request's in-flight count.
    func finish(_ ctx: RequestContext, _ conn: OpaquePointer?, _ termination: MHD_RequestTerminationCode) {
        var status = ctx.status
        if status == 0, let conn { status = Int(alga_mhd_http_status(conn)) }
        if status == 0 { status = 499 }  // the client left before any response (nginx's convention)
        let nanos = MonotonicClock.nanoseconds() &- ctx.startNanos
        metrics.record(route: ctx.route, method: ctx.method, status: status, seconds: Double(nanos) / 1e9)
        AccessLog.write(logger, fast: fastAccessLog, ctx, status: status, micros: nanos / 1000, termination: termination)
        state.inFlight.subtract(1, ordering: .relaxed)
    }

    /// Appends each header with a lower-cased name.
    func collectHeaders(_ conn: OpaquePointer, into headers: inout HTTPHeaders) {
        withUnsafeMutablePointer(to: &headers) { ptr in
            _ = MHD_get_connection_values(conn, .HEADER_KIND, { cls, _, key, value in
                guard let cls, let key else { return .YES }
                let headers = cls.assumingMemoryBound(to: HTTPHeaders.self)
                headers.pointee.add(ServerCore.lowercased(key), value.map { String(cString: $0) } ?? "")
                return .YES
            }, ptr)
        }
    }

    static func lowercased(_ p: UnsafePointer<CChar>) -> String {
        let len = strlen(p)
        return p.withMemoryRebound(to: UInt8.self, capacity: len) { bytes in
            let buf = UnsafeBufferPointer(start: bytes, count: len)
            if !buf.contains(where: { $0 &- 0x41 < 26 }) { return String(decoding: buf, as: UTF8.self) }
            return String(unsafeUninitializedCapacity: len) { out in
                for i in 0..<len { out[i] = HTTPHeaders.asciiLower(buf[i]) }
                return len
            }
        }
    }
}
