import Synchronization

/// A time source the test moves by hand (for `PairCache`'s `now`).
final class ManualClock: Sendable {
    private let base = ContinuousClock.now
    private let offset = Mutex(Duration.zero)

    var now: ContinuousClock.Instant { base + offset.withLock { $0 } }

    func advance(_ d: Duration) { offset.withLock { $0 += d } }
}
