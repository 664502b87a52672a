import HTTPCore
import ServiceKit
import Shared

/// Builds and sends one execution for a resolved install: the effective limits, the per-request
/// scoped token (tenant, install, request, expiry) for the runner's storage and secrets calls,
/// and the runner call itself. Shared by the public API and event deliveries.
struct Executor: Sendable {
    let runner: RunnerClient
    let scopedKeys: ScopedTokenKeys?
    let settings: RunnerSettings
    let maxResponseBytes: Int64

    /// The install's timeout (or the default) within the configured maximum.
    func timeoutMs(for install: ResolvedInstall) -> Int {
        min(install.timeoutMs ?? settings.defaultTimeoutMs, settings.maxTimeoutMs)
    }

    /// The execute request; throws 503 when no scoped-token key is configured (fail closed).
    func request(requestID: String, install: ResolvedInstall, http: ExecuteHTTPRequest, endpoint: ExecuteEndpoint?,
                 user: ExecuteUser?, trigger: String = "http", timeoutMs: Int) throws(AppError) -> ExecuteRequest {
        let expiry = Now.unixSeconds() + Int64(timeoutMs / 1000) + 30
        guard let token = scopedKeys?.mint(ScopedToken(tenantID: install.tenantID, installID: install.installID,
                                                       requestID: requestID, expiresAt: expiry)) else {
            throw AppError(.unavailable, status: 503, "the gateway has no scoped-token key (SCOPED_TOKEN_KEYS_FILE)")
        }
        let context = ExecuteContext(requestID: requestID, tenantID: install.tenantID, extensionID: install.extensionID,
                                     installID: install.installID, versionID: install.versionID, contentHash: install.contentHash,
                                     config: install.config)
        return ExecuteRequest(mustUnderstand: trigger == "http" ? [] : ["trigger"], context: context, http: http,
                              limits: ExecuteLimits(timeoutMs: timeoutMs, memoryMB: install.memoryMB, fuel: install.fuel),
                              grants: install.grants, egress: EgressPolicy(allow: install.egressAllow), scopedToken: token,
                              endpoint: endpoint, user: user, trigger: trigger)
    }

    func run(_ request: ExecuteRequest, traceparent: String? = nil) async throws -> RunnerClient.Reply {
        try await runner.execute(request, timeoutMs: request.limits.timeoutMs, maxResponseBytes: maxResponseBytes,
                                 traceparent: traceparent)
    }
}
