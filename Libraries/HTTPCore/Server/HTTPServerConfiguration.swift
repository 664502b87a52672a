import CMicroHTTPD

#if canImport(Glibc)
import Glibc
#endif

/// Limits and sockets for one `HTTPServer`. Tests build it directly (`port: 0`); services read
/// it from the environment with `init(environment:)` (variables in docs/config.md).
public struct HTTPServerConfiguration: Sendable {
    /// Numeric address to bind (`127.0.0.1`, `::1`); nil binds every interface (dual stack).
    public var host: String?
    /// TCP port; 0 picks a free one (read it back from `HTTPServer.port`).
    public var port: Int
    /// Network (epoll) threads. Handlers never block them, so the number of cores is plenty.
    public var threads: Int
    /// Concurrent connections accepted; beyond this the listen queue holds them.
    public var connectionLimit: Int
    /// libmicrohttpd's per-connection memory pool in bytes. It holds the request line and the
    /// headers (so it bounds them: larger requests get 414/431) and is zeroed per request, so
    /// smaller is faster.
    public var connectionMemoryBytes: Int
    /// A connection idle or trickling for this many seconds is closed (slow clients, idle keep-alive).
    public var idleTimeoutSeconds: Int
    /// Longest request target accepted; longer gets 414 `uri_too_long`.
    public var maxURIBytes: Int
    /// Largest request line + headers accepted; larger gets 431 `headers_too_large`.
    public var maxHeaderBytes: Int
    /// Body limit for routes that do not set `RouteOptions.bodyLimit`.
    public var defaultBodyLimit: Int64
    /// Where bodies of spooling routes are written.
    public var spoolDirectory: String
    /// How long a graceful shutdown waits for in-flight requests before answering the rest 503.
    public var shutdownGraceMilliseconds: Int
    /// libmicrohttpd's "turbo" mode (no shutdown() before close, optimistic reads).
    public var turbo: Bool

    public init(host: String? = nil, port: Int = 8080, threads: Int = HTTPServerConfiguration.defaultThreads,
                connectionLimit: Int = 1000, connectionMemoryBytes: Int = 16 * 1024, idleTimeoutSeconds: Int = 30,
                maxURIBytes: Int = 4 * 1024, maxHeaderBytes: Int = 8 * 1024, defaultBodyLimit: Int64 = 1 << 20,
                spoolDirectory: String = HTTPServerConfiguration.temporaryDirectory,
                shutdownGraceMilliseconds: Int = 10_000, turbo: Bool = true) {
        self.host = host
        self.port = port
        self.threads = threads
        self.connectionLimit = connectionLimit
        self.connectionMemoryBytes = connectionMemoryBytes
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.maxURIBytes = maxURIBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.defaultBodyLimit = defaultBodyLimit
        self.spoolDirectory = spoolDirectory
        self.shutdownGraceMilliseconds = shutdownGraceMilliseconds
        self.turbo = turbo
    }

    /// The default number of network threads: the usable CPUs, at most 8 (handlers never
    /// block these threads, and a container whose CPU quota is far below the host's CPU count
    /// would otherwise start dozens).
    public static var defaultThreads: Int { min(availableCores, 8) }

    /// CPUs this process may run on (respects `taskset` and cgroup cpusets), at least 1.
    public static var availableCores: Int {
        let n = Int(alga_available_cpus())
        return n > 0 ? n : max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// `$TMPDIR`, or `/tmp`.
    public static var temporaryDirectory: String {
        if let t = getenv("TMPDIR"), t.pointee != 0 { return String(cString: t) }
        return "/tmp"
    }
}
