import HTTPCore
import Shared
import TestSupport
import Testing

@Suite(.ownThread) struct ClientCancellationTests {
    @Test func testCancel_whenTaskIsCancelledWhileWaiting() async throws {
        let server = try ClientTestServer { _ in ClientTestServer.Response(hang: true) }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        let task = Task { try await client.execute(HTTPClientRequest(url: server.url, timeout: .seconds(30))) }
        #expect(await server.wait { $0.requests.count == 1 })
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        // The transfer was removed: its connection is closed, not left waiting for the answer.
        #expect(await server.wait { $0.closedByClient == 1 })
        #expect(client.statistics.socketsClosed == 1)
        await client.shutdown()
    }

    @Test func testCancel_whenCancelledBeforeStart() async throws {
        let server = try ClientTestServer { _ in .text("never") }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.execute(HTTPClientRequest(url: server.url))
        }
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(server.acceptedConnections == 0)
        await client.shutdown()
    }

    @Test func testCancel_whenStreamingReaderStopsEarly() async throws {
        let total = 16 << 20
        let server = try ClientTestServer { _ in ClientTestServer.Response(body: ClientTestSupport.bytes(total)) }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient { $0.streamBufferBytes = 64 << 10 }
        let firstChunk = try await client.withStreamingResponse(HTTPClientRequest(url: server.url)) { response in
            #expect(response.status == 200)
            return try await response.nextChunk()
        }
        #expect(firstChunk?.isEmpty == false)
        #expect(await server.wait { $0.closedByClient == 1 })
        #expect(server.bytesSent < total)
        // The client keeps working afterwards on a new connection.
        let again = try await client.execute(HTTPClientRequest(url: server.url, maxResponseBytes: Int64(total)))
        #expect(again.body.count == total)
        #expect(server.acceptedConnections == 2)
        await client.shutdown()
    }
}
