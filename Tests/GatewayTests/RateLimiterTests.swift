import Shared
import TestSupport
import Testing
@testable import Gateway

@Suite(.ownThread) struct RateLimiterTests {
    static func limiter(tenantRate: Double = 1, tenantBurst: Double = 3, extensionRate: Double = 1, extensionBurst: Double = 2)
        throws -> RateLimiter
    {
        var settings = try LimitSettings(environment: .init([:]))
        settings.tenantRate = tenantRate
        settings.tenantBurst = tenantBurst
        settings.extensionRate = extensionRate
        settings.extensionBurst = extensionBurst
        return RateLimiter(settings: settings)
    }

    @Test func testAdmit_whenOneTenantBursts_otherTenantsAreUnaffected() throws {
        let limiter = try Self.limiter(extensionBurst: 10)
        for _ in 0..<3 { try limiter.admit(tenant: "a", extension: "com.x.y", now: 0) }
        let error = #expect(throws: AppError.self) { try limiter.admit(tenant: "a", extension: "com.x.y", now: 0) }
        #expect(error?.code == .rateLimited && error?.httpStatus == 429)
        #expect(error?.headers.first { $0.0 == "Retry-After" }?.1 == "1")
        for _ in 0..<3 { try limiter.admit(tenant: "b", extension: "com.x.y", now: 0) }
    }

    @Test func testAdmit_whenExtensionBucketEmpty_otherExtensionsOfTheTenantPass() throws {
        let limiter = try Self.limiter(tenantBurst: 100)
        try limiter.admit(tenant: "a", extension: "com.x.one", now: 0)
        try limiter.admit(tenant: "a", extension: "com.x.one", now: 0)
        let error = #expect(throws: AppError.self) { try limiter.admit(tenant: "a", extension: "com.x.one", now: 0) }
        #expect(error?.message.contains("extension") == true)
        try limiter.admit(tenant: "a", extension: "com.x.two", now: 0)
    }

    @Test func testAdmit_whenRateIsSlow_retryAfterRoundsUp() throws {
        let limiter = try Self.limiter(tenantRate: 0.1, tenantBurst: 1)
        try limiter.admit(tenant: "a", extension: "com.x.y", now: 0)
        let error = #expect(throws: AppError.self) { try limiter.admit(tenant: "a", extension: "com.x.y", now: 0) }
        #expect(error?.headers.first { $0.0 == "Retry-After" }?.1 == "10")
    }
}
