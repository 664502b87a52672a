import HTTPCore
import Shared
import Synchronization

/// A loopback HTTP server (127.0.0.1, port 0) for fetch tests, counting the requests each path
/// receives, so a test can show that a refused fetch never reached it:
/// `GET /hello` → `hello from <label>`; `POST /echo` → `got <n> bytes`;
/// `GET /redirect?to=<url>` → 302 to `<url>`; `GET /big?bytes=<n>` → n bytes;
/// `GET /slow?ms=<n>` → 200 after n ms.
final class EgressTestServer: Sendable {
    let label: String
    let server: HTTPServer
    let port: Int
    private let hits: HitCounter

    init(label: String) throws {
        self.label = label
        let hits = HitCounter()
        self.hits = hits
        var router = Router()
        @Sendable func count(_ request: HTTPRequest) { hits.counts.withLock { $0[request.path, default: 0] += 1 } }
        router.inline(.get, "/hello") { request in
            count(request)
            return .text("hello from \(label)")
        }
        router.async(.post, "/echo") { request in
            count(request)
            return .text("got \(try request.body.readAll().count) bytes")
        }
        router.inline(.get, "/redirect") { request in
            count(request)
            var response = HTTPResponse.status(302)
            response.headers.set("location", request.queryValue("to") ?? "/hello")
            return response
        }
        router.inline(.get, "/big") { request in
            count(request)
            return .bytes([UInt8](repeating: 0x61, count: Int(request.queryValue("bytes") ?? "0") ?? 0))
        }
        router.async(.get, "/slow") { request in
            count(request)
            try await Task.sleep(for: .milliseconds(Int(request.queryValue("ms") ?? "0") ?? 0))
            return .text("slow from \(label)")
        }
        server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, threads: 2), router: router,
                            logger: quietLogger())
        port = try server.start()
    }

    /// Requests received on `path` so far.
    func hits(_ path: String) -> Int { hits.counts.withLock { $0[path, default: 0] } }

    var totalHits: Int { hits.counts.withLock { $0.values.reduce(0, +) } }

    func url(_ pathAndQuery: String) -> String { "http://127.0.0.1:\(port)\(pathAndQuery)" }

    func stop() async { await server.shutdown() }
}
