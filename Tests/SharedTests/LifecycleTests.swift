import Synchronization
import TestSupport
import Testing
@testable import Shared

#if canImport(Glibc)
import Glibc
#endif

/// A service that records when it starts and stops, and can fail or return on request.
private final class RecordingService: Service {
    enum Behaviour: Sendable { case runUntilCancelled, fail, returnEarly }

    let name: String
    let journal: Journal
    let behaviour: Behaviour
    let shutdownDelayMilliseconds: Int

    init(_ name: String, _ journal: Journal, _ behaviour: Behaviour = .runUntilCancelled, shutdownDelayMilliseconds: Int = 0) {
        self.name = name
        self.journal = journal
        self.behaviour = behaviour
        self.shutdownDelayMilliseconds = shutdownDelayMilliseconds
    }

    struct Boom: Error {}

    func run() async throws {
        journal.append("start \(name)")
        switch behaviour {
        case .fail:
            throw Boom()
        case .returnEarly:
            journal.append("return \(name)")
            return
        case .runUntilCancelled:
            await waitUntilCancelled()
            // Cleanup that must finish before the next service (in reverse order) is stopped.
            usleep(UInt32(shutdownDelayMilliseconds * 1000))
            journal.append("stop \(name)")
        }
    }
}

private final class Journal: Sendable {
    private let entries = Mutex<[String]>([])
    func append(_ s: String) { entries.withLock { $0.append(s) } }
    var all: [String] { entries.withLock { $0 } }
}

/// Polls `condition` for at most 10 s.
private func until(_ condition: () -> Bool) async -> Bool {
    for _ in 0..<2000 {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}

@Suite(.ownThread) struct LifecycleTests {
    private let logger = Logger(label: "test", handler: InMemoryLogHandler())

    @Test func testRun_whenShutdownTriggered_stopsServicesInReverseOrder() async throws {
        let journal = Journal()
        let group = ServiceGroup([.init("a", RecordingService("a", journal)),
                                  .init("b", RecordingService("b", journal, shutdownDelayMilliseconds: 30)),
                                  .init("c", RecordingService("c", journal))],
                                 signals: [], logger: logger)
        let running = Task { try await group.run() }
        try #require(await until { journal.all.count == 3 })
        group.triggerShutdown()
        try await running.value
        #expect(Set(journal.all.prefix(3)) == ["start a", "start b", "start c"])
        #expect(Array(journal.all.dropFirst(3)) == ["stop c", "stop b", "stop a"])
    }

    @Test func testRun_whenRunningTaskCancelled_shutsDownGracefully() async throws {
        let journal = Journal()
        let group = ServiceGroup([.init("only", RecordingService("only", journal))], signals: [], logger: logger)
        let running = Task { try await group.run() }
        try #require(await until { !journal.all.isEmpty })
        running.cancel()
        try await running.value
        #expect(journal.all == ["start only", "stop only"])
    }

    @Test func testRun_whenAServiceFails_stopsTheOthersAndRethrows() async throws {
        let journal = Journal()
        let group = ServiceGroup([.init("steady", RecordingService("steady", journal)),
                                  .init("broken", RecordingService("broken", journal, .fail))],
                                 signals: [], logger: logger)
        do {
            try await group.run()
            Issue.record("expected the failure to propagate")
        } catch let error as ServiceGroupError {
            #expect(error.service == "broken")
            #expect(error.underlying is RecordingService.Boom)
        }
        #expect(journal.all.contains("stop steady"))
    }

    @Test func testRun_whenAServiceReturnsEarly_shutsDownWithoutError() async throws {
        let journal = Journal()
        let group = ServiceGroup([.init("steady", RecordingService("steady", journal)),
                                  .init("oneshot", RecordingService("oneshot", journal, .returnEarly))],
                                 signals: [], logger: logger)
        try await group.run()
        #expect(journal.all.last == "stop steady")
    }

    @Test func testRun_whenSignalArrives_shutsDown() async throws {
        // SIGUSR2 keeps the test process's SIGTERM/SIGINT handling untouched.
        let journal = Journal()
        let group = ServiceGroup([.init("svc", RecordingService("svc", journal))], signals: [SIGUSR2], logger: logger)
        let running = Task { try await group.run() }
        try #require(await until { !journal.all.isEmpty })
        // Handlers are installed before services start; resend until seen, for a bounded time.
        var attempts = 0
        while !journal.all.contains("stop svc") && attempts < 250 {
            kill(getpid(), SIGUSR2)
            attempts += 1
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(journal.all == ["start svc", "stop svc"])
        group.triggerShutdown()  // only matters if the signal never arrived
        try await running.value
    }

    @Test func testOneShotEvent_whenFiredBeforeOrAfterWaiting_releasesEveryWaiter() async {
        let event = OneShotEvent()
        let waiters = (0..<5).map { _ in Task { await event.wait() } }
        #expect(event.fire())
        #expect(!event.fire(), "fires once")
        for w in waiters { await w.value }
        await event.wait()  // after firing: returns at once
        #expect(event.hasFired)
    }
}
