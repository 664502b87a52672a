import HTTPCore
import Shared
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Hostile or broken clients: the server answers or closes, and keeps serving everyone else.
@Suite(.ownThread) struct HTTPServerLimitsTests {
    private func server(idleTimeout: Int = 30) throws -> LiveServer {
        try LiveServer.start(configure: {
            $0.maxURIBytes = 256
            $0.maxHeaderBytes = 2048
            $0.connectionMemoryBytes = 16 * 1024
            $0.idleTimeoutSeconds = idleTimeout
        }) { r in
            r.inline(.get, "/hello") { _ in .text("hi") }
        }
    }

    private func stillServes(_ live: LiveServer) async throws -> Bool {
        try await blocking { try live.request("GET", "/hello").text == "hi" }
    }

    @Test func testLimits_whenTargetTooLong_answers414() async throws {
        let live = try server()
        let r = try await blocking { try live.request("GET", "/hello?q=" + String(repeating: "a", count: 300)) }
        #expect(r.status == 414 && r.errorCode == "uri_too_long")
        #expect(try await stillServes(live))
    }

    @Test func testLimits_whenHeadersTooLarge_answers431() async throws {
        let live = try server()
        let (ours, mhd) = try await blocking {
            (try live.request("GET", "/hello", headers: [("x-big", String(repeating: "b", count: 3000))]),
             // Larger than the connection's memory pool: libmicrohttpd refuses it itself.
             try live.request("GET", "/hello", headers: [("x-huge", String(repeating: "h", count: 20_000))]))
        }
        #expect(ours.status == 431 && ours.errorCode == "headers_too_large")
        #expect(mhd.status == 431)
        #expect(try await stillServes(live))
    }

    @Test(arguments: [
        "GARBAGE\r\n\r\n",
        "GET\r\n\r\n",
        "GET /hello HTTP/9.9\r\nHost: x\r\n\r\n",
        "GET /hello HTTP/1.1\r\n\r\n",  // HTTP/1.1 without Host
        "GET /he llo HTTP/1.1\r\nHost: x\r\n\r\n",
        "\u{0}\u{1}\u{2}\r\n\r\n",
        "GET /hello HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
        "GET /hello HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n",
        "POST /hello HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n",
    ])
    func testMalformed_whenRequestIsBroken_answersOrClosesAndKeepsServing(raw: String) async throws {
        let live = try server()
        let outcome = try await blocking { () -> Int in
            let c = try live.connect(timeoutMilliseconds: 3000)
            try c.send(raw)
            if let r = try? c.readResponse() { return r.status }
            return 0  // closed without an answer
        }
        #expect(outcome == 0 || (400...599).contains(outcome), "got \(outcome)")
        #expect(try await stillServes(live))
    }

    @Test func testSlowClient_whenHeadersTrickleThenStop_isDisconnectedAfterIdleTimeout() async throws {
        let live = try server(idleTimeout: 1)
        let closed = try await blocking { () -> Bool in
            let c = try live.connect(timeoutMilliseconds: 8000)
            try c.send("GET /hello HTTP/1.1\r\nHo")
            return c.waitForClose()
        }
        #expect(closed)
        #expect(try await stillServes(live))
    }

    @Test func testSlowClients_whenManyHoldConnections_othersAreServed() async throws {
        let live = try server()
        let idle = try (0..<50).map { _ in try live.connect() }
        for c in idle { try c.send("GET /hello HTTP/1.1\r\nX-Partial: ") }
        #expect(try await stillServes(live))
        #expect(live.sample("http_connections_opened_total") == 51)
        _ = idle
    }

    @Test func testAbort_whenClientResetsMidRequest_serverKeepsServing() async throws {
        let live = try server()
        for _ in 0..<20 {
            let c = try live.connect()
            try c.send("GET /hello HTTP/1.1\r\nHost: x\r\nX-A: 1")
            c.reset()
        }
        #expect(try await stillServes(live))
    }
}
