import HTTPCore
import Shared
import TestSupport
import Testing

@Suite(.ownThread) struct ReadinessTests {
    private let logger = Logger(label: "t", handler: InMemoryLogHandler())

    @Test func testEvaluate_whenChecksPassFailOrHang_reportsEachWithinTimeout() async {
        let readiness = Readiness(checks: [
            ReadinessCheck("good") { nil },
            ReadinessCheck("bad") { "disk full" },
            ReadinessCheck("hung") {
                try? await Task.sleep(for: .seconds(30))
                return nil
            },
        ], timeout: .milliseconds(100), logger: logger)
        #expect(!readiness.snapshot.isReady && !readiness.snapshot.evaluated)
        await readiness.evaluate()
        let snap = readiness.snapshot
        #expect(!snap.isReady)
        #expect(snap.failures.map(\.name) == ["bad", "hung"])
        #expect(snap.failures.map(\.reason) == ["disk full", "check timed out"])
    }

    @Test func testRoutes_whenNotReady_answer503WithChecksAndHealthStays200() async throws {
        let failing = Counter()
        let readiness = Readiness(checks: [ReadinessCheck("db") { failing.value > 0 ? "connection refused" : nil }], logger: logger)
        let live = try LiveServer.start { $0.addHealthRoutes(readiness: readiness) }
        let starting = try await blocking { try live.request("GET", "/readyz") }
        #expect(starting.status == 503 && starting.errorCode == "not_ready")
        #expect((starting.json?["checks"] as? [String: String])?["db"] == "not yet checked")
        await readiness.evaluate()
        let ready = try await blocking { try live.request("GET", "/readyz") }
        #expect(ready.status == 200 && (ready.json?["checks"] as? [String: String]) == ["db": "ok"])
        failing.inc()
        await readiness.evaluate()
        let (down, health) = try await blocking { (try live.request("GET", "/readyz"), try live.request("GET", "/healthz")) }
        #expect(down.status == 503)
        #expect((down.json?["error"] as? [String: Any])?["message"] as? String == "not ready: db: connection refused")
        #expect(down.json?["checks"] as? [String: String] == ["db": "connection refused"])
        #expect(health.status == 200)
    }
}
