import Testing

/// Marks a test that must run with no other test of the process running beside it (see
/// `TestGate`); takes effect in suites that have `.ownThread`. Only for tests that assert a
/// timing bound the issue states: every such test holds up all the others while it runs.
public struct RunsAloneTrait: TestTrait {}

extension Trait where Self == RunsAloneTrait {
    /// Runs this test alone in the test process (`RunsAloneTrait`).
    public static var runsAlone: Self { RunsAloneTrait() }
}
