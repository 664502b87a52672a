import Testing

/// Runs each test (each case of a parameterized test) on a thread of its own: see
/// `ThreadExecutor`. Put it on every suite whose tests block or compute for more than a few
/// milliseconds — `@Suite(.ownThread)` — so the cooperative pool stays free for the code under
/// test (in-process servers, HTTP clients, database pools) and for the tests running beside it.
///
/// The test body itself runs there; tasks it creates with `Task {}` and the code under test's
/// own tasks still run on the cooperative pool, which is what they are written for.
///
/// Each test also passes `TestGate` first: shared, or alone when it is marked `.runsAlone`.
public struct OwnThreadTrait: TestTrait, SuiteTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        let alone = test.traits.contains { $0 is RunsAloneTrait }
        if alone { await TestGate.shared.enterExclusive() } else { await TestGate.shared.enterShared() }
        let executor = ThreadExecutor(name: "test-" + test.name)
        do {
            try await withTaskExecutorPreference(executor) {
                guard await executor.hop() else { throw NotOnOwnThread(test: test.name) }
                try await function()
            }
        } catch {
            await leave(executor, alone: alone)
            throw error
        }
        await leave(executor, alone: alone)
    }

    private func leave(_ executor: ThreadExecutor, alone: Bool) async {
        executor.finish()
        if alone { await TestGate.shared.leaveExclusive() } else { await TestGate.shared.leaveShared() }
    }
}

/// The test task never reached its own thread (see `ThreadExecutor.hop`).
struct NotOnOwnThread: Error, CustomStringConvertible {
    let test: String
    var description: String { "BUG in OwnThreadTrait: \(test) never reached its own thread" }
}

extension Trait where Self == OwnThreadTrait {
    /// Runs each test on a thread of its own, off Swift's cooperative pool (`OwnThreadTrait`).
    public static var ownThread: Self { OwnThreadTrait() }
}
