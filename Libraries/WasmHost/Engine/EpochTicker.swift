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
/// Ticks follow the monotonic clock: the thread sleeps until the next multiple of `interval`
/// since it started, and after a late wake-up (a busy machine) it adds every interval that
/// passed, so the count is always `floor(elapsed / interval)` or (briefly) less. Deadlines count
/// from `dueCount` (the clock's count, never behind), so a deadline of n ticks never fires
/// earlier than (n - 1) intervals even right before a catch-up, and fires late only by the
/// scheduling delay of one wake-up, not by the sum of every tick's delay.
public final class EpochTicker: @unchecked Sendable {
    public let interval: Duration
    // Set once in init and owned by the thread (which deletes it); never mutated.
    private let engine: OpaquePointer
    private let stopRequested = Atomic<Bool>(false)
    private let ticks = Atomic<UInt64>(0)
    private let exited = DispatchSemaphore(value: 0)
    private let state = Mutex<State>(.idle)
    /// The monotonic time (ns) ticks are counted from.
    private let origin: UInt64
    private let step: UInt64

    private enum State { case idle, running, stopped }

    /// Does not start the thread; call `start()`.
    init(engine: OpaquePointer, interval: Duration) {
        guard let clone = wasmtime_engine_clone(engine) else {
            preconditionFailure("BUG in EpochTicker: wasmtime_engine_clone returned NULL")
        }
        self.engine = clone
        self.interval = interval
        step = max(1, UInt64(interval.components.seconds) * 1_000_000_000
            + UInt64(interval.components.attoseconds / 1_000_000_000))
        origin = Self.monotonicNanoseconds()
    }

    deinit {
        // Never started: the thread never took ownership of the engine handle.
        if state.withLock({ $0 == .idle }) { wasm_engine_delete(engine) }
    }

    /// The number of ticks so far (the engine's epoch, if nothing else increments it).
    public var tickCount: UInt64 { ticks.load(ordering: .acquiring) }

    /// The ticks the clock says are due now: `tickCount` or (before a late wake-up catches up)
    /// more. A deadline counted from here cannot be reached by the catch-up of ticks that were
    /// already due when it was set.
    public var dueCount: UInt64 { (Self.monotonicNanoseconds() &- origin) / step }

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
        var count: UInt64 = 0
        while !stopRequested.load(ordering: .acquiring) {
            let next = origin + (count + 1) * step
            var until = timespec(tv_sec: Int(next / 1_000_000_000), tv_nsec: Int(next % 1_000_000_000))
            while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, nil) == EINTR {}
            if stopRequested.load(ordering: .acquiring) { break }
            let due = (Self.monotonicNanoseconds() - origin) / step
            while count < due {
                count += 1
                // Count first: a store woken by this epoch must already see the new count.
                ticks.add(1, ordering: .releasing)
                wasmtime_engine_increment_epoch(engine)
            }
        }
        wasm_engine_delete(engine)
        exited.signal()
    }

    static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
