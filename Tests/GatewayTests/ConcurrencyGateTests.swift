import Shared
import TestSupport
import Testing
@testable import Gateway

@Suite(.ownThread) struct ConcurrencyGateTests {
    @Test func testEnter_whenAtTheCap_refusesUntilOneLeaves() throws {
        var settings = try LimitSettings(environment: .init([:]))
        settings.tenantConcurrency = 2
        settings.extensionConcurrency = 1
        let gate = ConcurrencyGate(settings: settings)
        try gate.enter(tenant: "t", extension: "com.x.a")
        #expect(throws: AppError.self) { try gate.enter(tenant: "t", extension: "com.x.a") }
        try gate.enter(tenant: "t", extension: "com.x.b")
        let error = #expect(throws: AppError.self) { try gate.enter(tenant: "t", extension: "com.x.c") }
        #expect(error?.code.rawValue == "concurrency_limited" && error?.httpStatus == 429)
        try gate.enter(tenant: "other", extension: "com.x.a")
        gate.leave(tenant: "t", extension: "com.x.a")
        try gate.enter(tenant: "t", extension: "com.x.a")
        #expect(gate.inFlight(tenant: "t") == 2)
    }
}
