import CMicroHTTPD
import Shared
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// An HTTP/1.1 server on libmicrohttpd: epoll network threads, keep-alive, routing, body
/// limits, async handlers on suspended connections, metrics, one log line per request.
///
/// Lifecycle: `start()` binds and serves (port 0 picks a free port; read `port`); `run()` — the
/// `Service` entry point — starts, then waits for cancellation and shuts down gracefully;
/// `shutdown()` stops accepting, lets in-flight requests finish within
/// `shutdownGraceMilliseconds`, answers the rest 503 and stops the daemon.
public final class HTTPServer: Service, Sendable {
    private enum State: @unchecked Sendable {
        case idle
        case running(daemon: OpaquePointer, port: Int)
        case stopping
        case stopped
    }

    public let configuration: HTTPServerConfiguration
    public let metrics: MetricsRegistry
    private let core: ServerCore
    private let state = Mutex(State.idle)
    private let stoppedEvent = OneShotEvent()

    /// - Parameters:
    ///   - metrics: the registry the server adds its `http_*` series to; serve it with
    ///     `Router.addMetricsRoute(_:)`.
    public init(configuration: HTTPServerConfiguration, router: Router, logger: Logger,
                metrics: MetricsRegistry = MetricsRegistry()) {
        self.configuration = configuration
        self.metrics = metrics
        self.core = ServerCore(config: configuration, router: router, logger: logger, registry: metrics)
    }

    deinit {
        // A server dropped without shutdown(): stop hard (libmicrohttpd requires every
        // suspended connection to be resumed first).
        if case .running(let daemon, _) = state.withLock({ $0 }) {
            _ = core.abandonSuspended()
            MHD_stop_daemon(daemon)
        }
        core.watcher.stop()
    }

    /// The bound port once started, else 0.
    public var port: Int {
        if case .running(_, let port) = state.withLock({ $0 }) { return port }
        return 0
    }

    /// Requests received and not yet completed.
    public var inFlightRequests: Int { core.state.inFlight.load(ordering: .relaxed) }

    /// Binds and starts serving; returns the bound port. Logs `{"msg":"listening","port":N}`.
    @discardableResult
    public func start() throws -> Int {
        _ = try state.withLock { s throws -> Int in
            switch s {
            case .running(_, let port): return port
            case .stopping, .stopped: throw HTTPServerError("server was already stopped")
            case .idle: break
            }
            let daemon = try startDaemon()
            let port = Int(alga_mhd_bound_port(daemon))
            s = .running(daemon: daemon, port: port)
            return port
        }
        let port = self.port
        core.logger.info("listening", ["port": .int(Int64(port)), "http.threads": .int(Int64(configuration.threads))])
        return port
    }

    private func startDaemon() throws -> OpaquePointer {
        let c = configuration
        let cls = Unmanaged.passUnretained(core).toOpaque()
        let daemon: OpaquePointer? = (c.host ?? "").withCString { host in
            var o = alga_mhd_options()
            o.bind_host = c.host == nil ? nil : host
            o.port = UInt16(c.port)
            o.thread_pool_size = UInt32(c.threads)
            o.connection_limit = UInt32(c.connectionLimit)
            o.connection_memory_limit = c.connectionMemoryBytes
            o.connection_timeout_seconds = UInt32(c.idleTimeoutSeconds)
            o.turbo = c.turbo ? 1 : 0
            o.access_handler = ServerCore.accessHandler
            o.access_cls = cls
            o.uri_callback = ServerCore.uriCallback
            o.uri_cls = cls
            o.completed_callback = ServerCore.completedCallback
            o.completed_cls = cls
            o.connection_callback = ServerCore.connectionCallback
            o.connection_cls = cls
            o.log_callback = ServerCore.logCallback
            o.log_cls = cls
            return alga_mhd_start(&o)
        }
        guard let daemon else {
            let reason = String(cString: strerror(errno))
            throw HTTPServerError("cannot listen on \(c.host ?? "*"):\(c.port): \(reason)")
        }
        return daemon
    }

    /// `Service`: serve until the task is cancelled, then shut down gracefully.
    public func run() async throws {
        try start()
        await waitUntilCancelled()
        await shutdown()
    }

    /// Graceful stop; returns once the daemon is stopped. Safe to call more than once.
    public func shutdown() async {
        let daemon: OpaquePointer? = state.withLock { s in
            guard case .running(let d, _) = s else {
                if case .idle = s { s = .stopped }
                return nil
            }
            s = .stopping
            return d
        }
        guard let daemon else {
            if case .stopped = state.withLock({ $0 }) { stoppedEvent.fire() }
            await stoppedEvent.wait()
            return
        }
        let handle = DaemonHandle(pointer: daemon)
        await Task.detached { [core, configuration] in
            await Self.drain(core: core, daemon: handle, graceMilliseconds: configuration.shutdownGraceMilliseconds)
        }.value
        state.withLock { $0 = .stopped }
        stoppedEvent.fire()
    }

    private struct DaemonHandle: @unchecked Sendable { let pointer: OpaquePointer }

    private static func drain(core: ServerCore, daemon: DaemonHandle, graceMilliseconds: Int) async {
        core.draining.store(true, ordering: .relaxed)
        let listenFD = MHD_quiesce_daemon(daemon.pointer)
        if listenFD >= 0 { close(listenFD) }
        core.logger.info("draining", ["http.in_flight": .int(Int64(core.state.inFlight.load(ordering: .relaxed)))])
        await waitUntil(milliseconds: graceMilliseconds) { core.state.inFlight.load(ordering: .relaxed) == 0 }
        let cut = core.abandonSuspended()
        if cut > 0 {
            core.logger.warning("grace period over; answering in-flight requests 503", ["http.abandoned": .int(Int64(cut))])
            await waitUntil(milliseconds: 1000) { core.state.inFlight.load(ordering: .relaxed) == 0 }
        }
        MHD_stop_daemon(daemon.pointer)
        core.watcher.stop()
        core.logger.info("stopped")
    }

    private static func waitUntil(milliseconds: Int, _ done: () -> Bool) async {
        let deadline = MonotonicClock.nanoseconds() + UInt64(milliseconds) * 1_000_000
        while !done() && MonotonicClock.nanoseconds() < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}

/// The server could not start (address in use, bad host).
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
