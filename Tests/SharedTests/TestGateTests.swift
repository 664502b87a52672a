import Synchronization
import Testing
@testable import TestSupport

/// `TestGate` (TestSupport, which has no test target of its own): exclusive entrants wait for
/// the shared ones inside, and shared entrants that come after a waiting exclusive one wait
/// behind it.
@Suite(.ownThread) struct TestGateTests {
    /// The order in which entrants got in.
    final class Entries: Sendable {
        private let list = Mutex<[String]>([])
        func append(_ name: String) { list.withLock { $0.append(name) } }
        var all: [String] { list.withLock { $0 } }
    }

    /// Polls (bounded, 5 s) until `condition` holds.
    private func until(_ condition: () async -> Bool) async -> Bool {
        for _ in 0..<5000 {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return await condition()
    }

    @Test func testGate_whenExclusiveWaits_laterSharedEntrantsWaitBehindIt() async {
        let gate = TestGate()
        let order = Entries()
        await gate.enterShared()
        let exclusive = Task {
            await gate.enterExclusive()
            order.append("exclusive")
            await gate.leaveExclusive()
        }
        #expect(await until { await gate.waiting.exclusive == 1 })
        let shared = Task {
            await gate.enterShared()
            order.append("shared")
            await gate.leaveShared()
        }
        #expect(await until { await gate.waiting.shared == 1 })
        #expect(order.all.isEmpty, "both wait while the first shared entrant is inside")
        await gate.leaveShared()
        await exclusive.value
        await shared.value
        #expect(order.all == ["exclusive", "shared"])
    }

    @Test func testGate_whenOnlySharedEntrants_theyPassTogether() async {
        let gate = TestGate()
        await gate.enterShared()
        await gate.enterShared()
        #expect(await gate.waiting == (shared: 0, exclusive: 0))
        await gate.leaveShared()
        await gate.leaveShared()
        await gate.enterExclusive()
        await gate.leaveExclusive()
    }
}
