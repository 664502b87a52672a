/// A token bucket as a pure value: `capacity` tokens, refilled at `rate` per second, time passed
/// in explicitly (monotonic nanoseconds), so it is tested without clocks.
struct TokenBucket: Sendable, Equatable {
    let rate: Double
    let capacity: Double
    private(set) var tokens: Double
    private(set) var updatedAt: UInt64

    init(rate: Double, capacity: Double, now: UInt64) {
        precondition(rate > 0 && capacity >= 1, "BUG in TokenBucket: rate must be positive and capacity at least 1")
        self.rate = rate
        self.capacity = capacity
        tokens = capacity
        updatedAt = now
    }

    /// Takes one token if there is one; otherwise returns the seconds until one is available.
    mutating func take(now: UInt64) -> Double? {
        refill(now)
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        return (1 - tokens) / rate
    }

    /// Whether the bucket is full at `now` (an idle bucket can be forgotten: a new one is the same).
    func isFull(now: UInt64) -> Bool {
        var copy = self
        copy.refill(now)
        return copy.tokens >= capacity
    }

    private mutating func refill(_ now: UInt64) {
        guard now > updatedAt else { return }
        tokens = min(capacity, tokens + Double(now - updatedAt) / 1e9 * rate)
        updatedAt = now
    }
}
