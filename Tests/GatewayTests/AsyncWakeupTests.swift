import TestSupport
import Testing
@testable import Gateway

@Suite(.ownThread) struct AsyncWakeupTests {
    static func elapsed(_ body: () async -> Void) async -> Duration {
        let start = ContinuousClock.now
        await body()
        return ContinuousClock.now - start
    }

    @Test func testSignal_whenSeveralTasksWait_wakesEveryOne() async {
        let wake = AsyncWakeup()
        let took = await Self.elapsed {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<3 { group.addTask { await wake.wait(timeout: .seconds(30)) } }
                try? await Task.sleep(for: .milliseconds(100))
                wake.signal()
            }
        }
        #expect(took < .seconds(20), "every waiter returned on the signal, none waited for its timeout")
    }

    @Test func testSignal_whenNobodyWaits_isKeptForTheNextWaiterOnly() async {
        let wake = AsyncWakeup()
        wake.signal()
        #expect(await Self.elapsed { await wake.wait(timeout: .seconds(30)) } < .seconds(20))
        #expect(await Self.elapsed { await wake.wait(timeout: .milliseconds(200)) } >= .milliseconds(200))
    }

    @Test func testWait_whenCancelled_returnsAtOnce() async {
        let wake = AsyncWakeup()
        let took = await Self.elapsed {
            let task = Task { await wake.wait(timeout: .seconds(30)) }
            try? await Task.sleep(for: .milliseconds(50))
            task.cancel()
            await task.value
        }
        #expect(took < .seconds(20))
    }
}
