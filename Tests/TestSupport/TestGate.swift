/// Lets a test run alone in the test process: `.ownThread` tests pass the gate shared, tests
/// marked `.runsAlone` pass it exclusively, so none of the others runs while they do. For tests
/// that assert a timing bound the issue states (a deadline, a latency): on two cores the other
/// tests' work would otherwise decide the measurement.
///
/// Writers are preferred: once an exclusive test waits, new tests wait behind it, so it starts
/// as soon as the tests already running end. Waiting suspends; it never blocks a thread.
actor TestGate {
    static let shared = TestGate()

    private var readers = 0
    private var writer = false
    private var waitingReaders: [CheckedContinuation<Void, Never>] = []
    private var waitingWriters: [CheckedContinuation<Void, Never>] = []

    /// Tests waiting to pass, shared and exclusive.
    var waiting: (shared: Int, exclusive: Int) { (waitingReaders.count, waitingWriters.count) }

    func enterShared() async {
        if !writer && waitingWriters.isEmpty {
            readers += 1
            return
        }
        // `leaveExclusive` counts the reader in before it resumes it.
        await withCheckedContinuation { waitingReaders.append($0) }
    }

    func leaveShared() {
        readers -= 1
        if readers == 0 && !waitingWriters.isEmpty {
            writer = true
            waitingWriters.removeFirst().resume()
        }
    }

    func enterExclusive() async {
        if !writer && readers == 0 {
            writer = true
            return
        }
        // `leaveShared` or `leaveExclusive` marks the writer in before it resumes it.
        await withCheckedContinuation { waitingWriters.append($0) }
    }

    func leaveExclusive() {
        if !waitingWriters.isEmpty {
            waitingWriters.removeFirst().resume()
            return
        }
        writer = false
        readers += waitingReaders.count
        for reader in waitingReaders { reader.resume() }
        waitingReaders = []
    }
}
