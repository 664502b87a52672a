import Bundle
import Foundation
import HTTPCore
import Shared
import TestSupport
import Testing
@testable import Runner

/// Grants, guest metrics, the audit record, the concurrency limit and client disconnects,
/// against the real runner binary.
@Suite(.serialized, .ownThread) struct RunnerLimitsTests {
    static let allGrants = ["log", "metrics", "context.read", "http.fetch", "secrets.get", "storage.kv"]

    static func report(_ response: ExecuteResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }

    @Test func testHostCalls_whenGranted_answerOkOrUnavailable_whenNotGranted_denied() async throws {
        let setup = try RunnerProcess.Setup()
        defer { setup.remove() }
        let runner = try RunnerProcess(setup: setup)
        let hash = try await GuestBundle.publish("host-calls-swift", into: setup.objects)
        let granted = try Self.report(try await runner.execute(ExecuteRequests.make(hash, grants: Self.allGrants)).response)
        #expect(granted["log"] as? String == "ok" && granted["metrics"] as? String == "ok")
        #expect((granted["context"] as? [String: Any])?["tenant_id"] as? String == "t-1")
        #expect(granted["random"] as? String == "ok")
        #expect((granted["clock"] as? [String: Any])?["monotonic_ordered"] as? Bool == true)
        // Granted but unconfigured: the request has no egress allowlist (deny by default) and
        // this runner no registry (docs/capabilities.md).
        #expect(granted["http_fetch"] as? String == "forbidden", "http_fetch: \(granted["http_fetch"] ?? "nil")")
        for family in ["secrets_get", "storage_put", "storage_get", "storage_list", "storage_delete"] {
            #expect(granted[family] as? String == "unavailable", "\(family): \(granted[family] ?? "nil")")
        }
        let detail = (granted["error_last"] as? [String: Any])?["detail"] as? String
        #expect(detail?.hasPrefix("metrics.emit: invalid_argument") == true, "\(detail ?? "nil")")

        let denied = try Self.report(try await runner.execute(ExecuteRequests.make(hash)).response)
        for family in ["context", "log", "metrics", "http_fetch", "secrets_get", "storage_put"] {
            #expect(denied[family] as? String == "denied", "\(family): \(denied[family] ?? "nil")")
        }
        #expect(try await runner.metric("runner_host_calls_denied_total") ?? 0 >= 6)
    }

    @Test func testGuestMetrics_whenEmitted_appearWithTenantAndExtensionLabels() async throws {
        let setup = try RunnerProcess.Setup()
        defer { setup.remove() }
        let runner = try RunnerProcess(setup: setup)
        let hash = try await GuestBundle.publish("host-calls-swift", into: setup.objects)
        for tenant in ["t-a", "t-b", "t-a"] {
            _ = try await runner.execute(ExecuteRequests.make(hash, grants: Self.allGrants, tenant: tenant))
        }
        let a = #"alga_ext_host_calls_probes_total{tenant="t-a",extension="com.acme.test",family="metrics"}"#
        let b = #"alga_ext_host_calls_probes_total{tenant="t-b",extension="com.acme.test",family="metrics"}"#
        #expect(try await runner.metric(a) == 2)
        #expect(try await runner.metric(b) == 1)
        let text = String(decoding: try await runner.get("/metrics").body, as: UTF8.self)
        #expect(text.contains("# TYPE alga_ext_host_calls_probes_total counter"))
    }

    @Test func testAudit_whenExecutions_writesOneRecordEachWithUsage() async throws {
        let setup = try RunnerProcess.Setup()
        defer { setup.remove() }
        let runner = try RunnerProcess(setup: setup)
        let hash = try await GuestBundle.publish("hello-c", into: setup.objects)
        let ok = ExecuteRequests.make(hash, endpoint: ExecuteEndpoint(route: "/greet", handler: "greet"))
        let loop = try await GuestBundle.publish("fault-loop", into: setup.objects)
        _ = try await runner.execute(ok)
        _ = try await runner.execute(ExecuteRequests.make(loop, timeoutMs: 50))
        #expect(runner.waitForRecord(seconds: 5) { $0["error.code"] as? String == "timeout" } != nil)
        let records = runner.auditRecords
        #expect(records.count == 2)
        let first = try #require(records.first)
        #expect(first["request.id"] as? String == ok.context.requestID)
        #expect(first["ext.tenant_id"] as? String == "t-1" && first["ext.install_id"] as? String == "i-1")
        #expect(first["ext.version_id"] as? String == "v-1" && first["ext.endpoint"] as? String == "greet /greet")
        #expect(first["outcome"] as? String == "ok" && first["error.code"] == nil)
        for key in ["usage.duration_us", "usage.cpu_us", "usage.memory_peak_bytes", "usage.fuel_used",
                    "usage.egress_bytes", "usage.host_calls"] {
            #expect(first[key] is Int, "\(key)")
        }
        #expect(records.last?["outcome"] as? String == "error")
    }

    @Test func testConcurrency_whenLimitReached_answers503OverloadedAtOnce() async throws {
        let setup = try RunnerProcess.Setup()
        defer { setup.remove() }
        let runner = try RunnerProcess(setup: setup, environment: ["RUNNER_CONCURRENCY": "1"])
        let loop = try await GuestBundle.publish("fault-loop", into: setup.objects)
        let hello = try await GuestBundle.publish("hello-c", into: setup.objects)
        _ = try await runner.warmup(loop)
        let busy = Task { try await runner.execute(ExecuteRequests.make(loop, timeoutMs: 1500)) }
        #expect(await eventually { (try? await runner.metric("runner_executions_in_flight")) == 1 })
        let start = ContinuousClock.now
        let (status, response) = try await runner.execute(ExecuteRequests.make(hello))
        let waited = ContinuousClock.now - start
        #expect(status == 503 && response.error?.code == .overloaded)
        #expect(waited < .milliseconds(1000), "refused after \(waited)")
        #expect(try await busy.value.status == 504)
        #expect(try await runner.execute(ExecuteRequests.make(hello)).status == 200)
        #expect(try await runner.metric("runner_overloaded_total") == 1)
    }

    @Test func testDisconnect_whenCallerGoesAway_interruptsTheExecution() async throws {
        let setup = try RunnerProcess.Setup()
        defer { setup.remove() }
        let runner = try RunnerProcess(setup: setup)
        let loop = try await GuestBundle.publish("fault-loop", into: setup.objects)
        _ = try await runner.warmup(loop)
        // The client gives up after 300 ms; the guest's own deadline is 20 s.
        await #expect(throws: (any Error).self) {
            _ = try await runner.execute(ExecuteRequests.make(loop, timeoutMs: 20_000), timeout: .milliseconds(300))
        }
        let start = ContinuousClock.now
        let interrupted = await eventually(seconds: 5) {
            (try? await runner.metric(#"runner_executions_total{outcome="error",code="client_gone"}"#)) == 1
        }
        #expect(interrupted, "the execution was not interrupted")
        #expect(ContinuousClock.now - start < .seconds(3))
        #expect(try await runner.metric("runner_pool_slots_in_use") == 0)
    }
}

/// Polls `condition` every 20 ms for at most `seconds`.
func eventually(seconds: Double = 5, _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return await condition()
}
