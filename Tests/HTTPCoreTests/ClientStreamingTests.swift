import Foundation
import HTTPCore
import Shared
import TestSupport
import Testing

@Suite(.ownThread) struct ClientStreamingTests {
    @Test func testStream_whenBodyIsLargerThanBuffer() async throws {
        let body = ClientTestSupport.bytes(20 << 20)
        let server = try ClientTestServer { _ in ClientTestServer.Response(body: body) }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient { $0.streamBufferBytes = 128 << 10 }
        let request = HTTPClientRequest(url: server.url, maxResponseBytes: 32 << 20)
        let (count, digest, chunks) = try await client.withStreamingResponse(request) { response in
            let hasher = SHA256()
            var count = 0
            var chunks = 0
            try await response.forEachChunk { chunk in
                hasher.update(chunk)
                count += chunk.count
                chunks += 1
            }
            return (count, hasher.finalize(), chunks)
        }
        #expect(count == body.count)
        #expect(digest == SHA256.hash(body))
        #expect(chunks > 1)
        await client.shutdown()
    }

    @Test func testStreamError_whenCapIsExceededMidway() async throws {
        let server = try ClientTestServer { _ in
            ClientTestServer.Response(body: ClientTestSupport.bytes(1 << 20), contentLength: false)
        }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        var received = 0
        let error = await ClientTestSupport.appError {
            try await client.withStreamingResponse(HTTPClientRequest(url: server.url, maxResponseBytes: 200_000)) { response in
                while let chunk = try await response.nextChunk() { received += chunk.count }
            }
        }
        #expect(error?.code == .responseTooLarge)
        #expect(received <= 200_000)
        await client.shutdown()
    }

    @Test func testHeadFirst_whenBodyIsSlow() async throws {
        let server = try ClientTestServer { _ in
            ClientTestServer.Response(status: 202, headers: [("X-Early", "yes"), ("Content-Length", "1000")],
                                      hangAfterHead: true)
        }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        let status = try await client.withStreamingResponse(HTTPClientRequest(url: server.url)) { response in
            #expect(response.headers["X-Early"] == "yes")
            return response.status
        }
        #expect(status == 202)
        #expect(await server.wait { $0.closedByClient == 1 })
        await client.shutdown()
    }

    @Test func testDownload_whenWritingToFile() async throws {
        let body = ClientTestSupport.bytes(3 << 20)
        let server = try ClientTestServer { _ in ClientTestServer.Response(body: body) }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        let path = NSTemporaryDirectory() + "client-download-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let response = try await client.download(HTTPClientRequest(url: server.url), to: path)
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(body))

        let capped = await ClientTestSupport.appError {
            _ = try await client.download(HTTPClientRequest(url: server.url, maxResponseBytes: 1000), to: path)
        }
        #expect(capped?.code == .responseTooLarge)
        #expect(!FileManager.default.fileExists(atPath: path))  // no partial file left behind
        await client.shutdown()
    }
}
