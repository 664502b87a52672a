import Shared

/// One structured record per execution on standard output (the service's JSON-lines logger),
/// with the fields the gateway persists in `extension_execution_log`: request id, tenant,
/// install, version, endpoint, outcome, error code and usage. Never contains bodies or config.
/// Written through `Logger.log(_:_:fields:)`, so the JSON-lines handler renders it without a
/// dictionary (the fields below are in ascending key order, as that API requires).
struct AuditLog: Sendable {
    let logger: Logger

    func record(_ request: ExecuteRequest, report: ExecutionReport, moduleSource: LoadedModule.Source?) {
        let c = request.context
        let u = report.usage
        logger.log(.info, "execution") { f in
            f.add("audit", true)
            if let code = report.errorCode { f.add("error.code", code.rawValue) }
            f.add("ext.content_hash", c.contentHash)
            f.add("ext.endpoint", request.endpoint.map { "\($0.handler) \($0.route)" } ?? "\(request.http.method) \(request.http.path)")
            f.add("ext.extension_id", c.extensionID)
            f.add("ext.install_id", c.installID)
            f.add("ext.tenant_id", c.tenantID)
            f.add("ext.version_id", c.versionID)
            f.add("http.status", report.response.status)
            if let moduleSource { f.add("module.source", moduleSource.rawValue) }
            f.add("outcome", report.errorCode == nil ? "ok" : "error")
            f.add("request.id", c.requestID)
            f.add("usage.cpu_us", u.cpuUs)
            f.add("usage.duration_us", u.durationUs)
            f.add("usage.egress_bytes", u.egressBytes)
            f.add("usage.fuel_used", u.fuelUsed)
            f.add("usage.host_calls", u.hostCalls)
            f.add("usage.memory_peak_bytes", u.memoryPeakBytes)
        }
    }
}
