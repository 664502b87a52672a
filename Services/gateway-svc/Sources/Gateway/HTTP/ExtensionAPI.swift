import HTTPCore
import Shared

/// The public extension API, `/api/ext/{extension}/{path...}`, in pipeline order
/// (docs/gateway.md): authenticate (header phase) → tenant → path → rate limits → resolve →
/// endpoint match → quotas → concurrency → idempotency → runner → response headers → execution
/// log and usage. Every answer carries `x-request-id` (the server adds it) and, for allowed
/// origins, CORS headers; every error is `{error:{code,message,request_id}}`.
struct ExtensionAPI: Sendable {
    let auth: GatewayAuthenticator
    let installs: InstallCache
    let rateLimiter: RateLimiter
    let concurrency: ConcurrencyGate
    let quotas: QuotaLedger
    let idempotency: IdempotencyStore?
    let executor: Executor
    let log: ExecutionLogWriter
    let apiKeys: APIKeyDirectory
    let cors: CORSPolicy
    let metrics: GatewayMetrics

    /// What one request learned on its way, for the execution log.
    struct Trace: Sendable {
        var principal: Principal?
        var install: ResolvedInstall?
        var endpoint: EndpointTemplate?
        var usage: ExecuteUsage?
        var guestLogs: [GuestLogLine] = []
        var logged = true
        var runnerNanos: UInt64 = 0
    }

    func handle(_ request: HTTPRequest) async throws -> HTTPResponse {
        let started = Now.nanoseconds()
        let startedMicros = Now.unixMicroseconds()
        var trace = Trace()
        var response: HTTPResponse
        var errorCode: String?
        do {
            response = try await pipeline(request, &trace)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            let e = AppError.wrapping(error)
            if e.httpStatus >= 500, e.code != .runnerUnavailable {
                request.logger.warning("extension request failed", ["error.code": .string(e.code.rawValue), "error": .string(e.description)])
            }
            errorCode = e.code.rawValue
            response = HTTPResponse.error(e, requestID: request.requestID)
        }
        cors.decorate(&response, for: request)
        let elapsed = Now.nanoseconds() - started
        metrics.observe(status: response.status, code: errorCode, tenant: trace.principal?.tenantID, total: elapsed,
                        runner: trace.runnerNanos)
        if trace.logged, let principal = trace.principal {
            log.append(ExecutionRecord(
                startedAtMicros: startedMicros, tenantID: principal.tenantID, requestID: request.requestID,
                correlationID: request.headers["idempotency-key"].flatMap { IdempotencyStore.isValidKey($0) && $0.utf8.count <= 128 ? $0 : nil },
                registryID: trace.install?.extensionID, installID: trace.install?.installID, versionID: trace.install?.versionID,
                contentHash: trace.install?.contentHash, endpointMethod: trace.endpoint?.method, endpointPath: trace.endpoint?.path,
                httpStatus: min(max(response.status, 100), 599), errorCode: errorCode, durationMicros: Int64(elapsed / 1000),
                usage: trace.usage, guestLogs: trace.guestLogs))
        }
        return response
    }

    private func pipeline(_ request: HTTPRequest, _ trace: inout Trace) async throws -> HTTPResponse {
        let principal = try await auth.principal(for: request)
        let path = try ExtensionPath(target: request.target)
        guard principal.allows(extension: path.extensionName) else {
            throw AppError(.forbidden, status: 403, "this API key may not call this extension")
        }
        apiKeys.noteUsed(principal)
        do {
            try rateLimiter.admit(tenant: principal.tenantID, extension: path.extensionName)
        } catch {
            trace.logged = false
            throw error
        }
        trace.principal = principal
        let install = try await installs.resolve(tenant: principal.tenantID, name: path.extensionName)
        trace.install = install
        let match = try install.endpoints.match(method: request.method.rawValue, segments: path.segments)
        trace.endpoint = match.endpoint
        try quotas.admit(tenant: principal.tenantID, registryID: install.extensionID)
        do {
            try concurrency.enter(tenant: principal.tenantID, extension: path.extensionName)
        } catch {
            trace.logged = false
            throw error
        }
        defer { concurrency.leave(tenant: principal.tenantID, extension: path.extensionName) }

        let body = try request.body.readAll()
        let key = try idempotencyKey(request)
        if let key {
            switch try await startIdempotent(key, request: request, path: path, body: body, principal: principal, install: install) {
            case .replay(let stored):
                trace.logged = false
                return stored.response
            case .proceed: break
            }
        }
        do {
            let response = try await execute(request, path: path, body: body, principal: principal, install: install,
                                             match: match, trace: &trace)
            if let key { await completeIdempotent(key, principal: principal, install: install, response: response, request: request) }
            return response
        } catch let e as AppError {
            if let key {
                if e.code == .runnerUnavailable || e.code == .unavailable {
                    await releaseIdempotent(key, principal: principal, install: install, request: request)
                } else {
                    await completeIdempotent(key, principal: principal, install: install,
                                             response: HTTPResponse.error(e, requestID: request.requestID), request: request)
                }
            }
            throw e
        } catch {
            if let key { await releaseIdempotent(key, principal: principal, install: install, request: request) }
            throw error
        }
    }

    /// Builds the execute request, runs it and turns the runner's answer into the client's response.
    private func execute(_ request: HTTPRequest, path: ExtensionPath, body: [UInt8], principal: Principal,
                         install: ResolvedInstall, match: EndpointTable.Match, trace: inout Trace) async throws -> HTTPResponse {
        let http = ExecuteHTTPRequest(method: request.method == .head ? "GET" : request.method.rawValue, path: path.rawPath,
                                      query: request.query.map { NameValuePair($0.name, $0.value) },
                                      headers: try HeaderPolicy.forward(request.headers, requestID: request.requestID), body: body)
        let timeout = executor.timeoutMs(for: install)
        let execute = try executor.request(requestID: request.requestID, install: install, http: http,
                                           endpoint: ExecuteEndpoint(route: match.endpoint.path, handler: match.endpoint.handler,
                                                                     params: match.params),
                                           user: principal.user, timeoutMs: timeout)
        let callStarted = Now.nanoseconds()
        let reply = try await executor.run(execute, traceparent: request.headers["traceparent"])
        trace.runnerNanos = Now.nanoseconds() - callStarted
        let response = reply.response
        trace.usage = response.usage
        trace.guestLogs = ExecutionRecord.keptLogs(response.logs)
        quotas.record(tenant: principal.tenantID, registryID: install.extensionID, cpuMicroseconds: Int64(clamping: response.usage.cpuUs),
                      egressBytes: Int64(clamping: response.usage.egressBytes))
        if let failure = response.error {
            throw RunnerErrorMapping.publicError(failure, runnerStatus: reply.httpStatus)
        }
        guard (100...599).contains(response.status), reply.httpStatus == 200 else {
            throw AppError(.badGateway, status: 502, "the runner's answer was not understood")
        }
        return HTTPResponse(status: response.status, headers: HeaderPolicy.back(response.headers),
                            body: response.body.isEmpty ? .empty : .bytes(response.body))
    }
}
