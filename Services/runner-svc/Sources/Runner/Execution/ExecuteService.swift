import Bundle
import HTTPCore
import Shared
import WasmHost

/// `POST /v1/execute` without the HTTP layer: validate, admit, load the module, run it on the
/// blocking pool, account for it. Tests call `execute(_:)` in-process.
///
/// Two ways in: `executeNow` runs on a thread of `pool` (the route's pooled handler) and
/// executes there when the module is in memory, the hot path; `execute` is the async path for
/// everything else (loads, tests), which hops to `pool` for the execution itself.
public final class ExecuteService: Sendable {
    /// Pool threads beyond `concurrency`: with every execution slot busy, they still answer
    /// the next requests at once (401, 400, 503 `overloaded`).
    static let frontThreads = 2

    let engine: Engine
    let table: HostImportTable
    let modules: ModuleCache
    let executor: Executor
    let admission: Admission
    let extensionAdmission: ExtensionAdmission
    /// Runs executions: the route's pooled handler and `execute`'s hop.
    public let pool: BlockingPool
    let metrics: RunnerMetrics
    let settings: ExecutionSettings
    let logger: Logger
    let audit: AuditLog

    init(engine: Engine, table: HostImportTable, modules: ModuleCache, executor: Executor, pool: BlockingPool,
         metrics: RunnerMetrics, settings: ExecutionSettings, audit: AuditLog, logger: Logger) {
        self.engine = engine
        self.table = table
        self.modules = modules
        self.executor = executor
        self.admission = Admission(limit: settings.concurrency)
        self.extensionAdmission = ExtensionAdmission(limit: settings.effectiveExtensionConcurrency)
        self.pool = pool
        self.metrics = metrics
        self.settings = settings
        self.audit = audit
        self.logger = logger
    }

    /// Runs one decoded request. Never throws: every failure is a report with its code.
    /// Cancelling the calling task (the caller disconnected) interrupts the guest.
    func execute(_ request: ExecuteRequest, requestLogger: Logger) async -> ExecutionReport {
        let report: ExecutionReport
        var source: LoadedModule.Source?
        switch enter(request) {
        case .refused(let refused):
            report = refused
        case .admitted(let slot):
            (report, source) = await admitted(request, logger: requestLogger)
            leave(slot)
        }
        finish(request, report, source)
        return report
    }

    /// Runs one decoded request on the calling (pool) thread when its module is in memory;
    /// nil, with nothing done or counted, when the module must be loaded first (go on with
    /// `execute`). `cancellation` interrupts the guest.
    func executeNow(_ request: ExecuteRequest, requestLogger: Logger, cancellation: RequestCancellation)
        -> ExecutionReport?
    {
        let hash = try? ContentHash(parsing: request.context.contentHash)
        let module = hash.flatMap { modules.cached($0) }
        if hash != nil, module == nil { return nil }
        let report: ExecutionReport
        var source: LoadedModule.Source?
        switch enter(request) {
        case .refused(let refused):
            report = refused
        case .admitted(let slot):
            let ran = run(request, logger: requestLogger) { () throws -> (LoadedModule, ExecutionReport) in
                try preflight(request)
                guard let module else { preconditionFailure("BUG in ExecuteService: preflight passed an invalid hash") }
                try checkGrants(request, module)
                let relay = InterruptRelay()
                cancellation.onCancel { relay.cancel() }
                return (module, executor.run(request, module: module, relay: relay, logger: requestLogger))
            }
            (report, source) = (ran.0, ran.1?.source)
            leave(slot)
        }
        finish(request, report, source)
        return report
    }

    private func admitted(_ request: ExecuteRequest, logger: Logger) async -> (ExecutionReport, LoadedModule.Source?) {
        do {
            let hash = try preflight(request)
            let (module, _) = try await modules.module(for: hash)
            try checkGrants(request, module)
            let relay = InterruptRelay()
            let executor = self.executor
            let report = try await withTaskCancellationHandler {
                try await pool.run { executor.run(request, module: module, relay: relay, logger: logger) }
            } onCancel: {
                relay.cancel()
            }
            logDetail(report, logger)
            return (report, module.source)
        } catch is CancellationError {
            return (.failure(AppError(.clientGone, status: 499, "the caller disconnected"), usage: ExecuteUsage()), nil)
        } catch {
            return (failure(error, logger), nil)
        }
    }

    /// The synchronous path's body with the same error mapping as `admitted`.
    private func run(_ request: ExecuteRequest, logger: Logger,
                     _ body: () throws -> (LoadedModule, ExecutionReport)) -> (ExecutionReport, LoadedModule?) {
        do {
            let (module, report) = try body()
            logDetail(report, logger)
            return (report, module)
        } catch {
            return (failure(error, logger), nil)
        }
    }

    /// The checks that need no module: each factor's phase 2, fuel, the content hash.
    @discardableResult
    private func preflight(_ request: ExecuteRequest) throws -> ContentHash {
        try table.validate(request)
        if request.limits.fuel != nil, !engine.config.consumeFuel {
            throw AppError.badRequest("limits.fuel: this runner does not meter fuel")
        }
        return try ContentHash(parsing: request.context.contentHash)
    }

    private func checkGrants(_ request: ExecuteRequest, _ module: LoadedModule) throws(AppError) {
        if let missing = request.grants.first(where: { !module.capabilities.contains($0) }) {
            throw AppError(.capabilityDenied, status: 403,
                           "grants: '\(missing)' is not a capability the extension's manifest declares")
        }
    }

    private func logDetail(_ report: ExecutionReport, _ logger: Logger) {
        if report.errorCode != nil, let detail = report.detail {
            logger.debug("execution failed", ["error.code": .string(report.errorCode?.rawValue ?? ""),
                                              "error.detail": .string(detail)])
        }
    }

    private func failure(_ error: any Error, _ logger: Logger) -> ExecutionReport {
        let app = AppError.wrapping(error)
        if app.code == .internalError { logger.error("execution failed", ["error": .string("\(error)")]) }
        return .failure(app, usage: ExecuteUsage())
    }

    private enum Entry {
        /// Holding the (tenant, extension)'s slot and an execution slot: `leave(slot)` once done.
        case admitted(ExtensionAdmission.Slot)
        /// The 503 `overloaded` report; no slot held.
        case refused(ExecutionReport)
    }

    /// Takes one of the (tenant, extension)'s slots and one of the runner's execution slots, in
    /// that order (both paths, `execute` and `executeNow`).
    private func enter(_ request: ExecuteRequest) -> Entry {
        let key = ExtensionAdmission.Key(tenant: request.context.tenantID, extensionID: request.context.extensionID)
        guard let slot = extensionAdmission.tryEnter(key) else {
            return .refused(overloaded("\(extensionAdmission.limit) executions of this extension are running for this tenant; retry later"))
        }
        guard admission.tryEnter() else {
            extensionAdmission.leave(slot)
            return .refused(overloaded("\(settings.concurrency) executions are running; retry later"))
        }
        metrics.inFlight.inc()
        return .admitted(slot)
    }

    private func leave(_ slot: ExtensionAdmission.Slot) {
        metrics.inFlight.dec()
        admission.leave()
        extensionAdmission.leave(slot)
    }

    private func overloaded(_ message: String) -> ExecutionReport {
        metrics.overloaded.inc()
        return .failure(AppError(.overloaded, status: 503, message, headers: [("Retry-After", "1")]), usage: ExecuteUsage())
    }

    private func finish(_ request: ExecuteRequest, _ report: ExecutionReport, _ source: LoadedModule.Source?) {
        record(report)
        audit.record(request, report: report, moduleSource: source)
    }

    private func record(_ report: ExecutionReport) {
        let usage = report.usage
        if let code = report.errorCode {
            metrics.executions.labels("error", code.rawValue).inc()
        } else {
            metrics.executionsOK.inc()
        }
        metrics.duration.observe(Double(usage.durationUs) / 1e6)
        if usage.memoryPeakBytes > 0 { metrics.memoryPeak.observe(Double(usage.memoryPeakBytes)) }
        metrics.fuel.add(usage.fuelUsed)
        metrics.cpuMicroseconds.add(usage.cpuUs)
        metrics.hostCalls.add(usage.hostCalls)
        metrics.deniedCalls.add(UInt64(report.deniedCalls))
    }
}
