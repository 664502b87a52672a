@testable import Assets
import Bundle
import HTTPCore
import Shared
import Synchronization
import TestSupport
import Testing

/// The lookup cache's rules, over a scripted registry answer and a hand-moved clock (the real
/// registry is exercised by the integration tests).
@Suite(.ownThread) struct PairCacheTests {
    final class Registry: Sendable {
        let calls = Mutex(0)
        let answer = Mutex<Result<PairInfo?, AppError>>(.success(PairInfo(entry: "index.html")))
        let gate = Mutex<OneShotEvent?>(nil)

        func lookup(_ key: PairKey) async throws -> PairInfo? {
            calls.withLock { $0 += 1 }
            if let gate = gate.withLock({ $0 }) { await gate.wait() }
            return try answer.withLock { $0 }.get()
        }
    }

    let key = PairKey(extensionName: "com.acme.ui", hash: ContentHash(digest: [UInt8](repeating: 7, count: 32)))
    let clock = ManualClock()
    let registry = Registry()

    func makeCache(positive: Duration = .seconds(300), negative: Duration = .seconds(2)) -> PairCache {
        PairCache(positiveTTL: positive, negativeTTL: negative, metrics: AssetsMetrics(registry: MetricsRegistry()),
                  now: { [clock] in clock.now }, lookup: { [registry] in try await registry.lookup($0) })
    }

    @Test func testVerdict_whenFeedHealthy_remembersPositiveAnswersUntilTheirTTL() async throws {
        let cache = makeCache(positive: .seconds(60))
        cache.feedAnswered(wait: .seconds(20))
        #expect(cache.cached(key) == nil)
        #expect(try await cache.verdict(key) == .allowed(PairInfo(entry: "index.html")))
        clock.advance(.seconds(10))
        #expect(cache.cached(key) == .allowed(PairInfo(entry: "index.html")))
        cache.feedAnswered(wait: .seconds(20))
        clock.advance(.seconds(51))
        #expect(cache.cached(key) == nil, "expired")
        #expect(registry.calls.withLock { $0 } == 1)
    }

    @Test func testVerdict_whenFeedNotFollowed_rechecksPositiveAnswersAfterTwoSeconds() async throws {
        let cache = makeCache()
        _ = try await cache.verdict(key)
        clock.advance(.milliseconds(1500))
        #expect(cache.cached(key) != nil)
        clock.advance(.milliseconds(600))
        #expect(cache.cached(key) == nil)
        registry.answer.withLock { $0 = .success(nil) }
        #expect(try await cache.verdict(key) == .denied)
    }

    @Test func testVerdict_whenDenied_remembersOnlyForTheNegativeTTL() async throws {
        registry.answer.withLock { $0 = .success(nil) }
        let cache = makeCache(negative: .seconds(2))
        #expect(try await cache.verdict(key) == .denied)
        clock.advance(.seconds(1))
        #expect(cache.cached(key) == .denied)
        registry.answer.withLock { $0 = .success(PairInfo(entry: nil)) }
        clock.advance(.seconds(1))
        #expect(cache.cached(key) == nil)
        #expect(try await cache.verdict(key) == .allowed(PairInfo(entry: nil)), "a new publish is seen after the negative TTL")
    }

    @Test func testEvict_whenFeedReportsTheExtension_dropsItsAnswersAtOnce() async throws {
        let cache = makeCache()
        cache.feedAnswered(wait: .seconds(20))
        let other = PairKey(extensionName: "com.acme.other", hash: key.hash)
        _ = try await cache.verdict(key)
        _ = try await cache.verdict(other)
        cache.evict(extension: "com.acme.ui")
        #expect(cache.cached(key) == nil)
        #expect(cache.cached(other) != nil)
        cache.evictAll()
        #expect(cache.cached(other) == nil)
    }

    @Test func testVerdict_whenEvictedWhileTheLookupRuns_answersButDoesNotRemember() async throws {
        let cache = makeCache()
        cache.feedAnswered(wait: .seconds(20))
        let gate = OneShotEvent()
        registry.gate.withLock { $0 = gate }
        let pending = Task { try await cache.verdict(key) }
        #expect(await eventually { registry.calls.withLock { $0 } == 1 })
        cache.evict(extension: key.extensionName)  // the yank's event arrives mid-lookup
        gate.fire()
        #expect(try await pending.value == .allowed(PairInfo(entry: "index.html")))
        #expect(cache.cached(key) == nil, "a pre-yank answer is not kept")
    }

    @Test func testVerdict_whenManyAskAtOnce_callsTheRegistryOnce() async throws {
        let cache = makeCache()
        let gate = OneShotEvent()
        registry.gate.withLock { $0 = gate }
        let waiters = (0..<20).map { _ in Task { try await cache.verdict(key) } }
        #expect(await eventually { registry.calls.withLock { $0 } == 1 })
        try await Task.sleep(for: .milliseconds(20))
        gate.fire()
        for w in waiters { #expect(try await w.value == .allowed(PairInfo(entry: "index.html"))) }
        #expect(registry.calls.withLock { $0 } == 1)
    }

    @Test func testVerdict_whenRegistryFails_servesTheLastPositiveAnswerElseThrows() async throws {
        let cache = makeCache()
        _ = try await cache.verdict(key)
        registry.answer.withLock { $0 = .failure(AppError(.registryUnavailable, status: 503, "down")) }
        clock.advance(.seconds(3))
        #expect(try await cache.verdict(key) == .allowed(PairInfo(entry: "index.html")), "stale while the registry is down")
        let unknown = PairKey(extensionName: "com.acme.new", hash: key.hash)
        await #expect(throws: AppError(.registryUnavailable, status: 503, "")) { try await cache.verdict(unknown) }
    }
}

/// Polls `condition` every 2 ms for at most 5 s.
func eventually(_ condition: () -> Bool) async -> Bool {
    for _ in 0..<2500 {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(2))
    }
    return condition()
}
