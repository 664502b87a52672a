import Foundation
import HTTPCore
import Shared
import TestSupport
import Testing

@Suite(.ownThread) struct HTTPServerBodyTests {
    private func echoServer() throws -> LiveServer {
        try LiveServer.start(configure: { $0.defaultBodyLimit = 4096 }) { r in
            r.async(.post, "/echo", options: RouteOptions(bodyLimit: 64 * 1024)) { req in .bytes(try req.body.readAll()) }
            r.async(.post, "/default") { req in .text("\(req.body.count)") }
            r.async(.post, "/spool", options: RouteOptions(bodyLimit: 1 << 20, spoolThreshold: 1024)) { req in
                guard case .file(let file) = req.body else { return .text("in memory") }
                let data = try Data(contentsOf: URL(fileURLWithPath: file.path))
                return HTTPResponse(status: 200, headers: ["x-spool-path": file.path],
                                    body: .bytes(SHA256.hash(Array(data))))
            }
            r.inline(.get, "/hello") { _ in .text("hi") }
        }
    }

    @Test func testBody_whenDeclaredLengthOverCap_answers413WithoutReadingIt() async throws {
        let live = try echoServer()
        let (response, closed) = try await blocking {
            let c = try live.connect()
            // Announce 1 MiB but send none of it: the answer must not wait for the body.
            try c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n")
            let r = try c.readResponse()
            return (r, c.waitForClose())
        }
        #expect(response.status == 413)
        #expect(response.errorCode == "payload_too_large")
        let error = response.json?["error"] as? [String: Any]
        #expect(error?["request_id"] as? String == response.header("x-request-id"))
        #expect(closed, "the unread body makes the connection unusable, so the server closes it")
        #expect(live.sample("http_body_limit_rejections_total") == 1)
    }

    @Test func testBody_whenOneMiBSentToSmallCap_serverStaysHealthy() async throws {
        let live = try echoServer()
        let status = try await blocking { () -> Int in
            let c = try live.connect()
            try c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n")
            let r = try c.readResponse()
            // Keep writing: the server may reset the connection; that is fine.
            _ = try? c.send([UInt8](repeating: 0x61, count: 1 << 20))
            return r.status
        }
        #expect(status == 413)
        let after = try await blocking { try live.request("GET", "/hello") }
        #expect(after.status == 200)
    }

    @Test func testBody_whenWithinCap_isDeliveredWhole() async throws {
        let live = try echoServer()
        let payload = (0..<60_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let r = try await blocking { try live.request("POST", "/echo", body: payload) }
        #expect(r.status == 200)
        #expect(r.body == payload)
    }

    @Test func testBody_whenRouteHasNoLimit_usesServerDefault() async throws {
        let live = try echoServer()
        let (small, large) = try await blocking {
            (try live.request("POST", "/default", body: [UInt8](repeating: 1, count: 4096)),
             try live.request("POST", "/default", body: [UInt8](repeating: 1, count: 4097)))
        }
        #expect(small.text == "4096")
        #expect(large.status == 413)
    }

    @Test func testBody_whenChunkedUploadExceedsCap_closesConnectionAndCounts() async throws {
        let live = try echoServer()
        let closed = try await blocking { () -> Bool in
            let c = try live.connect()
            try c.send("POST /default HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            let chunk = "1000\r\n" + String(repeating: "z", count: 4096) + "\r\n"
            try c.send(chunk + chunk)
            return c.waitForClose()
        }
        #expect(closed)
        #expect(await eventually { live.sample("http_body_limit_rejections_total") == 1 })
    }

    @Test func testBody_whenChunkedWithinCap_isReassembled() async throws {
        let live = try echoServer()
        let r = try await blocking { () -> RawHTTPConnection.Response in
            let c = try live.connect()
            try c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
            return try c.readResponse()
        }
        #expect(r.text == "hello world")
    }

    @Test func testBody_whenFramingIsAmbiguous_answers400AndCloses() async throws {
        let live = try echoServer()
        let requests = ["POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nAdaXY",
                        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"]
        for text in requests {
            let (response, closed) = try await blocking {
                let c = try live.connect()
                try c.send(text)
                let r = try c.readResponse()
                return (r, c.waitForClose())
            }
            #expect(response.status == 400 && response.errorCode == "bad_request", "\(text): \(response.status) \(response.text)")
            #expect(closed, "an ambiguous body leaves the connection unusable")
        }
        let same = try await blocking {
            try live.connect().request("POST", "/echo", headers: [("Content-Length", "3")], body: Array("Ada".utf8))
        }
        #expect(same.status == 200 && same.text == "Ada", "a repeated identical length is one length")
    }

    @Test func testBody_whenOverSpoolThreshold_reachesHandlerAsFileRemovedAfterwards() async throws {
        let live = try echoServer()
        let payload = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
        let r = try await blocking { try live.request("POST", "/spool", body: payload) }
        #expect(r.status == 200)
        #expect(r.body == SHA256.hash(payload))
        let path = try #require(r.header("x-spool-path"))
        #expect(await eventually { !FileManager.default.fileExists(atPath: path) }, "spool file must be removed")
        let small = try await blocking { try live.request("POST", "/spool", body: [1, 2, 3]) }
        #expect(small.text == "in memory")
    }
}
