import CWasmtime

extension Store {
    /// Re-arms the deadline: the guest stops with `timeout` once the engine's ticker has ticked
    /// `ticks` more times than are due now (`EpochTicker.dueCount`).
    public func setDeadline(ticks: UInt64) {
        guard let ticker = engine.ticker else { return }
        let (sum, overflow) = max(ticker.tickCount, ticker.dueCount).addingReportingOverflow(ticks)
        deadlineTick = overflow ? UInt64.max : sum
        // Check back every tick: that is what lets `interruptHandle` stop a running guest.
        wasmtime_context_set_epoch_deadline(context, 1)
    }

    /// Re-arms the deadline `timeout` from now (see `Engine.ticks(for:)`).
    public func setTimeout(_ timeout: Duration) {
        if let ticks = engine.ticks(for: timeout) { setDeadline(ticks: ticks) }
    }

    /// Installs the deadline callback (once, at init, when the engine has epochs).
    func installDeadlineCallback() {
        wasmtime_store_epoch_deadline_callback(
            raw,
            { _, data, delta, kind in
                guard let data, let delta, let kind else {
                    preconditionFailure("BUG in Store: deadline callback without data or out-parameters")
                }
                return Unmanaged<Store>.fromOpaque(data).takeUnretainedValue().epochDeadlineReached(delta, kind)
            },
            Unmanaged.passUnretained(self).toOpaque(),  // the Store outlives its library store
            nil)
    }

    /// Runs on the store's thread at each tick while the guest executes: stop it (an error the
    /// call returns; `stopReason` says why) or let it run one more tick.
    private func epochDeadlineReached(_ delta: UnsafeMutablePointer<UInt64>,
                                      _ kind: UnsafeMutablePointer<wasmtime_update_deadline_kind_t>) -> OpaquePointer?
    {
        if interruptHandle.isInterrupted {
            stopReason = .interrupted
            return wasmtime_error_new(Store.interruptedMessage)
        }
        if let ticker = engine.ticker, ticker.tickCount >= deadlineTick {
            stopReason = .timeout
            return wasmtime_error_new(Store.timeoutMessage)
        }
        delta.pointee = 1
        kind.pointee = WASMTIME_UPDATE_DEADLINE_CONTINUE
        return nil
    }

    static let timeoutMessage = "execution deadline exceeded"
    static let interruptedMessage = "execution interrupted by the host"
}
