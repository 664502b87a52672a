import Shared
import TestSupport
import Testing
@testable import Gateway

private func allow(_ b: inout BreakerState, _ now: UInt64) -> Bool { b.allow(now: now) }

@Suite(.ownThread) struct BreakerStateTests {
    static let ms: UInt64 = 1_000_000

    @Test func testBreaker_whenFailuresReachThreshold_opensThenProbesThenCloses() {
        var b = BreakerState(failureThreshold: 3, openNanos: 1000 * Self.ms)
        b.recordFailure(now: 0)
        b.recordFailure(now: 0)
        #expect(allow(&b, 0) && !b.isOpen)
        b.recordFailure(now: 10 * Self.ms)
        #expect(b.isOpen)
        #expect(!allow(&b, 500 * Self.ms))
        #expect(b.remainingOpen(now: 500 * Self.ms) == 510 * Self.ms)
        #expect(allow(&b, 1010 * Self.ms), "one probe after the open period")
        #expect(!allow(&b, 1010 * Self.ms), "only one probe at a time")
        b.recordSuccess()
        #expect(b.phase == .closed(failures: 0))
        #expect(allow(&b, 1011 * Self.ms))
    }

    @Test func testBreaker_whenProbeFails_opensAgainForAFullPeriod() {
        var b = BreakerState(failureThreshold: 1, openNanos: 100 * Self.ms)
        b.recordFailure(now: 0)
        #expect(allow(&b, 100 * Self.ms))
        b.recordFailure(now: 150 * Self.ms)
        #expect(!allow(&b, 200 * Self.ms))
        #expect(allow(&b, 250 * Self.ms))
    }

    @Test func testBreaker_whenProbeIsCancelled_freesTheProbeSlot() {
        var b = BreakerState(failureThreshold: 1, openNanos: 100 * Self.ms)
        b.recordFailure(now: 0)
        #expect(allow(&b, 100 * Self.ms))
        b.recordNeutral()
        #expect(allow(&b, 100 * Self.ms))
    }

    @Test func testBreaker_whenSuccessBetweenFailures_resetsTheCount() {
        var b = BreakerState(failureThreshold: 2, openNanos: 100 * Self.ms)
        b.recordFailure(now: 0)
        b.recordSuccess()
        b.recordFailure(now: 0)
        #expect(!b.isOpen)
    }
}
