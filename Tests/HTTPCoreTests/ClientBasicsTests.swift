import Foundation
import HTTPCore
import Shared
import TestSupport
import Testing

@Suite(.ownThread) struct ClientBasicsTests {
    @Test func testGet_whenServerAnswers() async throws {
        let server = try ClientTestServer { request in
            var r = ClientTestServer.Response.text("hello \(request.target)")
            r.headers.append(("X-Test", "a"))
            r.headers.append(("X-Test", "b"))
            return r
        }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        let response = try await client.execute(HTTPClientRequest(url: server.url + "/path?q=1"))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "hello /path?q=1")
        #expect(response.headers["content-type"] == "text/plain")
        #expect(response.headers.values("x-test") == ["a", "b"])
        #expect(response.connection.remoteAddress == "127.0.0.1")
        #expect(response.connection.remotePort == server.port)
        await client.shutdown()
    }

    @Test func testSendBody_whenBytesOrFile() async throws {
        let server = try ClientTestServer { request in
            ClientTestServer.Response(status: 201, body: request.body)
        }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        let payload = ClientTestSupport.bytes(3 << 20)  // above libcurl's Expect: 100-continue threshold

        let post = try await client.execute(HTTPClientRequest(method: "POST", url: server.url + "/post",
                                                              headers: ["Content-Type": "application/octet-stream"],
                                                              body: .bytes(Array(payload.prefix(1000)))))
        #expect(post.status == 201)
        #expect(post.body == Array(payload.prefix(1000)))

        let path = NSTemporaryDirectory() + "client-body-\(UUID().uuidString)"
        try Data(payload).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let put = try await client.execute(HTTPClientRequest(method: "PUT", url: server.url + "/put", body: .file(path: path)))
        #expect(put.status == 201)
        #expect(put.body == payload)

        let patch = try await client.execute(HTTPClientRequest(method: "PATCH", url: server.url + "/patch", body: .bytes([1, 2, 3])))
        #expect(patch.body == [1, 2, 3])

        let requests = server.requests
        #expect(requests.map(\.method) == ["POST", "PUT", "PATCH"])
        #expect(requests[0].header("Content-Type") == "application/octet-stream")
        #expect(requests[2].header("Content-Type") == nil)  // no made-up form content type
        #expect(requests[1].header("Content-Length") == String(payload.count))
        #expect(requests[0].header("Expect") == nil)  // small bodies go without waiting for 100
        #expect(requests[1].header("Expect") == "100-continue")
        await client.shutdown()
    }

    @Test func testHeadAndDelete_whenNoBody() async throws {
        let server = try ClientTestServer { request in
            request.method == "HEAD"
                ? ClientTestServer.Response(status: 200, headers: [("Content-Length", "12345")])
                : ClientTestServer.Response(status: 204)
        }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        let head = try await client.execute(HTTPClientRequest(method: "HEAD", url: server.url + "/x", maxResponseBytes: 10))
        #expect(head.status == 200)
        #expect(head.headers["Content-Length"] == "12345")  // a HEAD's length is not a body to cap
        let delete = try await client.execute(HTTPClientRequest(method: "DELETE", url: server.url + "/x"))
        #expect(delete.status == 204)
        #expect(server.requests.map(\.method) == ["HEAD", "DELETE"])
        await client.shutdown()
    }

    @Test func testParse_whenInterimResponseAndTrailersArrive() async throws {
        let server = try ClientTestServer { request in
            let text = request.target == "/chunked"
                ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Head: h\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"
                : "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n"
                    + "X-Folded: a\r\n  b\r\n\r\nok"
            return ClientTestServer.Response(raw: Array(text.utf8))
        }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        let chunked = try await client.execute(HTTPClientRequest(url: server.url + "/chunked"))
        #expect(chunked.status == 200)
        #expect(String(decoding: chunked.body, as: UTF8.self) == "hello world")
        #expect(chunked.headers["X-Head"] == "h")
        #expect(chunked.headers["X-Trailer"] == nil)  // trailers are not head fields
        let interim = try await client.execute(HTTPClientRequest(url: server.url + "/interim"))
        #expect(interim.status == 201)
        #expect(interim.headers["X-Folded"] == "a b")
        #expect(String(decoding: interim.body, as: UTF8.self) == "ok")
        #expect(server.acceptedConnections == 1)
        await client.shutdown()
    }

    @Test func testReject_whenURLOrHeaderInvalid() async throws {
        let client = ClientTestSupport.makeClient()
        for url in ["ftp://127.0.0.1/x", "not a url", "http://user:secret@127.0.0.1:1/", "file:///etc/passwd"] {
            let error = await ClientTestSupport.appError { _ = try await client.execute(HTTPClientRequest(url: url)) }
            #expect(error?.code == .invalidURL, "\(url)")
        }
        let injected = await ClientTestSupport.appError {
            _ = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:1/", headers: ["X-A": "v\r\nX-Injected: 1"]))
        }
        #expect(injected?.code == .invalidHeader)
        let badName = await ClientTestSupport.appError {
            _ = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:1/", headers: ["Bad Name": "v"]))
        }
        #expect(badName?.code == .invalidHeader)
        #expect(client.statistics.socketsOpened == 0)
        await client.shutdown()
    }

    @Test func testConnectFailed_whenNothingListens() async throws {
        let server = try ClientTestServer { _ in .text("") }
        let port = server.port
        server.stop()  // the port is now closed
        let client = ClientTestSupport.makeClient()
        let error = await ClientTestSupport.appError {
            _ = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/"))
        }
        #expect(error?.code == .connectFailed)
        #expect(error?.httpStatus == 502)
        await client.shutdown()
    }

    @Test func testTLSError_whenServerSpeaksPlainHTTP() async throws {
        let server = try ClientTestServer(greeting: Array("HTTP/1.1 400 Bad Request\r\n\r\n".utf8)) { _ in .text("") }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        let error = await ClientTestSupport.appError {
            _ = try await client.execute(HTTPClientRequest(url: "https://127.0.0.1:\(server.port)/"))
        }
        #expect(error?.code == .tlsError)
        await client.shutdown()
    }

    @Test func testShutdown_whenRequestsRunOrFollow() async throws {
        let server = try ClientTestServer { _ in ClientTestServer.Response(hang: true) }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        async let pending: Void = {
            let error = await ClientTestSupport.appError {
                _ = try await client.execute(HTTPClientRequest(url: server.url + "/hang"))
            }
            #expect(error?.code == .clientShutdown)
        }()
        #expect(await server.wait { $0.requests.count == 1 })
        await client.shutdown()
        await pending
        let after = await ClientTestSupport.appError { _ = try await client.execute(HTTPClientRequest(url: server.url)) }
        #expect(after?.code == .clientShutdown)
        let stats = client.statistics
        #expect(stats.socketsOpened == 1)
        #expect(stats.socketsClosed == stats.socketsOpened)  // nothing leaked
    }
}
