import TestSupport
import Testing
@testable import Gateway

private func take(_ budget: inout RetryBudget, _ now: UInt64) -> Bool { budget.withdraw(now: now) }

@Suite(.ownThread) struct RetryBudgetTests {
    @Test func testBudget_whenRetriesOutpaceCalls_stopsRetrying() {
        var budget = RetryBudget(ratio: 0.2, minimumPerSecond: 0, capacity: 2, now: 0)
        #expect(take(&budget, 0))
        #expect(take(&budget, 0))
        #expect(!take(&budget, 0), "capacity spent")
        for _ in 0..<5 { budget.deposit(now: 0) }
        #expect(take(&budget, 0), "five calls earn one retry at 20 %")
        #expect(!take(&budget, 0))
    }

    @Test func testBudget_whenTimePasses_refillsTheMinimum() {
        var budget = RetryBudget(ratio: 0, minimumPerSecond: 10, capacity: 1, now: 0)
        #expect(take(&budget, 0))
        #expect(!take(&budget, 50_000_000))
        #expect(take(&budget, 100_000_000))
    }
}
