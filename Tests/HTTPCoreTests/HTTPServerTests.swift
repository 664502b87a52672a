import Foundation
import HTTPCore
import Shared
import TestSupport
import Testing

/// Live tests on 127.0.0.1:0. A `LiveServer` that goes out of scope stops with it (HTTPServer's
/// deinit); graceful shutdown has its own tests.
@Suite(.ownThread) struct HTTPServerTests {
    private func helloServer() throws -> LiveServer {
        try LiveServer.start { r in
            r.inline(.get, "/hello") { _ in .text("hello, world\n") }
            r.inline(.get, "/items/:id") { req in .text("item \(req.parameter("id"))") }
            r.inline(.get, "/fail/app") { _ in throw AppError(.conflict, status: 409, "already there", headers: [("Retry-After", "3")]) }
            r.inline(.get, "/fail/other") { _ in throw CocoaError(.fileNoSuchFile) }
            r.inline(.get, "/bad-header") { _ in HTTPResponse(status: 200, headers: ["x-evil": "a\r\nInjected: yes"]) }
            r.inline(.get, "/query") { req in .text(req.query.map { "\($0.name)=\($0.value)" }.joined(separator: ";")) }
        }
    }

    @Test func testKeepAlive_when100RequestsOnOneConnection_servesThemOnIt() async throws {
        let live = try helloServer()
        let statuses = try await blocking {
            let conn = try live.connect()
            return try (0..<100).map { _ in try conn.request("GET", "/hello").status }
        }
        #expect(statuses == Array(repeating: 200, count: 100))
        #expect(live.sample("http_connections_opened_total") == 1)
        // The request counter is bumped when libmicrohttpd reports the response complete, which can
        // come just after the client has read the 100th response.
        #expect(await eventually { live.sample(#"http_requests_total{route="/hello",method="GET",status="2xx"}"#) == 100 })
    }

    @Test func testErrors_whenHandlerThrowsAppError_answersUniformJSONWithHeaders() async throws {
        let live = try helloServer()
        let r = try await blocking { try live.request("GET", "/fail/app") }
        #expect(r.status == 409)
        #expect(r.header("retry-after") == "3")
        #expect(r.header("content-type") == "application/json")
        let error = try #require(r.json?["error"] as? [String: String])
        #expect(error == ["code": "conflict", "message": "already there", "request_id": r.header("x-request-id") ?? "?"])
    }

    @Test func testErrors_whenHandlerThrowsOtherError_answers500AndLogsCause() async throws {
        let live = try helloServer()
        let r = try await blocking { try live.request("GET", "/fail/other") }
        #expect(r.status == 500)
        #expect(r.errorCode == "internal")
        #expect(!r.text.contains("NSCocoaErrorDomain"), "the cause must not reach the client")
        let logged = live.logs.records.first { $0.message == "handler failed" }
        #expect(logged?.metadata["request.id"] == .string(r.header("x-request-id") ?? "?"))
        #expect(logged?.metadata["error"]?.description.contains("4") == true)
    }

    @Test func testRouting_whenPathUnknownOrMethodWrong_answers404Or405() async throws {
        let live = try helloServer()
        let (missing, wrong, param) = try await blocking {
            let c = try live.connect()
            return (try c.request("GET", "/nope"), try c.request("DELETE", "/hello"), try c.request("GET", "/items/a%20b"))
        }
        #expect(missing.status == 404 && missing.errorCode == "not_found")
        #expect(wrong.status == 405 && wrong.header("allow") == "GET, HEAD")
        #expect(param.text == "item a b")
    }

    @Test func testPath_whenEncodedSlashOrDoubleEncoded_decodesOnce() async throws {
        let live = try helloServer()
        let (slash, double, nul) = try await blocking {
            let c = try live.connect()
            return (try c.request("GET", "/items/a%2Fb"), try c.request("GET", "/items/a%252Fb"), try c.request("GET", "/items/%00"))
        }
        #expect(slash.status == 400 && slash.errorCode == "bad_request")
        #expect(double.status == 200 && double.text == "item a%2Fb")
        #expect(nul.status == 400)
    }

    @Test func testQuery_whenEscaped_isDecodedInOrder() async throws {
        let live = try helloServer()
        let r = try await blocking { try live.request("GET", "/query?b=2&a=x+y%21&b=3") }
        #expect(r.text == "b=2;a=x y!;b=3")
    }

    @Test func testRequestID_whenClientSendsOne_echoesItOrReplacesInvalidOnes() async throws {
        let live = try helloServer()
        let (given, invalid, none) = try await blocking {
            let c = try live.connect()
            return (try c.request("GET", "/hello", headers: [("X-Request-ID", "abc-123.x:y")]),
                    try c.request("GET", "/hello", headers: [("x-request-id", "has space<script>")]),
                    try c.request("GET", "/hello"))
        }
        #expect(given.header("x-request-id") == "abc-123.x:y")
        for generated in [invalid, none] {
            let id = try #require(generated.header("x-request-id"))
            #expect(id.count == 32 && id.allSatisfy(\.isHexDigit))
        }
        #expect(invalid.header("x-request-id") != none.header("x-request-id"))
    }

    @Test func testHead_whenGetRouteExists_sendsHeadersOnly() async throws {
        let live = try helloServer()
        let (head, after) = try await blocking {
            let c = try live.connect()
            return (try c.request("HEAD", "/hello"), try c.request("GET", "/hello"))
        }
        #expect(head.status == 200 && head.header("content-length") == "13" && head.body.isEmpty)
        #expect(after.text == "hello, world\n", "the connection stays usable after HEAD")
    }

    @Test func testHeaders_whenHandlerReturnsInjectedHeader_answers500() async throws {
        let live = try helloServer()
        let r = try await blocking { try live.request("GET", "/bad-header") }
        #expect(r.status == 500)
        #expect(r.header("injected") == nil)
    }

    @Test func testAccessLog_whenRequestCompletes_writesOneLineWithFields() async throws {
        let live = try helloServer()
        let r = try await blocking { try live.request("GET", "/items/7?secret=x", headers: [("x-request-id", "rid-1")]) }
        #expect(r.status == 200)
        #expect(await eventually { live.accessLog.count == 1 })
        let md = try #require(live.accessLog.first).metadata
        #expect(md["http.method"] == "GET")
        #expect(md["http.path"] == "/items/7", "no query string in the log")
        #expect(md["http.route"] == "/items/:id")
        #expect(md["http.status"] == 200)
        #expect(md["http.bytes"] == 6)
        #expect(md["request.id"] == "rid-1")
        #expect(md["http.remote"] == "127.0.0.1")
        if case .int(let us)? = md["http.duration_us"] { #expect(us >= 0) } else { Issue.record("duration missing") }
    }

    @Test func testMetrics_whenScraped_isAcceptedByPromtool() async throws {
        let live = try helloServer()
        let metrics = try await blocking {
            let c = try live.connect()
            _ = try c.request("GET", "/hello")
            _ = try c.request("GET", "/nope")
            return try c.request("GET", "/metrics")
        }
        #expect(metrics.header("content-type") == "text/plain; version=0.0.4; charset=utf-8")
        #expect(metrics.text.contains(#"http_requests_total{route="unmatched",method="GET",status="4xx"} 1"#))
        let check = try Promtool.checkMetrics(metrics.text)
        #expect(check.status == 0, "promtool: \(check.output)")
    }

    @Test func testStart_whenPortZero_bindsAFreePortAndLogsIt() async throws {
        let live = try helloServer()
        #expect(live.port > 0 && live.port == live.server.port)
        let listening = live.logs.records.first { $0.message == "listening" }
        #expect(listening?.metadata["port"] == .int(Int64(live.port)))
    }
}
