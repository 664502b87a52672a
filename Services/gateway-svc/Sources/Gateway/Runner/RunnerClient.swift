import HTTPCore
import ServiceKit
import Shared
import Synchronization

/// `POST /v1/execute` on the runner, over keep-alive connections of one `HTTPClient`.
///
/// The gateway retries a call by itself only when it cannot have started executing: the
/// connection was refused or timed out while connecting, or the runner answered `overloaded`
/// (it refuses at admission, before running anything). Retries back off exponentially with full
/// jitter, stay within the call's deadline and within a retry budget (a share of all calls). A
/// circuit breaker per runner URL opens after consecutive transport failures; while it is open
/// calls fail at once with 503 `runner_unavailable`, and one probe per `breakerOpenMs` tests
/// whether the runner is back.
final class RunnerClient: Sendable {
    /// The runner's answer: its HTTP status and the decoded envelope (guest response or runner error).
    struct Reply: Sendable {
        let httpStatus: Int
        let response: ExecuteResponse
        let attempts: Int
    }

    let baseURL: ServiceURL
    private let url: String
    private let tokens: ServiceTokenFile?
    private let settings: RunnerSettings
    private let client: HTTPClient
    private let breaker: LockedBox<BreakerState>
    private let budget: Mutex<RetryBudget>
    private let logger: Logger
    private let calls: CounterFamily
    private let retries: Counter
    private let refusedOpen: Counter

    init(baseURL: ServiceURL, tokens: ServiceTokenFile?, settings: RunnerSettings, client: HTTPClient, metrics: MetricsRegistry,
         logger: Logger) {
        self.baseURL = baseURL
        url = baseURL.description + "/v1/execute"
        self.tokens = tokens
        self.settings = settings
        self.client = client
        self.logger = logger
        breaker = LockedBox(BreakerState(failureThreshold: settings.breakerFailures, openNanos: UInt64(settings.breakerOpenMs) * 1_000_000))
        budget = Mutex(RetryBudget(ratio: settings.retryBudgetRatio, now: Now.nanoseconds()))
        calls = metrics.counterFamily("gateway_runner_calls_total", help: "Runner calls by outcome.", labels: ["outcome"])
        retries = metrics.counter("gateway_runner_retries_total", help: "Runner calls retried before execution.")
        refusedOpen = metrics.counter("gateway_runner_breaker_refusals_total", help: "Calls refused by the open circuit breaker.")
        let state = breaker
        metrics.gauge("gateway_runner_breaker_open", help: "1 while the runner's circuit breaker is open.") {
            state.withLock { $0.isOpen } ? 1 : 0
        }
    }

    /// Runs `request` with an execution budget of `timeoutMs`; the guest's response bodies may be
    /// `maxResponseBytes` long. Throws the gateway's public errors: 503 `runner_unavailable` (not
    /// executed: safe to retry), 502 `bad_gateway` or `response_too_large`, 504 `timeout`.
    func execute(_ request: ExecuteRequest, timeoutMs: Int, maxResponseBytes: Int64, traceparent: String? = nil) async throws -> Reply {
        let body = request.encoded()
        let deadline = Now.nanoseconds() + UInt64(timeoutMs + 2000) * 1_000_000
        budget.withLock { $0.deposit(now: Now.nanoseconds()) }
        var attempt = 1
        while true {
            let now = Now.nanoseconds()
            let allowed = breaker.withLock { $0.allow(now: now) }
            guard allowed else {
                refusedOpen.inc()
                calls.labels("breaker_open").inc()
                let wait = breaker.withLock { $0.remainingOpen(now: now) }
                throw Self.unavailable("the runner's circuit breaker is open", retryAfter: max(1, Int((Double(wait) / 1e9).rounded(.up))))
            }
            let outcome = await send(body, request: request, deadline: deadline, maxResponseBytes: maxResponseBytes,
                                     traceparent: traceparent)
            switch outcome {
            case .reply(let status, let response):
                breaker.withLock { $0.recordSuccess() }
                if status == 503, response.error?.code == .overloaded {
                    if try await retry(&attempt, deadline: deadline) { continue }
                    calls.labels("overloaded").inc()
                    throw Self.unavailable("the runner is overloaded", retryAfter: 1)
                }
                calls.labels("answered").inc()
                return Reply(httpStatus: status, response: response, attempts: attempt)
            case .notConnected(let error):
                breaker.withLock { $0.recordFailure(now: Now.nanoseconds()) }
                if try await retry(&attempt, deadline: deadline) { continue }
                calls.labels("unreachable").inc()
                throw Self.unavailable("the runner cannot be reached", retryAfter: 1, cause: error)
            case .broken(let error):
                breaker.withLock { $0.recordFailure(now: Now.nanoseconds()) }
                calls.labels("broken").inc()
                throw AppError(.badGateway, status: 502, "the connection to the runner broke during the call", cause: error)
            case .failed(let error):
                breaker.withLock { $0.recordNeutral() }
                calls.labels(error.code.rawValue).inc()
                throw error
            case .cancelled:
                breaker.withLock { $0.recordNeutral() }
                calls.labels("cancelled").inc()
                throw CancellationError()
            }
        }
    }

    /// Backs off before another attempt if one is allowed (attempts, budget, deadline).
    private func retry(_ attempt: inout Int, deadline: UInt64) async throws -> Bool {
        guard attempt < settings.retryAttempts, budget.withLock({ $0.withdraw(now: Now.nanoseconds()) }) else { return false }
        let ceiling = UInt64(settings.retryBaseMs) << UInt64(attempt - 1) * 1_000_000
        let pause = UInt64.random(in: 0...ceiling)
        guard Now.nanoseconds() + pause < deadline else { return false }
        retries.inc()
        try await Task.sleep(for: .nanoseconds(pause))
        attempt += 1
        return true
    }

    private enum Outcome {
        case reply(Int, ExecuteResponse)
        /// Nothing reached the runner (refused, no route, connect timeout): not executed.
        case notConnected(AppError)
        /// The connection broke after the request may have been read: maybe executed.
        case broken(AppError)
        /// Any other failure, already in public form.
        case failed(AppError)
        case cancelled
    }

    private func send(_ body: [UInt8], request: ExecuteRequest, deadline: UInt64, maxResponseBytes: Int64,
                      traceparent: String?) async -> Outcome {
        var headers: HTTPClientHeaders = ["content-type": "application/json", "x-request-id": request.context.requestID]
        if let token = tokens?.firstToken() { headers.add(name: "authorization", value: "Bearer " + token) }
        if let traceparent { headers.add(name: "traceparent", value: traceparent) }
        let now = Now.nanoseconds()
        guard deadline > now else { return .failed(Self.timeout()) }
        let http = HTTPClientRequest(method: "POST", url: url, headers: headers, body: .bytes(body),
                                     timeout: .nanoseconds(Int64(deadline - now)),
                                     connectTimeout: .milliseconds(settings.connectTimeoutMs),
                                     maxResponseBytes: Int64(Base64.encodedLength(Int(maxResponseBytes))) + (256 << 10))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(http)
        } catch is CancellationError {
            return .cancelled
        } catch let error as AppError {
            switch error.code {
            case .connectFailed, .dnsFailed: return .notConnected(error)
            case .timeout where error.message.hasPrefix("connecting"): return .notConnected(error)
            case .timeout: return .failed(Self.timeout())
            case .transferFailed: return .broken(error)
            case .responseTooLarge:
                return .failed(AppError(.responseTooLarge, status: 502, "the extension's response exceeds \(maxResponseBytes) bytes"))
            case .clientShutdown: return .failed(Self.unavailable("the gateway is shutting down", retryAfter: 1))
            default:
                return .failed(AppError(.badGateway, status: 502, "the runner call failed", cause: error))
            }
        } catch {
            return .failed(AppError(.badGateway, status: 502, "the runner call failed", cause: SendableDescription(error)))
        }
        let limits = WireLimits(maxBodyBytes: Int(maxResponseBytes))
        do {
            return .reply(response.status, try ExecuteResponse.decode(response.body, limits: limits))
        } catch let error as AppError where error.code == .payloadTooLarge {
            return .failed(AppError(.responseTooLarge, status: 502, "the extension's response exceeds \(maxResponseBytes) bytes"))
        } catch {
            logger.warning("runner answer not understood", ["http.status": .int(Int64(response.status)),
                                                            "request.id": .string(request.context.requestID)])
            return .failed(AppError(.badGateway, status: 502, "the runner's answer was not understood"))
        }
    }

    static func unavailable(_ message: String, retryAfter: Int, cause: (any Error & Sendable)? = nil) -> AppError {
        AppError(.runnerUnavailable, status: 503, message, headers: [("Retry-After", String(retryAfter))], cause: cause)
    }

    static func timeout() -> AppError {
        AppError(.timeout, status: 504, "the extension did not answer within its time budget")
    }
}
