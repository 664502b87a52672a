import Foundation
import HTTPCore
import Postgres
import Shared
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension BlackBox {
    /// Quota windows shared by two gateway replicas and per-extension concurrency caps, over HTTP
    /// against the real binaries (Postgres, registry-svc, runner-svc, two gateway-svc processes).
    @Suite(.ownThread) struct GatewayLimitsTests {
        @Test func testQuotaWindows_whenTwoReplicasServeOneTenant_refuseOnceTheSharedCountIsUsedUp() async throws {
            // The hour window must not end during the test (windows are UTC-aligned).
            let intoHour = Int(Date().timeIntervalSince1970) % 3600
            if intoHour > 3600 - 30 { try await Task.sleep(for: .seconds(3600 - intoHour + 1)) }
            let stack = try await GatewayStack.start(gatewayEnv: ["GATEWAY_QUOTA_INVOCATIONS_PER_HOUR": "10", "GATEWAY_QUOTA_FLUSH_MS": "100"])
            try await stack.publish("com.acme.hello", guest: "hello-c", capabilities: [], endpoints: [("GET", "/hello", "hello")])
            try await stack.publish("com.acme.other", guest: "hello-c", capabilities: [], endpoints: [("GET", "/hello", "hello")])
            try await stack.install("t1", "com.acme.hello")
            try await stack.install("t1", "com.acme.other")
            let environment = stack.gatewayEnvironment
            let second = try await blocking { try ServerProcess("gateway-svc", environment: environment) }
            defer { second.stop() }
            let g2 = second.port
            #expect(try await blocking { eventually(seconds: 20) { (try? second.request("GET", "/readyz").status) == 200 } })
            let token = stack.jwt("t1")
            let path = "/api/ext/com.acme.hello/hello"

            func hourRows() async throws -> [Int64] {
                try await stack.query("SELECT invocations FROM extension_quota_usage WHERE window_seconds = 3600 ORDER BY invocations",
                                      tenant: "t1").map { try $0.decode("invocations", as: Int64.self) }
            }
            // The first replica counts 6 and flushes them; then the second counts 1, and its flush
            // (an upsert returning the shared total) gives it the baseline 7.
            for _ in 0..<6 { #expect(try await stack.call("GET", path, token: token).status == 200) }
            #expect(try await GatewayBlackBoxTests.within(seconds: 10) { try await hourRows() == [6] })
            #expect(try await stack.call("GET", path, token: token, port: g2).status == 200)
            #expect(try await GatewayBlackBoxTests.within(seconds: 10) { try await hourRows() == [7] })
            try await Task.sleep(for: .milliseconds(200))
            var admitted = 0
            var refusal: GatewayStack.Reply?
            for _ in 0..<10 {
                let r = try await stack.call("GET", path, token: token, port: g2)
                if r.status == 200 { admitted += 1 } else { refusal = r; break }
            }
            #expect(admitted == 3, "the second replica admits exactly what is left of the shared 10")
            #expect(refusal?.status == 429 && refusal?.code == "quota_exceeded", "\(refusal?.status ?? 0) \(refusal?.text ?? "")")
            #expect(Int(refusal?.headers["retry-after"] ?? "") ?? 0 >= 1)
            #expect(try await GatewayBlackBoxTests.within(seconds: 10) { try await hourRows() == [10] })
            // The first replica learns the total at its next flush after it is active again (an
            // idle replica may admit one flush interval's worth first), then refuses too.
            var lateAdmissions: Int64 = 0
            let firstRefuses = try await GatewayBlackBoxTests.within(seconds: 5) {
                let r = try await stack.call("GET", path, token: token)
                if r.status == 200 { lateAdmissions += 1 }
                return r.status == 429 && r.code == "quota_exceeded"
            }
            #expect(firstRefuses && lateAdmissions <= 5, "the first replica admitted \(lateAdmissions) before refusing")
            // Windows are per (tenant, extension): another extension and another tenant are untouched.
            #expect(try await stack.call("GET", "/api/ext/com.acme.other/hello", token: token).status == 200)
            try await stack.install("t2", "com.acme.hello")
            #expect(try await stack.call("GET", path, token: stack.jwt("t2"), port: g2).status == 200)
            // The shared rows hold exactly the admitted invocations: com.acme.other's 1 and com.acme.hello's.
            let expected = [1, 10 + lateAdmissions]
            #expect(try await GatewayBlackBoxTests.within(seconds: 5) { try await hourRows() == expected })
            second.signal(SIGTERM)
            #expect(try await blocking { second.waitForExit(seconds: 15) } == 0, "the second replica stops cleanly")
            await stack.stop()
        }

        @Test func testConcurrency_whenAnExtensionIsAtItsCap_refusesWith429AndRetryAfterWhileOthersRun() async throws {
            let stack = try await GatewayStack.start(gatewayEnv: ["GATEWAY_EXTENSION_CONCURRENCY": "1", "GATEWAY_TENANT_CONCURRENCY": "8"])
            try await stack.publish("com.acme.slow", guest: "fault-fuel-burner", capabilities: [], endpoints: [("POST", "/burn", "burn")])
            try await stack.publish("com.acme.hello", guest: "hello-c", capabilities: [], endpoints: [("GET", "/hello", "hello")])
            try await stack.install("t1", "com.acme.slow")
            try await stack.install("t1", "com.acme.hello")
            let token = stack.jwt("t1")
            let burn = Array("600000000".utf8)
            async let slow = stack.call("POST", "/api/ext/com.acme.slow/burn", token: token, body: burn)
            try await Task.sleep(for: .milliseconds(150))
            let refused = try await stack.call("POST", "/api/ext/com.acme.slow/burn", token: token, body: burn)
            let other = try await stack.call("GET", "/api/ext/com.acme.hello/hello", token: token)
            let done = try await slow
            #expect(done.status == 200 && done.text.hasPrefix("burned"), "\(done.status) \(done.text)")
            #expect(refused.status == 429 && refused.code == "concurrency_limited" && refused.headers["retry-after"] == "1",
                    "\(refused.status) \(refused.text)")
            #expect(other.status == 200, "the cap is per extension")
            let after = try await stack.call("POST", "/api/ext/com.acme.slow/burn", token: token, body: Array("1000".utf8))
            #expect(after.status == 200, "the slot is free again: \(after.status) \(after.text)")
            await stack.stop()
        }
    }
}
