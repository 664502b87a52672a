import Shared
import Testing
@testable import Gateway

@Suite struct TokenBucketTests {
    static let second: UInt64 = 1_000_000_000

    @Test func testTake_whenBurstSpent_refusesWithTheWaitUntilTheNextToken() {
        var bucket = TokenBucket(rate: 2, capacity: 3, now: 0)
        #expect(bucket.take(now: 0) == nil)
        #expect(bucket.take(now: 0) == nil)
        #expect(bucket.take(now: 0) == nil)
        let wait = bucket.take(now: 0)
        #expect(wait == 0.5)
        #expect(bucket.take(now: Self.second / 4) == 0.25)
        #expect(bucket.take(now: Self.second / 2) == nil)
    }

    @Test func testTake_whenIdleLong_refillsOnlyToCapacity() {
        var bucket = TokenBucket(rate: 10, capacity: 2, now: 0)
        _ = bucket.take(now: 0)
        _ = bucket.take(now: 0)
        #expect(!bucket.isFull(now: 0))
        #expect(bucket.isFull(now: 100 * Self.second))
        #expect(bucket.take(now: 100 * Self.second) == nil)
        #expect(bucket.take(now: 100 * Self.second) == nil)
        #expect(bucket.take(now: 100 * Self.second) != nil)
    }

    @Test func testTake_whenClockGoesBackwards_neverAddsTokens() {
        var bucket = TokenBucket(rate: 1, capacity: 1, now: 10 * Self.second)
        #expect(bucket.take(now: 10 * Self.second) == nil)
        #expect(bucket.take(now: 5 * Self.second) != nil)
    }
}

@Suite struct RateLimiterTests {
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

@Suite struct ConcurrencyGateTests {
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
