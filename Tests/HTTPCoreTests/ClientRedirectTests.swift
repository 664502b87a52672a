import HTTPCore
import Shared
import Synchronization
import TestSupport
import Testing

@Suite(.ownThread) struct ClientRedirectTests {
    @Test func testReturnRedirect_whenNotAsked() async throws {
        let server = try ClientTestServer { request in
            request.target == "/old"
                ? ClientTestServer.Response(status: 302, headers: [("Location", "/new")], body: Array("moved".utf8))
                : .text("new")
        }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        let response = try await client.execute(HTTPClientRequest(url: server.url + "/old"))
        #expect(response.status == 302)
        #expect(response.head.redirectLocation == server.url + "/new")
        #expect(String(decoding: response.body, as: UTF8.self) == "moved")
        #expect(server.requests.map(\.target) == ["/old"])
        await client.shutdown()
    }

    @Test func testFollow_whenHookApprovesEachHop() async throws {
        let server = try ClientTestServer { request in
            switch request.target {
            case "/a": ClientTestServer.Response(status: 301, headers: [("Location", "/b")])
            case "/b": ClientTestServer.Response(status: 307, headers: [("Location", "/c?x=1")])
            default: .text("end \(request.method) \(String(decoding: request.body, as: UTF8.self))")
            }
        }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        let seen = Mutex<[HTTPClientRedirect]>([])
        let policy = HTTPClientRedirectPolicy.follow(max: 3) { hop in
            seen.withLock { $0.append(hop) }
            return true
        }
        let response = try await client.execute(HTTPClientRequest(method: "PUT", url: server.url + "/a",
                                                                  body: .bytes(Array("data".utf8)), redirects: policy))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "end PUT data")  // 301/307 keep PUT and its body
        #expect(response.head.url == server.url + "/c?x=1")
        let hops = seen.withLock { $0 }
        #expect(hops.map(\.hop) == [1, 2])
        #expect(hops.map(\.status) == [301, 307])
        #expect(hops.map(\.to) == [server.url + "/b", server.url + "/c?x=1"])
        #expect(hops.map(\.from) == [server.url + "/a", server.url + "/b"])
        await client.shutdown()
    }

    @Test func testStop_whenHookRefuses() async throws {
        let server = try ClientTestServer { _ in ClientTestServer.Response(status: 302, headers: [("Location", "http://10.0.0.1/x")]) }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        let response = try await client.execute(HTTPClientRequest(url: server.url + "/", redirects: .follow { _ in false }))
        #expect(response.status == 302)
        #expect(response.head.redirectLocation == "http://10.0.0.1/x")
        #expect(client.statistics.socketsOpened == 1)  // never connected to the target

        let denied = await ClientTestSupport.appError {
            _ = try await client.execute(HTTPClientRequest(url: server.url + "/", redirects: .follow { hop in
                throw AppError(.egressDenied, status: 403, "\(hop.to) is not allowed")
            }))
        }
        #expect(denied?.code == .egressDenied)
        await client.shutdown()
    }

    @Test func testTooManyRedirects_whenLoop() async throws {
        let server = try ClientTestServer { _ in ClientTestServer.Response(status: 302, headers: [("Location", "/loop")]) }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        let error = await ClientTestSupport.appError {
            _ = try await client.execute(HTTPClientRequest(url: server.url + "/loop", redirects: .follow(max: 4) { _ in true }))
        }
        #expect(error?.code == .tooManyRedirects)
        #expect(server.requests.count == 5)
        await client.shutdown()
    }

    @Test func testSeeOther_whenPostRedirectsCrossOrigin() async throws {
        let target = try ClientTestServer { request in .text("\(request.method) \(request.body.count)") }
        defer { target.stop() }
        let origin = try ClientTestServer { _ in
            ClientTestServer.Response(status: 303, headers: [("Location", "http://localhost:\(target.port)/done")])
        }
        defer { origin.stop() }
        let client = ClientTestSupport.makeClient()
        let response = try await client.execute(HTTPClientRequest(
            method: "POST", url: origin.url + "/form",
            headers: ["Authorization": "Bearer secret", "Content-Type": "text/plain", "X-Keep": "1"],
            body: .bytes(Array("payload".utf8)), redirects: .follow { _ in true }))
        #expect(String(decoding: response.body, as: UTF8.self) == "GET 0")
        let followed = try #require(target.requests.first)
        #expect(followed.header("Authorization") == nil)  // credentials stay with their origin
        #expect(followed.header("Content-Type") == nil)
        #expect(followed.header("X-Keep") == "1")
        #expect(origin.requests.first?.header("Authorization") == "Bearer secret")
        await client.shutdown()
    }
}
