import Bundle
import HTTPCore
import Shared
import WasmHost

/// `POST /v1/execute` without the HTTP layer: validate, admit, load the module, run it on the
/// blocking pool, account for it. Tests call `execute(_:)` in-process.
public final class ExecuteService: Sendable {
    let engine: Engine
    let table: HostImportTable
    let modules: ModuleCache
    let executor: Executor
    let admission: Admission
    let extensionAdmission: ExtensionAdmission
    let pool: BlockingPool
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
        let key = ExtensionAdmission.Key(tenant: request.context.tenantID, extensionID: request.context.extensionID)
        if !extensionAdmission.tryEnter(key) {
            metrics.overloaded.inc()
            report = .failure(AppError(.overloaded, status: 503, "\(extensionAdmission.limit) executions of this extension are running for this tenant; retry later",
                                       headers: [("Retry-After", "1")]), usage: ExecuteUsage())
        } else if admission.tryEnter() {
            metrics.inFlight.inc()
            (report, source) = await admitted(request, logger: requestLogger)
            metrics.inFlight.dec()
            admission.leave()
            extensionAdmission.leave(key)
        } else {
            extensionAdmission.leave(key)
            metrics.overloaded.inc()
            report = .failure(AppError(.overloaded, status: 503, "\(settings.concurrency) executions are running; retry later",
                                       headers: [("Retry-After", "1")]), usage: ExecuteUsage())
        }
        record(report)
        audit.record(request, report: report, moduleSource: source)
        return report
    }

    private func admitted(_ request: ExecuteRequest, logger: Logger) async -> (ExecutionReport, LoadedModule.Source?) {
        do {
            try table.validate(request)
            if request.limits.fuel != nil, !engine.config.consumeFuel {
                throw AppError.badRequest("limits.fuel: this runner does not meter fuel")
            }
            let hash = try ContentHash(parsing: request.context.contentHash)
            let (module, _) = try await modules.module(for: hash)
            if let missing = request.grants.first(where: { !module.capabilities.contains($0) }) {
                throw AppError(.capabilityDenied, status: 403,
                               "grants: '\(missing)' is not a capability the extension's manifest declares")
            }
            let relay = InterruptRelay()
            let executor = self.executor
            let report = try await withTaskCancellationHandler {
                try await pool.run { executor.run(request, module: module, relay: relay, logger: logger) }
            } onCancel: {
                relay.cancel()
            }
            if report.errorCode != nil, let detail = report.detail {
                logger.debug("execution failed", ["error.code": .string(report.errorCode?.rawValue ?? ""),
                                                  "error.detail": .string(detail)])
            }
            return (report, module.source)
        } catch is CancellationError {
            return (.failure(AppError(.clientGone, status: 499, "the caller disconnected"), usage: ExecuteUsage()), nil)
        } catch {
            let app = AppError.wrapping(error)
            if app.code == .internalError { logger.error("execution failed", ["error": .string("\(error)")]) }
            return (.failure(app, usage: ExecuteUsage()), nil)
        }
    }

    private func record(_ report: ExecutionReport) {
        let usage = report.usage
        metrics.executions.labels(report.errorCode == nil ? "ok" : "error", report.errorCode?.rawValue ?? "").inc()
        metrics.duration.observe(Double(usage.durationUs) / 1e6)
        if usage.memoryPeakBytes > 0 { metrics.memoryPeak.observe(Double(usage.memoryPeakBytes)) }
        metrics.fuel.add(usage.fuelUsed)
        metrics.cpuMicroseconds.add(usage.cpuUs)
        metrics.hostCalls.add(usage.hostCalls)
        metrics.deniedCalls.add(UInt64(report.deniedCalls))
    }
}
