/// Lets `parties` tasks wait for each other once. Bounded: if the others never arrive (a broken
/// test), waiters are released after `timeout` so the test fails on its expectations instead of
/// hanging.
actor Barrier {
    private let parties: Int
    private let timeout: Duration
    private var arrived = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(parties: Int, timeout: Duration = .seconds(10)) {
        self.parties = parties
        self.timeout = timeout
    }

    func arrive() async {
        arrived += 1
        if arrived >= parties {
            releaseAll()
            return
        }
        let timeout = self.timeout
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.releaseAll()
        }
        await withCheckedContinuation { waiters.append($0) }
        timer.cancel()
    }

    private func releaseAll() {
        waiters.forEach { $0.resume() }
        waiters.removeAll()
    }
}
