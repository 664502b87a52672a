import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension BlackBox {
    /// httpcore-probe, the bare HTTPCore server, as the issue's "must show" list demands.
    @Suite(.ownThread) struct ProbeBlackBoxTests {
        static let poolThreads = 4

        private func startProbe(_ extra: [String: String] = [:]) throws -> ServerProcess {
            var env = ["PORT": "0", "HTTP_HOST": "127.0.0.1", "PROBE_ECHO_LIMIT": "64KiB",
                       "PROBE_POOL_THREADS": String(Self.poolThreads), "HTTP_IDLE_TIMEOUT_SECONDS": "2"]
            env.merge(extra) { _, new in new }
            return try ServerProcess("httpcore-probe", environment: env)
        }

        @Test func testKeepAlive_when100RequestsOnOneConnection_connectionMetricIsOne() async throws {
            let probe = try startProbe()
            let (statuses, opened) = try await blocking { () -> ([Int], Double?) in
                let c = try probe.connect()
                let statuses = try (0..<100).map { _ in try c.request("GET", "/hello").status }
                return (statuses, try probe.metric("http_connections_opened_total", on: c))
            }
            #expect(statuses == Array(repeating: 200, count: 100))
            #expect(opened == 1, "all 100 requests and the scrape used one connection")
        }

        @Test func testBodyLimit_whenOneMiBSentToSixtyFourKiBCap_answers413JSON() async throws {
            let probe = try startProbe()
            let response = try await blocking { () -> RawHTTPConnection.Response in
                let c = try probe.connect()
                try c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 1048576\r\n\r\n")
                _ = try? c.send([UInt8](repeating: 0x42, count: 1 << 20))
                return try c.readResponse()
            }
            #expect(response.status == 413)
            #expect(response.header("content-type") == "application/json")
            let error = try #require(response.json?["error"] as? [String: Any])
            #expect(error["code"] as? String == "payload_too_large")
            #expect(error["request_id"] as? String == response.header("x-request-id"))
            #expect((error["message"] as? String)?.contains("65536") == true)
            let rejected = try await blocking { try probe.metric("http_body_limit_rejections_total") }
            #expect(rejected == 1)
        }

        @Test func testHostileClients_whenBrokenOrSlowOrAborting_serverNeverWedgesOrLeaks() async throws {
            let probe = try startProbe()
            // Warm up every kind of route first: the Swift runtime opens a few descriptors
            // (timers, eventfds) and threads lazily, and those are not leaks.
            try await blocking {
                for path in ["/hello", "/slow?ms=1", "/block?ms=1", "/metrics"] { _ = try probe.request("GET", path) }
                _ = try probe.request("POST", "/echo", body: [1, 2, 3])
            }
            let baselineFDs = probe.openFileCount
            let baselineThreads = probe.threadCount
            let raws = [
                "GARBAGE\r\n\r\n", "GET\r\n\r\n", "\u{0}\u{ff}\r\n\r\n", "GET / HTTP/1.1\r\n\r\n",
                "GET /hello HTTP/1.1\r\nHost: x\r\n" + String(repeating: "X-Pad: " + String(repeating: "p", count: 1000) + "\r\n", count: 40) + "\r\n",
                "GET /" + String(repeating: "u", count: 20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /hello%2Fx HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /hello%252Fx HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /%ff%fe HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nnope\r\n",
            ]
            let outcomes = try await blocking { () -> [Int] in
                try raws.map { raw in
                    let c = try probe.connect(timeoutMilliseconds: 5000)
                    try c.send(raw)
                    return (try? c.readResponse().status) ?? 0
                }
            }
            #expect(outcomes[6] == 400, "encoded slash")
            #expect(outcomes[7] == 404, "double-encoded slash is the literal %2F, not a separator")
            #expect(outcomes.allSatisfy { $0 == 0 || (400...499).contains($0) }, "\(outcomes)")
            try await blocking {
                // Slow clients: half a request, then silence; abrupt clients: reset mid-request
                // and mid-handler.
                let slow = try (0..<20).map { _ in try probe.connect() }
                for c in slow { try c.send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Slow: ") }
                for _ in 0..<20 {
                    let c = try probe.connect()
                    try c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nabc")
                    c.reset()
                }
                for _ in 0..<10 {
                    let c = try probe.connect()
                    try c.send("GET /slow?ms=3000 HTTP/1.1\r\nHost: x\r\n\r\n")
                    usleep(20_000)
                    c.reset()
                }
                #expect(try probe.request("GET", "/hello").text == "hello, world\n")
                #expect(slow.allSatisfy { $0.waitForClose() }, "idle timeout closes stalled clients")
            }
            #expect(try await blocking { try probe.request("GET", "/hello").status } == 200)
            // About 60 connections came and went: a per-connection leak would show up as dozens.
            #expect(eventually { probe.openFileCount <= baselineFDs + 2 },
                    "fds: \(probe.openFileCount) > \(baselineFDs): \(probe.openFiles)")
            #expect(probe.threadCount <= baselineThreads + 2, "threads: \(probe.threadCount) vs \(baselineThreads)")
            let cancelled = try await blocking { try probe.metric("http_client_disconnects_total") }
            #expect(cancelled == 10)
            #expect(probe.process.isRunning)
        }

        @Test(.runsAlone) func testFastRoute_whenTwicePoolSizeSlowRequestsInFlight_answersWithin50ms() async throws {
            let probe = try startProbe()
            let slowCount = 2 * Self.poolThreads
            let slow = (0..<slowCount).map { _ in
                Task { try await blocking { try probe.request("GET", "/block?ms=2000").status } }
            }
            let asyncSlow = (0..<slowCount).map { _ in
                Task { try await blocking { try probe.request("GET", "/slow?ms=2000").status } }
            }
            let inFlight = try await blocking {
                eventually(seconds: 5) { ((try? probe.metric("http_requests_in_flight")) ?? 0) >= Double(2 * slowCount + 1) }
            }
            #expect(inFlight, "all slow requests are in flight")
            let busy = try await blocking { try probe.metric(#"blocking_pool_busy_threads{pool="probe"}"#) }
            #expect(busy == Double(Self.poolThreads), "every worker is busy; the rest are queued")
            let timings = try await blocking { () -> [(Int, Double)] in
                try ["/hello", "/slow?ms=0", "/health"].map { path in
                    let start = DispatchTime.now().uptimeNanoseconds
                    let status = try probe.request("GET", path).status
                    return (status, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                }
            }
            for (status, ms) in timings {
                #expect(status == 200)
                #expect(ms < 50, "fast route took \(ms) ms")
            }
            for t in slow + asyncSlow { #expect(try await t.value == 200) }
        }

        @Test func testSIGTERM_whenSlowRequestInFlight_letsItFinishAndExitsZero() async throws {
            let probe = try startProbe()
            let request = Task { try await blocking { try probe.request("GET", "/slow?ms=1500") } }
            let started = try await blocking {
                eventually(seconds: 5) { ((try? probe.metric("http_requests_in_flight")) ?? 0) >= 2 }
            }
            #expect(started)
            probe.signal(SIGTERM)
            let response = try await request.value
            #expect(response.status == 200 && response.text == "slept\n")
            let status = try await blocking { probe.waitForExit(seconds: 20) }
            #expect(status == 0)
            #expect(eventually(seconds: 5) { probe.isGone }, "no process left behind")
            #expect(probe.records.contains { $0["msg"] as? String == "draining" })
        }
    }
}
