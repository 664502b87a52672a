import Foundation
import HTTPCore
@testable import Runner
import ServiceKit
import Shared
import TestSupport
import Testing

/// The production resolver (`getaddrinfo` on the runner's resolver pool): names from
/// /etc/hosts only (`localhost`), so no DNS query leaves the machine. Its answers pass the same
/// address rules as the static table's.
@Suite(.serialized, .ownThread) struct SystemResolverTests {
    @Test func testResolve_whenNameIsInHostsFile_answersItsLoopbackAddresses() async throws {
        let pool = BlockingPool(name: "resolver-test", threads: 1, queueLimit: 4, metrics: MetricsRegistry())
        defer { pool.shutdown() }
        let resolver = HTTPClientSystemResolver(pool: pool)
        let localhost = try await resolver.resolve(host: "localhost", port: 80)
        #expect(!localhost.isEmpty)
        #expect(localhost.allSatisfy { $0.addressClass == .loopback }, "\(localhost)")
        #expect(try await resolver.resolve(host: "127.0.0.1", port: 80) == [try #require(HTTPClientAddress("127.0.0.1"))])
    }

    @Test func testFetch_whenResolvedBySystemResolver_followsTheOperatorsLoopbackSetting() async throws {
        let server = try EgressTestServer(label: "S")
        for allowLoopback in [true, false] {
            let runner = try InProcessRunner { s in
                s.capabilities.egressStaticHosts = [:]
                s.capabilities.egressAllowLoopback = allowLoopback
            }
            #expect(runner.runner.capabilities.resolverPool != nil, "no static table: the system resolver is in use")
            let hash = try await runner.store("caps-probe-c")
            let before = runner.egress
            let report = await runner.execute(Probe.request(hash, commands: ["fetch " + Probe.head("http://localhost:\(server.port)/hello")],
                                                            egress: ["http://localhost:\(server.port)"]))
            let line = Probe.lines(report).first ?? ""
            if allowLoopback {
                #expect(line == "fetch ok status=200 len=12 body=hello from S", "\(line)")
            } else {
                #expect(line.hasPrefix("fetch forbidden | http.fetch: forbidden: no address of"), "\(line)")
                #expect(runner.egress.socketsOpened == before.socketsOpened)
            }
            await runner.close()
        }
        #expect(server.hits("/hello") == 1, "only the run that allows loopback reached the server")
        await server.stop()
    }
}
