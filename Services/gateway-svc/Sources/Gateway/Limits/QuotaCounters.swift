/// The counters of one quota window: invocations, guest CPU microseconds, egress bytes.
struct QuotaCounters: Sendable, Equatable {
    var invocations: Int64 = 0
    var cpuMicroseconds: Int64 = 0
    var egressBytes: Int64 = 0

    static let zero = QuotaCounters()

    static func + (a: QuotaCounters, b: QuotaCounters) -> QuotaCounters {
        QuotaCounters(invocations: a.invocations &+ b.invocations, cpuMicroseconds: a.cpuMicroseconds &+ b.cpuMicroseconds,
                      egressBytes: a.egressBytes &+ b.egressBytes)
    }

    /// The first counter that has reached its limit (a limit of 0 is no limit), or nil.
    func reached(_ limits: QuotaCounters) -> String? {
        if limits.invocations > 0, invocations >= limits.invocations { return "invocations" }
        if limits.cpuMicroseconds > 0, cpuMicroseconds >= limits.cpuMicroseconds { return "CPU time" }
        if limits.egressBytes > 0, egressBytes >= limits.egressBytes { return "egress bytes" }
        return nil
    }

    var isZero: Bool { self == .zero }
}
