import Shared

/// Runs `work` every `interval` until cancelled, and once more on the way out.
struct Periodic: Service {
    let interval: Duration
    let work: @Sendable () async -> Void

    init(every interval: Duration, _ work: @escaping @Sendable () async -> Void) {
        self.interval = interval
        self.work = work
    }

    func run() async throws {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            await work()
        }
    }
}
