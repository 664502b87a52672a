import Shared
import TestSupport
import Testing
@testable import Gateway

@Suite(.ownThread) struct TokenBucketTests {
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
