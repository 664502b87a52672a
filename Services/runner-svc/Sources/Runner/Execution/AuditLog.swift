import Shared

/// One structured record per execution on standard output (the service's JSON-lines logger),
/// with the fields the gateway persists in `extension_execution_log`: request id, tenant,
/// install, version, endpoint, outcome, error code and usage. Never contains bodies or config.
struct AuditLog: Sendable {
    let logger: Logger

    func record(_ request: ExecuteRequest, report: ExecutionReport, moduleSource: LoadedModule.Source?) {
        let c = request.context
        let u = report.usage
        var md: LogMetadata = [
            "audit": .bool(true),
            "request.id": .string(c.requestID),
            "ext.tenant_id": .string(c.tenantID),
            "ext.extension_id": .string(c.extensionID),
            "ext.install_id": .string(c.installID),
            "ext.version_id": .string(c.versionID),
            "ext.content_hash": .string(c.contentHash),
            "ext.endpoint": .string(request.endpoint.map { "\($0.handler) \($0.route)" } ?? "\(request.http.method) \(request.http.path)"),
            "outcome": .string(report.errorCode == nil ? "ok" : "error"),
            "http.status": .int(Int64(report.response.status)),
            "usage.duration_us": .int(Int64(clamping: u.durationUs)),
            "usage.cpu_us": .int(Int64(clamping: u.cpuUs)),
            "usage.memory_peak_bytes": .int(Int64(clamping: u.memoryPeakBytes)),
            "usage.fuel_used": .int(Int64(clamping: u.fuelUsed)),
            "usage.egress_bytes": .int(Int64(clamping: u.egressBytes)),
            "usage.host_calls": .int(Int64(clamping: u.hostCalls)),
        ]
        if let code = report.errorCode { md["error.code"] = .string(code.rawValue) }
        if let moduleSource { md["module.source"] = .string(moduleSource.rawValue) }
        logger.info("execution", md)
    }
}
