import Foundation
import HTTPCore
import Shared
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite(.ownThread) struct HTTPServerAsyncTests {
    @Test func testAsync_whenSlowHandlersHoldEveryThread_fastRoutesStillAnswer() async throws {
        let gate = OneShotEvent()
        let live = try LiveServer.start(threads: 1) { r in
            r.async(.get, "/slow") { _ in
                await gate.wait()
                return .text("slow")
            }
            r.inline(.get, "/fast") { _ in .text("fast") }
            r.async(.get, "/fast-async") { _ in .text("fast-async") }
        }
        let slow = (0..<8).map { _ in Task { try await blocking { try live.request("GET", "/slow").status } } }
        #expect(await eventually { live.server.inFlightRequests == 8 })
        let (fast, fastAsync) = try await blocking {
            let c = try live.connect()
            return (try c.request("GET", "/fast"), try c.request("GET", "/fast-async"))
        }
        #expect(fast.text == "fast" && fastAsync.text == "fast-async")
        #expect(await eventually { live.server.inFlightRequests == 8 }, "the slow requests are still running")
        #expect(live.sample("http_connections_suspended") == 8)
        gate.fire()
        for t in slow { #expect(try await t.value == 200) }
    }

    @Test func testDisconnect_whenClientLeavesDuringAsyncHandler_cancelsItsTask() async throws {
        let cancelled = Counter()
        let live = try LiveServer.start { r in
            r.async(.get, "/wait") { _ in
                do {
                    try await Task.sleep(for: .seconds(30))
                } catch {
                    cancelled.inc()
                    throw error
                }
                return .text("never")
            }
        }
        for abrupt in [false, true] {
            let c = try live.connect()
            try c.send("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(await eventually { live.server.inFlightRequests == 1 })
            if abrupt { c.reset() } else { shutdown(c.fd, Int32(SHUT_RDWR)) }
            #expect(await eventually { live.server.inFlightRequests == 0 }, "abrupt: \(abrupt)")
        }
        #expect(cancelled.value == 2)
        #expect(live.sample("http_client_disconnects_total") == 2)
        #expect(live.accessLog.allSatisfy { $0.metadata["http.status"] == 499 })
    }

    @Test func testShutdown_whenRequestInFlight_letsItFinishThenStops() async throws {
        let gate = OneShotEvent()
        let live = try LiveServer.start { r in
            r.async(.get, "/slow") { _ in
                await gate.wait()
                return .text("done")
            }
        }
        let request = Task { try await blocking { try live.request("GET", "/slow") } }
        #expect(await eventually { live.server.inFlightRequests == 1 })
        let stopping = Task { await live.server.shutdown() }
        #expect(await eventually { (try? RawHTTPConnection(port: live.port)) == nil }, "stops accepting")
        gate.fire()
        let response = try await request.value
        #expect(response.status == 200 && response.text == "done")
        #expect(response.header("connection")?.lowercased() == "close")
        await stopping.value
        #expect(live.logs.records.contains { $0.message == "stopped" })
    }

    @Test func testShutdown_whenGracePeriodExpires_answersRemainingRequests503() async throws {
        let pool = BlockingPool(name: "stuck", threads: 1, queueLimit: 1)
        defer { pool.shutdown() }
        let live = try LiveServer.start(configure: { $0.shutdownGraceMilliseconds = 100 }) { r in
            r.async(.get, "/stuck") { _ in
                try await pool.run { usleep(800_000) }  // ignores cancellation
                return .text("too late")
            }
        }
        let request = Task { try await blocking { try live.request("GET", "/stuck") } }
        #expect(await eventually { live.server.inFlightRequests == 1 })
        await live.server.shutdown()
        let response = try await request.value
        #expect(response.status == 503)
        #expect(response.errorCode == "unavailable")
    }

    @Test func testResponse_whenFileRange_sendsExactlyThatRange() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("range-\(UUIDString.generate())").path
        try Data("0123456789abcdefghij".utf8).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let live = try LiveServer.start { r in
            r.inline(.get, "/file") { _ in
                let fd = open(path, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { throw AppError.notFound() }
                return HTTPResponse(status: 200, headers: ["content-type": "text/plain"],
                                    body: .file(ResponseFile(fd: fd, offset: 5, length: 10)))
            }
        }
        let (first, second) = try await blocking {
            let c = try live.connect()
            return (try c.request("GET", "/file"), try c.request("GET", "/file"))
        }
        #expect(first.text == "56789abcde")
        #expect(second.text == "56789abcde")
    }
}
