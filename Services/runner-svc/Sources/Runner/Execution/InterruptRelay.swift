import Synchronization
import WasmHost

/// Carries "the caller went away" from the request's task to the store running on a pool
/// thread: `cancel()` interrupts the attached store at its next epoch tick, or the store attached
/// later at once. Thread-safety: safe from any thread.
final class InterruptRelay: Sendable {
    private let state = Mutex<(handle: StoreInterruptHandle?, cancelled: Bool)>((nil, false))

    func cancel() {
        let handle = state.withLock { s -> StoreInterruptHandle? in
            s.cancelled = true
            return s.handle
        }
        handle?.interrupt()
    }

    func attach(_ handle: StoreInterruptHandle) {
        let cancelled = state.withLock { s -> Bool in
            s.handle = handle
            return s.cancelled
        }
        if cancelled { handle.interrupt() }
    }

    var isCancelled: Bool { state.withLock { $0.cancelled } }
}
