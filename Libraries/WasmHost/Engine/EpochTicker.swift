import CWasmtime
import Foundation
import Synchronization

/// The one thread that advances an engine's epoch every `interval`, which is what makes store
/// deadlines (`Store.setTimeout`) fire.
///
/// Ownership: holds its own handle to the engine (a `wasmtime_engine_clone`), released by the
/// thread when it exits, so the ticker never outlives what it ticks. Thread-safety: all members
/// are safe from any thread; `stop()` is idempotent.
///
/// Ticks are spaced by a relative sleep, so two ticks are never closer than `interval`: a
/// deadline of n ticks can fire late (scheduling delays) but never earlier than (n - 1) intervals.
public final class EpochTicker: @unchecked Sendable {
    public let interval: Duration
    // Set once in init and owned by the thread (which deletes it); never mutated.
    private let engine: OpaquePointer
    private let stopRequested = Atomic<Bool>(false)
    private let ticks = Atomic<UInt64>(0)
    private let exited = DispatchSemaphore(value: 0)
    private let state = Mutex<State>(.idle)

    private enum State { case idle, running, stopped }

    /// Does not start the thread; call `start()`.
    init(engine: OpaquePointer, interval: Duration) {
        guard let clone = wasmtime_engine_clone(engine) else {
            preconditionFailure("BUG in EpochTicker: wasmtime_engine_clone returned NULL")
        }
        self.engine = clone
        self.interval = interval
    }

    deinit {
        // Never started: the thread never took ownership of the engine handle.
        if state.withLock({ $0 == .idle }) { wasm_engine_delete(engine) }
    }

    /// The number of ticks so far (the engine's epoch, if nothing else increments it).
    public var tickCount: UInt64 { ticks.load(ordering: .acquiring) }

    func start() {
        let shouldStart = state.withLock { state -> Bool in
            guard state == .idle else { return false }
            state = .running
            return true
        }
        guard shouldStart else { return }
        let thread = Thread { [self] in run() }
        thread.name = "wasm-epoch-ticker"
        thread.stackSize = 256 << 10
        thread.start()
    }

    /// Stops ticking and waits (at most about one interval) for the thread to exit.
    public func stop() {
        let wasRunning = state.withLock { state -> Bool in
            defer { if state == .running { state = .stopped } }
            return state == .running
        }
        guard wasRunning else { return }
        stopRequested.store(true, ordering: .releasing)
        exited.wait()
    }

    private func run() {
        let (seconds, attoseconds) = interval.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        while !stopRequested.load(ordering: .acquiring) {
            var remaining = timespec()
            while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
            request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
            if stopRequested.load(ordering: .acquiring) { break }
            // Count first: a store woken by this epoch must already see the new count.
            ticks.add(1, ordering: .releasing)
            wasmtime_engine_increment_epoch(engine)
        }
        wasm_engine_delete(engine)
        exited.signal()
    }
}
