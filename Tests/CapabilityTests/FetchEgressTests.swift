import HTTPCore
@testable import Runner
import Shared
import TestSupport
import Testing

/// `alga.http.fetch` end to end in the runner: grants, the install's allowlist, the operator's
/// address rules (enforced where sockets are opened), redirects, budgets, timeouts and usage.
/// Every server is on 127.0.0.1; refused targets are addresses nothing listens on, refused
/// before any socket exists (the egress client's open-socket callback counts them).
@Suite(.serialized, .ownThread) struct FetchEgressTests {
    static let privateHosts = [
        "intranet.test=10.1.2.3", "lan.test=172.16.5.4", "home.test=192.168.1.1", "metadata.test=169.254.169.254",
        "ula.test=fd12::1", "ec2.test=fd00:ec2::254", "mapped.test=::ffff:10.0.0.1", "linklocal.test=fe80::1",
        "zero.test=0.0.0.0", "cgnat.test=100.64.1.1", "inside.test=10.0.0.7", "mixed.test=10.9.9.9|127.0.0.1",
    ]

    static func runner(allowLoopback: Bool = true, _ configure: (inout ExecutionSettings) -> Void = { _ in }) throws
        -> InProcessRunner
    {
        let hosts = try CapabilitySettings.hosts(privateHosts)
        return try InProcessRunner { s in
            s.capabilities.egressAllowLoopback = allowLoopback
            s.capabilities.egressStaticHosts = hosts
            configure(&s)
        }
    }

    @Test func testFetch_whenNotGranted_answersDeniedIsCountedAndLoggedWithTheRequestID() async throws {
        let runner = try Self.runner()
        let a = try EgressTestServer(label: "A")
        let hash = try await runner.store("caps-probe-c")
        let request = Probe.request(hash, commands: ["fetch " + Probe.head(a.url("/hello"))], grants: ["log"],
                                    egress: ["http://127.0.0.1:\(a.port)"])
        let report = await runner.execute(request)
        #expect(report.errorCode == nil, "\(report.response)")
        #expect(Probe.lines(report) == ["fetch denied | http.fetch: denied: the install has not granted 'http.fetch'"])
        #expect(a.totalHits == 0)
        #expect(runner.metric("runner_host_calls_denied_total") == 1)
        let logged = runner.logs.records.first { $0.message == "host call denied" }
        #expect(logged?.metadata["request.id"] == .string(request.context.requestID))
        #expect(logged?.metadata["ext.capability"] == .string("http.fetch"))

        // The pooled route's path checks the grant the same way.
        let now = try await runner.executeNow(Probe.request(hash, commands: ["fetch " + Probe.head(a.url("/hello"))], grants: ["log"],
                                                            egress: ["http://127.0.0.1:\(a.port)"]))
        #expect(now.map(Probe.lines) == ["fetch denied | http.fetch: denied: the install has not granted 'http.fetch'"])
        #expect(a.totalHits == 0)
        #expect(runner.metric("runner_host_calls_denied_total") == 2)
        await a.stop()
        await runner.close()
    }

    @Test func testFetch_whenAllowlisted_reachesOnlyTheListedLoopbackServer() async throws {
        let runner = try Self.runner()
        let a = try EgressTestServer(label: "A")
        let b = try EgressTestServer(label: "B")
        let hash = try await runner.store("caps-probe-c")
        let before = runner.egress
        let report = await runner.execute(Probe.request(hash, commands: [
            "fetch " + Probe.head(a.url("/hello")),
            "fetch " + Probe.head(b.url("/hello")),
            "fetch " + Probe.head("http://localhost:\(a.port)/hello"),
            "fetch " + Probe.head("https://127.0.0.1:\(a.port)/hello"),
        ], egress: ["http://127.0.0.1:\(a.port)"]))
        let lines = Probe.lines(report)
        #expect(lines.count == 4)
        #expect(lines.first == "fetch ok status=200 len=12 body=hello from A", "\(lines)")
        for line in lines.dropFirst() {
            #expect(line.hasPrefix("fetch forbidden | http.fetch: forbidden: ") && line.contains("not in the install's egress allowlist"),
                    "\(line)")
        }
        #expect(a.hits("/hello") == 1 && b.totalHits == 0)
        #expect(runner.egress.transfersStarted - before.transfersStarted == 1, "only the allowed fetch started a transfer")

        let none = await runner.execute(Probe.request(hash, commands: ["fetch " + Probe.head(a.url("/hello"))], egress: []))
        #expect(Probe.lines(none).first?.hasPrefix("fetch forbidden") == true, "an empty allowlist allows nothing")
        #expect(a.hits("/hello") == 1)
        await a.stop()
        await b.stop()
        await runner.close()
    }

    @Test func testFetch_whenTargetIsPrivateMetadataOrLinkLocal_isRefusedWithZeroSocketsOpened() async throws {
        let runner = try Self.runner()
        let hash = try await runner.store("caps-probe-c")
        let names = ["intranet.test", "lan.test", "home.test", "metadata.test", "ula.test", "ec2.test", "mapped.test",
                     "linklocal.test", "zero.test", "cgnat.test"]
        let literals = ["10.1.2.3", "172.16.5.4", "192.168.1.1", "169.254.169.254", "[fd12::1]", "[fd00:ec2::254]",
                        "[::ffff:10.0.0.1]", "[fe80::1]", "0.0.0.0"]
        let targets = names + literals
        let before = runner.egress
        // Two executions: one guest may fetch at most GuestLimits.fetches (16) times.
        var lines: [String] = []
        for group in [names, literals] {
            let report = await runner.execute(Probe.request(hash, commands: group.map { "fetch " + Probe.head("http://\($0)/latest") },
                                                            egress: group.map { "http://\($0)" }))
            lines += Probe.lines(report)
        }
        #expect(lines.count == targets.count)
        for (target, line) in zip(targets, lines) {
            #expect(line.hasPrefix("fetch forbidden | http.fetch: forbidden: no address of"), "\(target): \(line)")
        }
        let after = runner.egress
        #expect(after.socketsOpened == before.socketsOpened, "no socket may be opened for a refused address")
        #expect(after.socketsRefused - before.socketsRefused >= targets.count, "each refusal is counted by the callback")
        #expect(runner.metric("runner_egress_sockets_opened_total") == Double(after.socketsOpened))
        #expect(runner.metric(#"runner_egress_requests_total{outcome="forbidden"}"#) == Double(targets.count))
        await runner.close()
    }

    @Test func testFetch_whenLoopbackIsNotAllowedByTheOperator_refusesEvenAnAllowlistedLoopbackServer() async throws {
        let runner = try Self.runner(allowLoopback: false)
        let a = try EgressTestServer(label: "A")
        let hash = try await runner.store("caps-probe-c")
        let before = runner.egress
        let report = await runner.execute(Probe.request(hash, commands: ["fetch " + Probe.head(a.url("/hello")),
                                                                         "fetch " + Probe.head("http://[::1]:\(a.port)/hello")],
                                                        egress: ["http://127.0.0.1:\(a.port)", "http://[::1]:\(a.port)"]))
        for line in Probe.lines(report) { #expect(line.hasPrefix("fetch forbidden"), "\(line)") }
        #expect(a.totalHits == 0)
        #expect(runner.egress.socketsOpened == before.socketsOpened)
        await a.stop()
        await runner.close()
    }

    @Test func testFetch_whenNameResolvesToMixedAddresses_connectsOnlyToTheAllowedOne() async throws {
        let runner = try Self.runner()
        let a = try EgressTestServer(label: "A")
        let hash = try await runner.store("caps-probe-c")
        let before = runner.egress
        let report = await runner.execute(Probe.request(hash, commands: ["fetch " + Probe.head("http://mixed.test:\(a.port)/hello")],
                                                        egress: ["http://mixed.test:\(a.port)"]))
        #expect(Probe.lines(report) == ["fetch ok status=200 len=12 body=hello from A"])
        let after = runner.egress
        #expect(after.socketsRefused - before.socketsRefused == 1, "10.9.9.9 refused at the socket")
        #expect(after.socketsOpened - before.socketsOpened == 1, "one socket, to 127.0.0.1")
        await a.stop()
        await runner.close()
    }

    @Test func testFetch_whenRedirected_followsOnlyHopsThatPassTheSameChecks() async throws {
        let runner = try Self.runner()
        let a = try EgressTestServer(label: "A")
        let b = try EgressTestServer(label: "B")
        let hash = try await runner.store("caps-probe-c")
        let toB = a.url("/redirect?to=" + b.url("/hello"))
        let toA = a.url("/redirect?to=" + a.url("/hello"))
        let toInside = a.url("/redirect?to=http://inside.test:\(a.port)/hello")
        let before = runner.egress
        let report = await runner.execute(Probe.request(hash, commands: [
            "fetch " + Probe.head(toB),
            "fetch " + Probe.head(toB, follow: true),
            "fetch " + Probe.head(toA, follow: true),
            "fetch " + Probe.head(toInside, follow: true),
        ], egress: ["http://127.0.0.1:\(a.port)", "http://inside.test:\(a.port)"]))
        let lines = Probe.lines(report)
        #expect(lines.count == 4)
        #expect(lines[0] == "fetch ok status=302 len=0 body=", "a redirect is returned as is: \(lines[0])")
        #expect(lines[1].hasPrefix("fetch forbidden") && lines[1].contains("redirect to"), "\(lines[1])")
        #expect(lines[2] == "fetch ok status=200 len=12 body=hello from A", "\(lines[2])")
        #expect(lines[3].hasPrefix("fetch forbidden | http.fetch: forbidden: no address of inside.test"), "\(lines[3])")
        #expect(b.totalHits == 0, "the non-allowlisted target was never reached")
        #expect(runner.egress.socketsRefused - before.socketsRefused >= 1)
        await a.stop()
        await b.stop()
        await runner.close()
    }

    @Test func testFetch_whenBudgetsAreExceeded_answersLimitExceededAndTooLarge() async throws {
        let runner = try Self.runner { s in
            s.guest.fetchRequestBodyBytes = 1000
            s.guest.fetchResponseBodyBytes = 4096
        }
        let a = try EgressTestServer(label: "A")
        let hash = try await runner.store("caps-probe-c")
        let hello = "fetch " + Probe.head(a.url("/hello"))
        let many = await runner.execute(Probe.request(hash, commands: Array(repeating: hello, count: 17),
                                                      egress: ["http://127.0.0.1:\(a.port)"]))
        let lines = Probe.lines(many)
        #expect(lines.prefix(16).allSatisfy { $0.hasPrefix("fetch ok status=200") }, "\(lines)")
        #expect(lines.last?.hasPrefix("fetch limit_exceeded | http.fetch: limit_exceeded: more than 16 fetches") == true,
                "\(lines.last ?? "")")
        #expect(a.hits("/hello") == 16)

        let sizes = await runner.execute(Probe.request(hash, commands: [
            "fetchbody 1000 " + Probe.head(a.url("/echo"), method: "POST"),
            "fetchbody 1001 " + Probe.head(a.url("/echo"), method: "POST"),
            "fetch " + Probe.head(a.url("/big?bytes=4096")),
            "fetch " + Probe.head(a.url("/big?bytes=4097")),
        ], egress: ["http://127.0.0.1:\(a.port)"]))
        let s = Probe.lines(sizes)
        #expect(s.count == 4)
        #expect(s[0] == "fetch ok status=200 len=14 body=got 1000 bytes", "\(s[0])")
        #expect(s[1].hasPrefix("fetch too_large | http.fetch: too_large: request body of 1001 bytes"), "\(s[1])")
        #expect(s[2].hasPrefix("fetch ok status=200 len=4096"), "\(s[2])")
        #expect(s[3].hasPrefix("fetch too_large"), "\(s[3])")
        #expect(a.hits("/echo") == 1, "the oversized body was never sent")
        await a.stop()
        await runner.close()
    }

    @Test func testFetch_whenUpstreamIsSlow_theCallTimesOutWithinItsTimeoutAndTheDeadline() async throws {
        let runner = try Self.runner()
        let a = try EgressTestServer(label: "A")
        let hash = try await runner.store("caps-probe-c")
        let perCall = await runner.execute(Probe.request(hash, commands: ["fetch " + Probe.head(a.url("/slow?ms=4000"), timeoutMs: 200)],
                                                         egress: ["http://127.0.0.1:\(a.port)"]))
        #expect(Probe.lines(perCall).first?.hasPrefix("fetch timeout") == true, "\(Probe.lines(perCall))")
        #expect(perCall.usage.durationUs < 3_000_000, "the call gave up at its own timeout, not the server's 4 s")

        let clipped = await runner.execute(Probe.request(hash, commands: ["fetch " + Probe.head(a.url("/slow?ms=4000"), timeoutMs: 10_000)],
                                                         egress: ["http://127.0.0.1:\(a.port)"], timeoutMs: 500))
        #expect(clipped.errorCode == .timeout, "the execution's deadline bounds the fetch: \(clipped.response)")
        #expect(clipped.usage.durationUs < 3_000_000)

        // The same on the pooled route's path (the module is in memory now).
        let clippedNow = try await runner.executeNow(Probe.request(hash, commands: ["fetch " + Probe.head(a.url("/slow?ms=4000"), timeoutMs: 10_000)],
                                                                   egress: ["http://127.0.0.1:\(a.port)"], timeoutMs: 500))
        #expect(clippedNow?.errorCode == .timeout, "\(String(describing: clippedNow?.response))")
        #expect((clippedNow?.usage.durationUs ?? .max) < 3_000_000)
        await a.stop()
        await runner.close()
    }

    @Test func testUsage_whenFetching_reportsEgressBytesInUsageAndMetrics() async throws {
        let runner = try Self.runner()
        let a = try EgressTestServer(label: "A")
        let hash = try await runner.store("caps-probe-c")
        let report = await runner.execute(Probe.request(hash, commands: [
            "fetchbody 300 " + Probe.head(a.url("/echo"), method: "POST"),
            "fetch " + Probe.head(a.url("/big?bytes=1000")),
        ], egress: ["http://127.0.0.1:\(a.port)"]))
        #expect(Probe.lines(report).allSatisfy { $0.hasPrefix("fetch ok") }, "\(Probe.lines(report))")
        #expect(report.usage.egressBytes == 300 + 13 + 1000)
        #expect(runner.metric(#"runner_egress_bytes_total{direction="out"}"#) == 300)
        #expect(runner.metric(#"runner_egress_bytes_total{direction="in"}"#) == 1013)
        await a.stop()
        await runner.close()
    }
}
