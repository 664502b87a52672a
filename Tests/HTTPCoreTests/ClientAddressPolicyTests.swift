import HTTPCore
import Shared
import TestSupport
import Testing

/// The egress mechanism: a per-request resolver and address policy, enforced where libcurl opens
/// sockets. A dual-stack test server (127.0.0.1 and ::1 on one port) shows from the server's side
/// which address was used and that refused addresses never saw a connection.
@Suite(.ownThread) struct ClientAddressPolicyTests {
    static let v4 = HTTPClientAddress("127.0.0.1")!
    static let v6 = HTTPClientAddress("::1")!

    static func policy(resolvesTo addresses: [HTTPClientAddress], allowing allowed: Set<HTTPClientAddress>,
                       port: Int? = nil) -> HTTPClientAddressPolicy {
        HTTPClientAddressPolicy(resolver: HTTPClientStaticResolver(["svc.test": addresses])) { address, p in
            allowed.contains(address) && (port == nil || p == port)
        }
    }

    static func familyServer() throws -> ClientTestServer {
        try ClientTestServer(families: [.ipv4, .ipv6]) { request in .text(request.family == .ipv4 ? "v4" : "v6") }
    }

    @Test func testConnectIPv4_whenOnlyIPv4IsApproved() async throws {
        let server = try Self.familyServer()
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        let response = try await client.execute(HTTPClientRequest(
            url: "http://svc.test:\(server.port)/", addressPolicy: Self.policy(resolvesTo: [Self.v6, Self.v4], allowing: [Self.v4])))
        #expect(String(decoding: response.body, as: UTF8.self) == "v4")
        #expect(response.connection.remoteAddress == "127.0.0.1")
        #expect(response.connection.socketsRefused == 1)
        #expect(server.accepted(.ipv6) == 0)
        #expect(server.accepted(.ipv4) == 1)
        #expect(client.statistics.socketsRefused == 1)
        #expect(client.statistics.socketsOpened == 1)
        await client.shutdown()
    }

    @Test func testConnectIPv6_whenOnlyIPv6IsApproved() async throws {
        let server = try Self.familyServer()
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        let response = try await client.execute(HTTPClientRequest(
            url: "http://svc.test:\(server.port)/", addressPolicy: Self.policy(resolvesTo: [Self.v4, Self.v6], allowing: [Self.v6])))
        #expect(String(decoding: response.body, as: UTF8.self) == "v6")
        #expect(response.connection.remoteAddress == "::1")
        #expect(response.connection.socketsRefused == 1)
        #expect(server.accepted(.ipv4) == 0)
        await client.shutdown()
    }

    @Test func testEgressDenied_whenNoAddressIsApproved() async throws {
        let server = try Self.familyServer()
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        let error = await ClientTestSupport.appError {
            _ = try await client.execute(HTTPClientRequest(
                url: "http://svc.test:\(server.port)/", addressPolicy: Self.policy(resolvesTo: [Self.v6, Self.v4], allowing: [])))
        }
        #expect(error?.code == .egressDenied)
        #expect(error?.httpStatus == 403)
        #expect(client.statistics.socketsRefused == 2)
        #expect(client.statistics.socketsOpened == 0)  // zero sockets opened
        #expect(server.acceptedConnections == 0)
        await client.shutdown()
    }

    @Test func testEgressDenied_whenLiteralOrPortIsNotApproved() async throws {
        let server = try Self.familyServer()
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        let literal = await ClientTestSupport.appError {
            _ = try await client.execute(HTTPClientRequest(
                url: "http://[::1]:\(server.port)/", addressPolicy: Self.policy(resolvesTo: [], allowing: [Self.v4])))
        }
        #expect(literal?.code == .egressDenied)
        let port = await ClientTestSupport.appError {
            _ = try await client.execute(HTTPClientRequest(
                url: "http://svc.test:\(server.port)/",
                addressPolicy: Self.policy(resolvesTo: [Self.v4], allowing: [Self.v4], port: server.port + 1)))
        }
        #expect(port?.code == .egressDenied)
        #expect(client.statistics.socketsOpened == 0)
        #expect(server.acceptedConnections == 0)
        await client.shutdown()
    }

    @Test func testDNSFailed_whenResolverKnowsNothing() async throws {
        let client = ClientTestSupport.makeClient()
        let error = await ClientTestSupport.appError {
            _ = try await client.execute(HTTPClientRequest(
                url: "http://unknown.test:80/", addressPolicy: Self.policy(resolvesTo: [Self.v4], allowing: [Self.v4])))
        }
        #expect(error?.code == .dnsFailed)
        await client.shutdown()
    }

    struct SlowResolver: HTTPClientResolver {
        func resolve(host: String, port: Int) async throws -> [HTTPClientAddress] {
            try await Task.sleep(for: .seconds(30))
            return [ClientAddressPolicyTests.v4]
        }
    }

    @Test func testTimeout_whenResolverIsSlow() async throws {
        let client = ClientTestSupport.makeClient()
        let policy = HTTPClientAddressPolicy(resolver: SlowResolver()) { _, _ in true }
        let error = await ClientTestSupport.appError {
            _ = try await client.execute(HTTPClientRequest(url: "http://slow.test:80/", timeout: .milliseconds(200),
                                                           addressPolicy: policy))
        }
        #expect(error?.code == .timeout)
        #expect(error?.message.contains("resolving slow.test") == true)
        #expect(client.statistics.socketsOpened == 0)
        await client.shutdown()
    }

    @Test func testFreshConnection_whenPooledConnectionGoesElsewhere() async throws {
        let server = try Self.familyServer()
        defer { server.stop() }
        let client = ClientTestSupport.makeClient()
        let url = "http://svc.test:\(server.port)/"
        // First request leaves a keep-alive connection to svc.test via 127.0.0.1 in the pool.
        let first = try await client.execute(HTTPClientRequest(
            url: url, addressPolicy: Self.policy(resolvesTo: [Self.v4], allowing: [Self.v4])))
        #expect(String(decoding: first.body, as: UTF8.self) == "v4")
        // Second request for the same host may only use ::1: the pooled connection is refused.
        let second = try await client.execute(HTTPClientRequest(
            url: url, addressPolicy: Self.policy(resolvesTo: [Self.v6], allowing: [Self.v6])))
        #expect(String(decoding: second.body, as: UTF8.self) == "v6")
        #expect(client.statistics.reusesRefused == 1)
        #expect(server.requests.map(\.family) == [.ipv4, .ipv6])
        // Third request approves both: a pooled connection is reused, nothing new is opened.
        let third = try await client.execute(HTTPClientRequest(
            url: url, addressPolicy: Self.policy(resolvesTo: [Self.v4, Self.v6], allowing: [Self.v4, Self.v6])))
        #expect(third.status == 200)
        #expect(third.connection.newConnections == 0)
        #expect(server.acceptedConnections == 2)
        #expect(client.statistics.reusesRefused == 1)
        await client.shutdown()
    }

    @Test func testRecheck_whenRedirectLeadsToRefusedAddress() async throws {
        let target = try ClientTestServer(families: [.ipv6]) { _ in .text("reached") }
        defer { target.stop() }
        let origin = try ClientTestServer { _ in
            ClientTestServer.Response(status: 302, headers: [("Location", "http://internal.test:\(target.port)/")])
        }
        defer { origin.stop() }
        let client = ClientTestSupport.makeClient()
        let resolver = HTTPClientStaticResolver(["public.test": [Self.v4], "internal.test": [Self.v6]])
        let policy = HTTPClientAddressPolicy(resolver: resolver) { address, _ in address == Self.v4 }
        let error = await ClientTestSupport.appError {
            _ = try await client.execute(HTTPClientRequest(url: "http://public.test:\(origin.port)/",
                                                           redirects: .follow { _ in true }, addressPolicy: policy))
        }
        #expect(error?.code == .egressDenied)
        #expect(origin.requests.count == 1)
        #expect(target.acceptedConnections == 0)
        await client.shutdown()
    }

    @Test func testAddressParsing_whenTextVaries() {
        #expect(HTTPClientAddress("::1") == HTTPClientAddress("0:0:0:0:0:0:0:1"))
        #expect(HTTPClientAddress("[::1]")?.description == "::1")
        #expect(HTTPClientAddress("127.0.0.1")?.isLoopback == true)
        #expect(HTTPClientAddress("10.0.0.1")?.isLoopback == false)
        #expect(HTTPClientAddress("svc.test") == nil)
        #expect(HTTPClientAddress("256.1.1.1") == nil)
    }
}
