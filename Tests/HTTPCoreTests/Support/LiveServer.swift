import HTTPCore
import Shared
import TestSupport

/// An `HTTPServer` on 127.0.0.1:0 with an in-memory log, for live tests.
struct LiveServer {
    let server: HTTPServer
    let port: Int
    let logs: InMemoryLogHandler
    let metrics: MetricsRegistry

    static func start(threads: Int = 2, configure: (inout HTTPServerConfiguration) -> Void = { _ in },
                      routes: (inout Router) -> Void) throws -> LiveServer {
        var config = HTTPServerConfiguration(host: "127.0.0.1", port: 0, threads: threads)
        configure(&config)
        let logs = InMemoryLogHandler()
        let metrics = MetricsRegistry()
        var router = Router()
        routes(&router)
        router.addMetricsRoute(metrics)
        let server = HTTPServer(configuration: config, router: router, logger: Logger(label: "test", handler: logs),
                                metrics: metrics)
        let port = try server.start()
        return LiveServer(server: server, port: port, logs: logs, metrics: metrics)
    }

    func connect(timeoutMilliseconds: Int = 10_000) throws -> RawHTTPConnection {
        try RawHTTPConnection(port: port, timeoutMilliseconds: timeoutMilliseconds)
    }

    /// One request on a fresh connection.
    func request(_ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = []) throws
        -> RawHTTPConnection.Response
    {
        try connect().request(method, target, headers: headers, body: body)
    }

    /// The value of one sample line (`name{labels}`) in the registry's exposition text.
    func sample(_ series: String) -> Double? {
        for line in metrics.render().split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    /// Access-log records (`msg == "request"`).
    var accessLog: [LogRecord] { logs.records.filter { $0.message == "request" } }
}

/// Polls `condition` every 5 ms for at most `milliseconds`; returns whether it became true.
func eventually(within milliseconds: Int = 5000, _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(milliseconds)
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return await condition()
}

/// Threads for the tests' blocking socket I/O, so a test waiting on a response never occupies
/// one of the (few) cooperative threads the server's async handlers need.
let clientThreads = BlockingPool(name: "test-client", threads: 24, queueLimit: 512)

func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await clientThreads.run(body)
}
