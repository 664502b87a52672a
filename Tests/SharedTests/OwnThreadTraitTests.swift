import Foundation
import TestSupport
import Testing

/// `.ownThread` (TestSupport, which has no test target of its own): the test body runs on the
/// trait's thread, before and after it suspends, while the tasks it creates run on the pool.
@Suite(.ownThread) struct OwnThreadTraitTests {
    /// The calling thread's name (`/proc/thread-self/comm`).
    static func threadName() -> String {
        (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8))?
            .trimmingCharacters(in: .newlines) ?? "?"
    }

    @Test func testSynchronousBody_whenSuiteRunsOnOwnThread_runsOnTheTestThread() {
        #expect(Self.threadName() == "test-testSynchr")
    }

    @Test func testAsyncBody_whenItSuspends_resumesOnTheSameTestThread() async throws {
        let before = Self.threadName()
        try await Task.sleep(for: .milliseconds(10))
        let unstructured = await Task { Self.threadName() }.value
        #expect(before == "test-testAsyncB")
        #expect(Self.threadName() == before)
        #expect(unstructured != before, "tasks the test creates run on the cooperative pool")
    }

    @Test(arguments: [1, 2])
    func testParameterizedCase_whenRun_getsAThreadOfItsOwn(_ value: Int) {
        #expect(Self.threadName().hasPrefix("test-testParame"))
        #expect(value > 0)
    }
}
