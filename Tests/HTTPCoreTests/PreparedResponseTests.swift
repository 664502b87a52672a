import HTTPCore
import Shared
import TestSupport
import Testing

/// `PreparedResponse`: one libmicrohttpd response object queued on many connections at once.
@Suite(.ownThread) struct PreparedResponseTests {
    static let body = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7) }

    static func prepared() throws -> PreparedResponse {
        try #require(PreparedResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain"), ("ETag", "\"v1\"")]),
                                      body: body))
    }

    @Test func testQueue_whenManyConnectionsShareIt_everyAnswerIsTheSameBytes() async throws {
        let prepared = try Self.prepared()
        let live = try LiveServer.start(threads: 2) { r in
            r.inline(.get, "/file") { _ in HTTPResponse(prepared: prepared) }
        }
        let answers = try await withThrowingTaskGroup(of: [RawHTTPConnection.Response].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await blocking {
                        let c = try live.connect()
                        return try (0..<25).map { i in try c.request(i % 5 == 4 ? "HEAD" : "GET", "/file") }
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(answers.count == 200)
        for r in answers {
            #expect(r.status == 200 && r.header("etag") == "\"v1\"" && r.header("content-type") == "text/plain")
            #expect(r.header("content-length") == "4096")
            #expect(r.body.isEmpty || r.body == Self.body, "a GET gets exactly the prepared bytes, a HEAD none")
            #expect(r.header("x-request-id") == nil, "the bytes are shared: no per-request header")
        }
        #expect(answers.filter { $0.body.isEmpty }.count == 40, "the HEADs")
        // The access log still records each request with its status and size.
        let logged = live.accessLog.filter { $0.metadata["http.route"] == .string("/file") }
        #expect(logged.count == 200)
        #expect(logged.allSatisfy { $0.metadata["http.status"] == .int(200) && $0.metadata["request.id"] != nil })
        await live.server.shutdown()
    }

    @Test func testQueue_whenServerDrains_answersWithAResponseOfItsOwnThatCloses() async throws {
        let prepared = try Self.prepared()
        let live = try LiveServer.start(threads: 2) { r in
            r.inline(.get, "/file") { _ in HTTPResponse(prepared: prepared) }
            r.async(.get, "/slow") { _ in
                try await Task.sleep(for: .milliseconds(600))
                return .text("slow")
            }
        }
        let (kept, warm) = try await blocking {
            let c = try live.connect()
            return (c, try c.request("GET", "/file"))
        }
        #expect(warm.status == 200 && warm.header("connection") != "close")
        let slow = Task { try await blocking { try live.request("GET", "/slow") } }
        try await Task.sleep(for: .milliseconds(150))  // the slow request is in flight
        let stopping = Task { await live.server.shutdown() }
        try await Task.sleep(for: .milliseconds(150))  // draining, waiting for it
        let during = try await blocking { try kept.request("GET", "/file") }
        #expect(during.status == 200 && during.body == Self.body)
        #expect(during.header("connection")?.lowercased() == "close", "a draining server closes kept-alive connections")
        #expect(try await slow.value.text == "slow")
        await stopping.value
    }

    @Test func testInit_whenAHeaderValueHasALineBreak_refuses() {
        #expect(PreparedResponse(status: 200, headers: HTTPHeaders([("X-A", "one\r\nX-B: two")]), body: []) == nil)
        #expect(PreparedResponse(status: 42, headers: HTTPHeaders(), body: []) == nil)
        #expect(PreparedResponse(status: 304, headers: HTTPHeaders([("ETag", "\"v1\"")]), body: []) != nil)
    }
}
