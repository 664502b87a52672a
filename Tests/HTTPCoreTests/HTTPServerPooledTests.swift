import Foundation
import Shared
import Synchronization
import TestSupport
import Testing
@testable import HTTPCore

#if canImport(Glibc)
import Glibc
#endif

/// Pooled routes: the handler runs on a `BlockingPool` thread while the connection is suspended.
@Suite(.ownThread) struct HTTPServerPooledTests {
    /// The calling thread's name (`/proc/thread-self/comm`).
    private static func threadName() -> String {
        let fd = open("/proc/thread-self/comm", O_RDONLY)
        defer { close(fd) }
        var buf = [UInt8](repeating: 0, count: 32)
        let n = read(fd, &buf, buf.count)
        return String(decoding: buf[0..<max(0, n)], as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    /// A flag set on one thread and polled on another.
    private final class Flag: Sendable {
        private let value = Atomic<Bool>(false)
        func set() { value.store(true, ordering: .releasing) }
        var isSet: Bool { value.load(ordering: .acquiring) }
    }

    /// Blocks the calling (pool) thread until `gate` is set or 10 s pass.
    private static func hold(_ gate: Flag) {
        for _ in 0..<2000 where !gate.isSet { usleep(5000) }
    }

    /// A pooled handler's body that counts its start, then waits (at most 10 s) until its request
    /// is cancelled, counting that too.
    private static func holdUntilCancelled(_ cancellation: RequestCancellation, started: Counter, cancelled: Counter) {
        started.inc()
        let gate = Flag()
        cancellation.onCancel {
            cancelled.inc()
            gate.set()
        }
        hold(gate)
    }

    @Test func testPooled_whenHandlerAnswers_runsOnAPoolThreadAndResponds() async throws {
        let pool = BlockingPool(name: "pooled", threads: 2, queueLimit: 4)
        defer { pool.shutdown() }
        let live = try LiveServer.start(threads: 1) { r in
            r.pooled(.post, "/echo", pool: pool) { request, cancellation in
                let body = try request.body.readAll()
                return .response(.text("\(Self.threadName()) \(cancellation.isCancelled) \(String(decoding: body, as: UTF8.self))"))
            }
        }
        let responses = try await blocking {
            let c = try live.connect()
            return try (0..<3).map { i in try c.request("POST", "/echo", body: Array("hi \(i)".utf8)) }
        }
        for (i, response) in responses.enumerated() {
            #expect(response.status == 200)
            #expect(response.text.hasPrefix("pooled-") && response.text.hasSuffix(" false hi \(i)"), "\(response.text)")
            #expect(response.header("x-request-id") != nil)
        }
        #expect(live.accessLog.count == 3)
        #expect(live.accessLog.allSatisfy { $0.metadata["http.status"] == 200 && $0.metadata["http.route"] == "/echo" })
    }

    @Test func testPooled_whenHandlerThrows_answersTheUniformErrorBody() async throws {
        let pool = BlockingPool(name: "throws", threads: 1, queueLimit: 4)
        defer { pool.shutdown() }
        let live = try LiveServer.start { r in
            r.pooled(.get, "/teapot", pool: pool) { _, _ in throw AppError(.badRequest, status: 418, "short and stout") }
            r.pooled(.get, "/bug", pool: pool) { _, _ in throw CocoaError(.featureUnsupported) }
        }
        let (teapot, bug) = try await blocking { (try live.request("GET", "/teapot"), try live.request("GET", "/bug")) }
        #expect(teapot.status == 418 && teapot.errorCode == "bad_request")
        #expect(bug.status == 500 && bug.errorCode == "internal")
    }

    @Test func testPooled_whenSlowHandlersHoldThreads_otherRequestsStillAnswer() async throws {
        let slowPool = BlockingPool(name: "slow", threads: 4, queueLimit: 4)
        let fastPool = BlockingPool(name: "fast", threads: 1, queueLimit: 4)
        defer {
            slowPool.shutdown()
            fastPool.shutdown()
        }
        let gate = Flag()
        let live = try LiveServer.start(threads: 1) { r in
            r.pooled(.get, "/slow", pool: slowPool) { _, _ in
                Self.hold(gate)
                return .response(.text("slow"))
            }
            r.pooled(.get, "/fast", pool: fastPool) { _, _ in .response(.text("fast")) }
            r.inline(.get, "/inline") { _ in .text("inline") }
        }
        let slow = (0..<4).map { _ in Task { try await blocking { try live.request("GET", "/slow").text } } }
        #expect(await eventually { live.server.inFlightRequests == 4 })
        let (fast, inline) = try await blocking {
            let c = try live.connect()
            return (try c.request("GET", "/fast").text, try c.request("GET", "/inline").text)
        }
        #expect(fast == "fast" && inline == "inline")
        #expect(live.server.inFlightRequests == 4, "the slow requests are still running")
        #expect(live.sample("http_connections_suspended") == 4)
        gate.set()
        for t in slow { #expect(try await t.value == "slow") }
    }

    @Test func testPooled_whenPoolRefuses_answersWithTheRouteRenderer() async throws {
        let pool = BlockingPool(name: "tiny", threads: 1, queueLimit: 0)
        defer { pool.shutdown() }
        let gate = Flag()
        let entered = Flag()
        let live = try LiveServer.start { r in
            r.pooled(.get, "/work", pool: pool, refused: { error, request in
                .json(#"{"refused":"\#(error.code.rawValue)","id":"\#(request.requestID)"}"#, status: error.httpStatus)
            }) { _, _ in
                entered.set()
                Self.hold(gate)
                return .response(.text("done"))
            }
        }
        let first = Task { try await blocking { try live.request("GET", "/work") } }
        #expect(await eventually { entered.isSet })
        let refused = try await blocking { try live.request("GET", "/work", headers: [("x-request-id", "r-42")]) }
        #expect(refused.status == 503)
        #expect(refused.json?["refused"] as? String == "overloaded" && refused.json?["id"] as? String == "r-42")
        gate.set()
        #expect(try await first.value.text == "done")
    }

    @Test func testPooled_whenHandlerContinues_answersFromTheTask() async throws {
        let pool = BlockingPool(name: "cont", threads: 1, queueLimit: 4)
        defer { pool.shutdown() }
        let live = try LiveServer.start { r in
            r.pooled(.get, "/later", pool: pool) { request, _ in
                let onPool = Self.threadName()
                return .continue {
                    try await Task.sleep(for: .milliseconds(20))
                    return .text("\(onPool) then task for \(request.path)")
                }
            }
        }
        let response = try await blocking { try live.request("GET", "/later") }
        #expect(response.status == 200 && response.text == "cont-0 then task for /later")
    }

    @Test func testDisconnect_whenClientLeavesDuringPooledHandler_firesItsCancellation() async throws {
        let pool = BlockingPool(name: "leave", threads: 2, queueLimit: 4)
        defer { pool.shutdown() }
        let cancelled = Counter()
        let started = Counter()
        let live = try LiveServer.start { r in
            r.pooled(.get, "/wait", pool: pool) { _, cancellation in
                Self.holdUntilCancelled(cancellation, started: started, cancelled: cancelled)
                if cancellation.isCancelled { throw CancellationError() }  // answered 499, like a cancelled task
                return .response(.text("never"))
            }
        }
        for (round, abrupt) in [false, true].enumerated() {
            let c = try live.connect()
            try c.send("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n")
            // The handler itself must be running: a request whose client leaves while it is still
            // queued is answered 499 without calling the handler at all.
            #expect(await eventually { started.value == round + 1 && live.server.inFlightRequests == 1 })
            if abrupt { c.reset() } else { shutdown(c.fd, Int32(SHUT_RDWR)) }
            #expect(await eventually { live.server.inFlightRequests == 0 }, "abrupt: \(abrupt)")
        }
        #expect(cancelled.value == 2)
        #expect(live.sample("http_client_disconnects_total") == 2)
        #expect(live.accessLog.allSatisfy { $0.metadata["http.status"] == 499 })
    }

    @Test func testShutdown_whenGracePeriodExpires_answersPooledRequest503AndCancelsIt() async throws {
        let pool = BlockingPool(name: "stuck", threads: 1, queueLimit: 1)
        defer { pool.shutdown() }
        let cancelled = Counter()
        let started = Counter()
        let live = try LiveServer.start(configure: { $0.shutdownGraceMilliseconds = 100 }) { r in
            r.pooled(.get, "/stuck", pool: pool) { _, cancellation in
                Self.holdUntilCancelled(cancellation, started: started, cancelled: cancelled)
                usleep(200_000)  // then goes on regardless: the 503 stands
                return .response(.text("too late"))
            }
        }
        let request = Task { try await blocking { try live.request("GET", "/stuck") } }
        #expect(await eventually { started.value == 1 && live.server.inFlightRequests == 1 })
        await live.server.shutdown()
        let response = try await request.value
        #expect(response.status == 503 && response.errorCode == "unavailable")
        // The cancellation fires right after the 503 is stored, so possibly after it was sent.
        #expect(await eventually { cancelled.value == 1 })
    }
}
