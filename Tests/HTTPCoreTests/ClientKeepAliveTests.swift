import HTTPCore
import Shared
import TestSupport
import Testing

@Suite(.ownThread) struct ClientKeepAliveTests {
    @Test func testReuseConnection_whenRequestsFollowEachOther() async throws {
        let server = try ClientTestServer { request in .text("n=\(request.target)") }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        for i in 0..<20 {
            let response = try await client.execute(HTTPClientRequest(url: server.url + "/\(i)"))
            #expect(String(decoding: response.body, as: UTF8.self) == "n=/\(i)")
            #expect(response.connection.newConnections == (i == 0 ? 1 : 0))
        }
        #expect(server.acceptedConnections == 1)
        #expect(Set(server.requests.map(\.connection)).count == 1)
        #expect(client.statistics.socketsOpened == 1)
        #expect(client.statistics.transfersFinished == 20)
        await client.shutdown()
        #expect(client.statistics.socketsClosed == 1)
    }

    @Test func testNewConnection_whenServerCloses() async throws {
        let server = try ClientTestServer { _ in
            var r = ClientTestServer.Response.text("bye")
            r.close = true
            return r
        }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        for _ in 0..<5 { _ = try await client.execute(HTTPClientRequest(url: server.url)) }
        #expect(server.acceptedConnections == 5)
        await client.shutdown()
        #expect(client.statistics.socketsClosed == client.statistics.socketsOpened)
    }

    @Test func testPoolConnections_whenRequestsRunConcurrently() async throws {
        let server = try ClientTestServer { _ in
            var r = ClientTestServer.Response.text("ok")
            r.delay = .milliseconds(50)
            return r
        }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient { $0.maxConnectionsPerHost = 4 }
        for _ in 0..<3 {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 { group.addTask { try await client.execute(HTTPClientRequest(url: server.url)).status } }
                for try await status in group { #expect(status == 200) }
            }
        }
        // 24 requests, at most 4 at a time per host, and the pool is reused between rounds.
        #expect(server.requests.count == 24)
        #expect(server.acceptedConnections <= 4)
        await client.shutdown()
    }
}
