import HTTPCore
import Shared
import Synchronization
import TestSupport
import Testing

/// `RouteOptions.authenticate`: the header-phase check that answers before any body byte is read.
@Suite(.ownThread) struct HTTPServerAuthenticateTests {
    private final class Calls: Sendable {
        let handler = Atomic<Int>(0)
        let check = Atomic<Int>(0)
    }

    private func server(_ calls: Calls) throws -> LiveServer {
        let options = RouteOptions(bodyLimit: 4 << 20) { head in
            calls.check.add(1, ordering: .relaxed)
            guard head.body.count == 0, head.headers["authorization"] == "Bearer good" else {
                throw AppError(.unauthorized, status: 401, "missing or invalid credentials",
                               headers: [("WWW-Authenticate", "Bearer")])
            }
            return "alice:" + head.parameter("name")
        }
        return try LiveServer.start { r in
            r.async(.post, "/upload/:name", options: options) { req in
                calls.handler.add(1, ordering: .relaxed)
                let who = req.authenticated as? String ?? "nobody"
                return .text("\(who) sent \(req.body.count) bytes")
            }
        }
    }

    @Test func testAuthenticate_whenHeadIsRejected_answers401BeforeTheBody() async throws {
        let calls = Calls()
        let live = try server(calls)
        let (response, closed) = try await blocking {
            let c = try live.connect()
            // Announce 4 MiB and send none of it: the 401 must not wait for the upload.
            try c.send("POST /upload/x HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer bad\r\nContent-Length: 4194304\r\n\r\n")
            let r = try c.readResponse()
            return (r, c.waitForClose())
        }
        #expect(response.status == 401)
        #expect(response.errorCode == "unauthorized")
        #expect(response.header("www-authenticate") == "Bearer")
        #expect(closed, "the unread body makes the connection unusable, so the server closes it")
        #expect(calls.handler.load(ordering: .relaxed) == 0)
        #expect(calls.check.load(ordering: .relaxed) == 1)
    }

    @Test func testAuthenticate_whenAccepted_handlerReceivesTheResultAndTheBody() async throws {
        let calls = Calls()
        let live = try server(calls)
        let body = [UInt8](repeating: 0x61, count: 100_000)
        let r = try await blocking {
            try live.request("POST", "/upload/a%20b", headers: [("Authorization", "Bearer good")], body: body)
        }
        #expect(r.status == 200)
        #expect(r.text == "alice:a b sent 100000 bytes")
        #expect(calls.check.load(ordering: .relaxed) == 1)
    }

    @Test func testAuthenticate_whenRejectedWithoutBody_keepsTheConnectionUsable() async throws {
        let calls = Calls()
        let live = try server(calls)
        let (first, second) = try await blocking {
            let c = try live.connect()
            let a = try c.request("POST", "/upload/x")
            let b = try c.request("POST", "/upload/x", headers: [("Authorization", "Bearer good")], body: Array("hi".utf8))
            return (a, b)
        }
        #expect(first.status == 401)
        #expect(second.status == 200 && second.text == "alice:x sent 2 bytes")
    }
}
