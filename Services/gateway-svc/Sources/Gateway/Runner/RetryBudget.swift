/// Limits retries to a share of calls, as a pure value (time in monotonic nanoseconds): each
/// call deposits `ratio` tokens, each retry withdraws one, and `minimumPerSecond` tokens are
/// added per second, up to `capacity`. During an outage retries stop once the budget is spent,
/// so they add at most `ratio` more load.
struct RetryBudget: Sendable, Equatable {
    let ratio: Double
    let minimumPerSecond: Double
    let capacity: Double
    private(set) var tokens: Double
    private(set) var updatedAt: UInt64

    init(ratio: Double, minimumPerSecond: Double = 10, capacity: Double = 100, now: UInt64) {
        self.ratio = ratio
        self.minimumPerSecond = minimumPerSecond
        self.capacity = capacity
        tokens = capacity
        updatedAt = now
    }

    mutating func deposit(now: UInt64) {
        refill(now)
        tokens = min(capacity, tokens + ratio)
    }

    mutating func withdraw(now: UInt64) -> Bool {
        refill(now)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    private mutating func refill(_ now: UInt64) {
        guard now > updatedAt else { return }
        tokens = min(capacity, tokens + Double(now - updatedAt) / 1e9 * minimumPerSecond)
        updatedAt = now
    }
}
