import Glibc

/// Runs named measurements interleaved (round after round, each takes one batch per round) and
/// reports the median CPU time per call. Thread CPU time and interleaving keep the figures stable
/// on a 2-core machine shared with builds: a preempted batch is not charged, and a noisy minute
/// hits every measurement alike instead of one.
struct Measure {
    private var names: [String] = []
    private var bodies: [() throws -> Int] = []
    /// Results folded together so the optimiser cannot drop the measured work.
    private(set) var sink = 0

    mutating func add(_ name: String, _ body: @escaping () throws -> Int) {
        names.append(name)
        bodies.append(body)
    }

    static func threadCPUNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Median µs per call of each measurement over `rounds` batches of `batch` calls, after one
    /// warm-up batch each; printed as `name value us`.
    mutating func run(rounds: Int, batch: Int) throws {
        var perCall = Array(repeating: [Double](), count: bodies.count)
        for round in -1..<rounds {
            for (i, body) in bodies.enumerated() {
                let start = Measure.threadCPUNanos()
                for _ in 0..<batch { sink &+= try body() }
                let micros = Double(Measure.threadCPUNanos() - start) / Double(batch) / 1000
                if round >= 0 { perCall[i].append(micros) }
            }
        }
        for (i, name) in names.enumerated() {
            let sorted = perCall[i].sorted()
            print("\(name) \(Measure.formatted(sorted[sorted.count / 2])) us")
        }
    }

    static func formatted(_ v: Double) -> String {
        String((v * 100).rounded() / 100)
    }
}
