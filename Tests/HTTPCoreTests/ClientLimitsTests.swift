import Foundation
import HTTPCore
import Shared
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite(.ownThread) struct ClientLimitsTests {
    @Test func testTimeout_whenServerAnswersTooLate() async throws {
        let server = try ClientTestServer { _ in ClientTestServer.Response(hang: true) }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        let error = await ClientTestSupport.appError {
            _ = try await client.execute(HTTPClientRequest(url: server.url, timeout: .milliseconds(300)))
        }
        #expect(error?.code == .timeout)
        #expect(error?.httpStatus == 504)
        #expect(error?.message.contains("request to") == true)
        #expect(await server.wait { $0.closedByClient == 1 })  // the client hung up
        await client.shutdown()
    }

    @Test func testTimeout_whenBodyTrickles() async throws {
        let server = try ClientTestServer { _ in
            ClientTestServer.Response(body: ClientTestSupport.bytes(64), chunkSize: 1, chunkDelay: .milliseconds(50))
        }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        let error = await ClientTestSupport.appError {
            _ = try await client.execute(HTTPClientRequest(url: server.url, timeout: .milliseconds(300)))
        }
        #expect(error?.code == .timeout)
        await client.shutdown()
    }

    @Test func testConnectTimeout_whenBacklogIsFull() async throws {
        // A listener that never accepts, with its backlog filled: further SYNs are dropped, so a
        // connect never completes.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p -> Int32 in
                bind(listener, p, length)
                listen(listener, 0)
                return getsockname(listener, p, &length)
            }
        }
        var fillers: [Int32] = []
        defer { fillers.forEach { close($0) } }
        for _ in 0..<4 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            _ = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
            }
            fillers.append(fd)
        }
        try await Task.sleep(for: .milliseconds(100))
        let port = Int(UInt16(bigEndian: addr.sin_port))
        let client = ClientTestSupport.makeClient()
        let error = await ClientTestSupport.appError {
            _ = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/", timeout: .seconds(10),
                                                           connectTimeout: .milliseconds(300)))
        }
        #expect(error?.code == .timeout)
        #expect(error?.message.contains("connecting") == true)
        await client.shutdown()
    }

    @Test func testResponseTooLarge_whenBodyExceedsCap() async throws {
        let total = 8 << 20
        let server = try ClientTestServer { _ in
            ClientTestServer.Response(body: ClientTestSupport.bytes(total), chunkSize: 16 << 10, contentLength: false)
        }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        let error = await ClientTestSupport.appError {
            _ = try await client.execute(HTTPClientRequest(url: server.url, maxResponseBytes: 100_000))
        }
        #expect(error?.code == .responseTooLarge)
        // The client aborted early: the server could not write the whole body.
        #expect(await server.wait { $0.closedByClient == 1 })
        #expect(server.bytesSent < total)
        await client.shutdown()
    }

    @Test func testResponseTooLarge_whenContentLengthAnnouncesMore() async throws {
        // The head announces 10 MB and the body never comes: only the announced length can end
        // this before the (long) timeout.
        let server = try ClientTestServer { _ in
            ClientTestServer.Response(headers: [("Content-Length", "10000000")], hangAfterHead: true)
        }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        let error = await ClientTestSupport.appError {
            _ = try await client.execute(HTTPClientRequest(url: server.url, timeout: .seconds(30), maxResponseBytes: 1000))
        }
        #expect(error?.code == .responseTooLarge)
        #expect(error?.message.contains("announces") == true)
        await client.shutdown()
    }

    @Test func testAcceptBody_whenExactlyAtCap() async throws {
        let body = ClientTestSupport.bytes(4096)
        let server = try ClientTestServer { _ in ClientTestServer.Response(body: body) }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        let response = try await client.execute(HTTPClientRequest(url: server.url, maxResponseBytes: 4096))
        #expect(response.body == body)
        await client.shutdown()
    }

    @Test func testResponseTooLarge_whenHeadIsHuge() async throws {
        let server = try ClientTestServer { _ in
            ClientTestServer.Response(headers: (0..<200).map { ("X-Filler-\($0)", String(repeating: "x", count: 500)) })
        }
        defer { server.stop() }
        let client = ClientTestSupport.makeClient { $0.maxResponseHeadBytes = 16 << 10 }
        let error = await ClientTestSupport.appError { _ = try await client.execute(HTTPClientRequest(url: server.url)) }
        #expect(error?.code == .responseTooLarge)
        await client.shutdown()
    }
}
