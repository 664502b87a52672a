import Shared
import WasmHost

/// Runs one execution to completion on the calling (pool) thread: a fresh store with the
/// request's limits, instantiate, call `alga_handle`, then the outcome of docs/guest-abi.md §2.1.
struct Executor: Sendable {
    let engine: Engine
    let table: HostImportTable
    let settings: ExecutionSettings
    let guestMetrics: GuestMetrics

    /// Never throws: every failure becomes a report with its code.
    func run(_ request: ExecuteRequest, module: LoadedModule, relay: InterruptRelay, logger: Logger) -> ExecutionReport {
        let startNanos = CPUClock.monotonicNanoseconds()
        let startCPU = CPUClock.threadNanoseconds()
        let state = ExecutionState(request: request, limits: settings.guest, logger: logger, metrics: guestMetrics)
        table.prepare(state)
        let timeoutMs = min(request.limits.timeoutMs, settings.maxTimeoutMs)
        let memoryBytes = min(request.limits.memoryMB, settings.maxMemoryMB) << 20

        var outcome: Result<Int32, any Error>
        var storeUsage: StoreUsage?
        do {
            let store = try Store(engine: engine, limits: StoreLimits(memoryBytes: memoryBytes),
                                  timeout: .milliseconds(timeoutMs), fuel: settings.effectiveFuel(request.limits.fuel),
                                  userData: state)
            relay.attach(store.interruptHandle)
            outcome = Result {
                let instance = try store.instantiate(module.pre)
                let results = try instance.call("alga_handle")
                guard case .i32(let code)? = results.first else {
                    preconditionFailure("BUG in Executor: alga_handle was validated as [] -> [i32]")
                }
                return code
            }
            storeUsage = store.usage
        } catch {
            outcome = .failure(error)
        }

        let usage = ExecuteUsage(
            durationUs: (CPUClock.monotonicNanoseconds() &- startNanos) / 1000,
            cpuUs: (CPUClock.threadNanoseconds() &- startCPU) / 1000,
            memoryPeakBytes: UInt64(storeUsage?.peakMemoryBytes ?? 0),
            fuelUsed: storeUsage?.fuelConsumed ?? 0,
            egressBytes: state.egressBytes,
            hostCalls: UInt64(state.hostCalls))
        var report = Self.report(outcome, state: state, memoryCapReached: storeUsage?.memoryCapReached ?? false,
                                 timeoutMs: timeoutMs, usage: usage)
        report.deniedCalls = state.deniedCalls
        report.response.logs = state.returnedLogs  // also for failures: what the guest said before it failed
        return report
    }

    /// The outcome precedence of §2.1: module_invalid, timeout, fuel_exhausted, memory_limit,
    /// host_call_limit, guest_trap, response_too_large, guest_bad_response.
    static func report(_ outcome: Result<Int32, any Error>, state: ExecutionState, memoryCapReached: Bool,
                       timeoutMs: Int, usage: ExecuteUsage) -> ExecutionReport {
        switch outcome {
        case .success(0) where !state.response.tooLarge:
            let r = state.response
            return ExecutionReport(response: ExecuteResponse(status: r.status, headers: r.headers, body: r.body, usage: usage),
                                   httpStatus: 200, errorCode: nil, detail: nil)
        case .success(let code):
            if memoryCapReached {
                return .failure(RunnerFailure.memoryLimit("the guest failed after reaching its memory limit"), usage: usage)
            }
            if state.response.tooLarge {
                return .failure(RunnerFailure.responseTooLarge(state.limits.responseBodyBytes), usage: usage)
            }
            return .failure(RunnerFailure.badResponse("alga_handle returned \(code)"), usage: usage)
        case .failure(let trap as Trap):
            return .failure(RunnerFailure.trap(trap, timeoutMs: timeoutMs), usage: usage, detail: trap.details)
        case .failure(let error as WasmtimeError):
            return .failure(RunnerFailure.wasmtime(error), usage: usage, detail: error.details)
        case .failure(let error):
            return .failure(AppError.wrapping(error), usage: usage, detail: "\(error)")
        }
    }
}
