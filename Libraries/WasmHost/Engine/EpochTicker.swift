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
/// The count follows the monotonic clock: tick k is due `k * interval` after the start, and a
/// late wake-up (a loaded machine) catches up with every interval that passed. So a deadline of
/// n ticks fires late by one scheduling delay, not by n of them added up, and never earlier
/// than (n - 1) intervals.
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
        let step = max(1, Int64(seconds) * 1_000_000_000 + attoseconds / 1_000_000_000)
        let start = Self.monotonicNanoseconds()
        var count: Int64 = 0
        while !stopRequested.load(ordering: .acquiring) {
            let due = start + (count + 1) * step
            var request = timespec(tv_sec: Int(due / 1_000_000_000), tv_nsec: Int(due % 1_000_000_000))
            while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &request, nil) == EINTR {}
            if stopRequested.load(ordering: .acquiring) { break }
            let passed = max(count + 1, (Self.monotonicNanoseconds() - start) / step)
            // Count first: a store woken by this epoch must already see the new count.
            ticks.add(UInt64(passed - count), ordering: .releasing)
            count = passed
            wasmtime_engine_increment_epoch(engine)
        }
        wasm_engine_delete(engine)
        exited.signal()
    }

    private static func monotonicNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
