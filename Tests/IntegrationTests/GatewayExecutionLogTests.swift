import Foundation
import HTTPCore
import Postgres
import Shared
import TestSupport
import Testing

extension BlackBox {
    /// The execution log when the database refuses its writes, over HTTP against the real
    /// binaries: requests are never blocked, rows wait in a bounded buffer, what does not fit is
    /// dropped and counted, and the buffered rows are written once the database accepts them again.
    @Suite(.ownThread) struct GatewayExecutionLogTests {
        @Test func testExecutionLog_whenTheDatabaseRefusesWrites_requestsAnswerAndRowsAreBufferedBoundedAndWrittenLater() async throws {
            let stack = try await GatewayStack.start(gatewayEnv: ["GATEWAY_EXECUTION_LOG_BUFFER": "100", "GATEWAY_EXECUTION_LOG_FLUSH_MS": "50",
                                                                  "GATEWAY_TENANT_RATE": "10000", "GATEWAY_TENANT_BURST": "10000",
                                                                  "GATEWAY_EXTENSION_RATE": "10000", "GATEWAY_EXTENSION_BURST": "10000"])
            try await stack.publish("com.acme.hello", guest: "hello-c", capabilities: [], endpoints: [("GET", "/hello", "hello")])
            try await stack.install("t1", "com.acme.hello")
            let token = stack.jwt("t1")
            let path = "/api/ext/com.acme.hello/hello"
            let g = stack.gateway!
            func logged() async throws -> Int64 {
                try await stack.query("SELECT count(*) AS n FROM extension_execution_log", tenant: "t1").single().decode("n")
            }
            func metric(_ name: String) async throws -> Double {
                try await blocking { try g.metric(name) ?? -1 }
            }
            #expect(try await stack.call("GET", path, token: token).status == 200)
            #expect(try await GatewayBlackBoxTests.within(seconds: 5) { try await logged() == 1 })

            // The database refuses the log's inserts (the gateway's role loses the privilege).
            let owner = RegistryBlackBox.pool(stack.database.url("ALGA_PG_OWNER_URL"))
            try await ScratchDatabase.ddl("REVOKE INSERT ON extension_execution_log FROM alga_gateway", on: owner)
            let sent = 130
            var statuses: [Int: Int] = [:]
            for _ in 0..<sent { statuses[try await stack.call("GET", path, token: token).status, default: 0] += 1 }
            #expect(statuses == [200: sent], "requests never wait for the log: \(statuses)")
            #expect(try await GatewayBlackBoxTests.within(seconds: 5) { try await metric("gateway_execution_log_flush_failures_total") >= 1 })
            #expect(try await metric("gateway_execution_log_buffered") == 100, "the buffer holds its bound")
            let dropped = try await metric("gateway_execution_log_dropped_total")
            #expect(dropped == Double(sent - 100), "what does not fit is dropped and counted: \(dropped)")
            #expect(try await logged() == 1)

            // The database accepts writes again: every buffered row arrives (retries back off up to 10 s).
            try await ScratchDatabase.ddl("GRANT INSERT ON extension_execution_log TO alga_gateway", on: owner)
            let arrived = try await GatewayBlackBoxTests.within(seconds: 15) { try await logged() == 101 }
            let rows = try await logged()
            #expect(arrived, "rows: \(rows)")
            #expect(try await metric("gateway_execution_log_buffered") == 0)
            #expect(try await metric("gateway_execution_log_dropped_total") == dropped, "nothing more was dropped")
            owner.close()
            await stack.stop()
        }
    }
}
