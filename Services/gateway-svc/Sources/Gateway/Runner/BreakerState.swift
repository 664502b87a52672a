/// The circuit breaker of one runner URL as a pure state machine (time passed in as monotonic
/// nanoseconds):
///
/// - **closed**: calls pass; `failureThreshold` consecutive transport failures open it.
/// - **open** until `openNanos` have passed: calls are refused at once.
/// - **half-open**: one probe call passes (others are refused); its success closes the breaker,
///   its failure opens it again.
struct BreakerState: Sendable, Equatable {
    enum Phase: Sendable, Equatable {
        case closed(failures: Int)
        case open(until: UInt64)
        case halfOpen(probeInFlight: Bool)
    }

    let failureThreshold: Int
    let openNanos: UInt64
    private(set) var phase: Phase = .closed(failures: 0)

    init(failureThreshold: Int, openNanos: UInt64) {
        self.failureThreshold = failureThreshold
        self.openNanos = openNanos
    }

    /// Whether a call may start now; a half-open breaker lets exactly one probe through.
    mutating func allow(now: UInt64) -> Bool {
        switch phase {
        case .closed: return true
        case .open(let until):
            guard now >= until else { return false }
            phase = .halfOpen(probeInFlight: true)
            return true
        case .halfOpen(let probing):
            guard !probing else { return false }
            phase = .halfOpen(probeInFlight: true)
            return true
        }
    }

    /// Nanoseconds until an open breaker lets a probe through (0 when not open).
    func remainingOpen(now: UInt64) -> UInt64 {
        if case .open(let until) = phase, until > now { return until - now }
        return 0
    }

    mutating func recordSuccess() { phase = .closed(failures: 0) }

    /// A transport failure (the runner was not reached or the connection broke).
    mutating func recordFailure(now: UInt64) {
        switch phase {
        case .closed(let n):
            phase = n + 1 >= failureThreshold ? .open(until: now + openNanos) : .closed(failures: n + 1)
        case .halfOpen, .open:
            phase = .open(until: now + openNanos)
        }
    }

    /// A call that ended without telling anything about the runner's health (cancelled by its
    /// client): a half-open probe slot is freed for the next call.
    mutating func recordNeutral() {
        if case .halfOpen = phase { phase = .halfOpen(probeInFlight: false) }
    }

    var isOpen: Bool {
        if case .open = phase { return true }
        return false
    }
}
