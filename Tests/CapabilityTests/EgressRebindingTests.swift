import HTTPCore
@testable import Runner
import ServiceKit
import Shared
import TestSupport
import Testing

/// DNS rebinding against the egress client: the name answers a loopback (allowed in tests)
/// address first, then a private one. Each fetch resolves afresh and connects only to the
/// address it checked, so the private answer is refused before any socket, and the pooled
/// connection from the first fetch is not reused for it.
@Suite(.ownThread) struct EgressRebindingTests {
    @Test func testFetch_whenNameRebindsToAPrivateAddress_isRefusedAndThePooledConnectionIsNotReused() async throws {
        let server = try EgressTestServer(label: "R")
        let resolver = SequenceResolver([["127.0.0.1"], ["10.0.0.1"], ["::ffff:192.168.1.1"], ["127.0.0.1"]])
        let metrics = MetricsRegistry()
        let client = HTTPClient(logger: quietLogger())
        let egress = EgressClient(client: client, resolver: resolver, addressRules: EgressAddressRules(allowLoopback: true),
                                  metrics: EgressMetrics(registry: metrics))
        let url = "http://rebind.test:\(server.port)/hello"
        let allowlist = try EgressAllowlist(parsing: ["http://rebind.test:\(server.port)"])
        let limits = GuestLimits()
        let head = try FetchRequestHead(json: Array(Probe.head(url).utf8), limits: limits)
        func fetch() -> Result<EgressClient.Result, GuestCallError> {
            Result { () throws(GuestCallError) in try egress.fetch(head, body: [], allowlist: allowlist, timeoutMs: 5000, limits: limits) }
        }

        let first = fetch()
        #expect((try? first.get())?.body == Array("hello from R".utf8), "\(first)")
        let opened = client.statistics.socketsOpened
        #expect(opened == 1)
        for _ in 0..<2 {
            let rebound = fetch()
            guard case .failure(let error) = rebound else {
                Issue.record("a rebound name was fetched: \(rebound)")
                continue
            }
            #expect(error.code == .forbidden && error.reason.contains("no address of"), "\(error.reason)")
        }
        #expect(server.hits("/hello") == 1, "neither rebound fetch reached the server, not even over the pooled connection")
        #expect(client.statistics.socketsOpened == opened)
        let again = fetch()
        #expect((try? again.get())?.status == 200)
        #expect(server.hits("/hello") == 2)
        #expect(resolver.lookupCount == 4, "every fetch resolved afresh")
        await client.shutdown()
        await server.stop()
    }
}
