import Synchronization

/// Stops a store's running (or next) execution from any thread, e.g. when the client that asked
/// for it has disconnected. The guest stops with `TrapKind.interrupted` at its next epoch check,
/// within about one tick of `interrupt()`; a call started afterwards fails at once.
/// Needs an engine with epoch interruption (without it, `interrupt()` has no effect on running
/// guest code).
///
/// Thread-safety: safe from any thread; it is the one part of a store meant to be shared.
public final class StoreInterruptHandle: Sendable {
    private let requested = Atomic<Bool>(false)

    init() {}

    /// Requests the stop; idempotent.
    public func interrupt() { requested.store(true, ordering: .releasing) }

    public var isInterrupted: Bool { requested.load(ordering: .acquiring) }
}
