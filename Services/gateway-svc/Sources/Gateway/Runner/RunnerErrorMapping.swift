import Shared

/// Turns a runner-level failure (the `error` of an execute envelope) into the gateway's public
/// error, so clients see documented codes and never the runner's internals.
enum RunnerErrorMapping {
    /// Codes that mean the extension itself failed; they are named in the public message.
    static let extensionFailures: Set<String> = [
        "memory_limit", "fuel_exhausted", "host_call_limit", "guest_trap", "guest_bad_response", "module_invalid",
        "bundle_not_found", "bundle_integrity", "egress_denied",
    ]

    static func publicError(_ failure: ExecuteError, runnerStatus: Int) -> AppError {
        let code = failure.code.rawValue
        switch code {
        case "timeout":
            return AppError(.timeout, status: 504, "the extension did not answer within its time budget")
        case "response_too_large":
            return AppError(.responseTooLarge, status: 502, "the extension's response exceeds the size limit")
        case "capability_denied":
            return AppError(.capabilityDenied, status: 403, "the install grants a capability the extension does not declare")
        case "payload_too_large":
            return AppError(.payloadTooLarge, status: 413, "the request body is too large for the runner")
        case "client_gone":
            return AppError(.requestTimeout, status: 499, "client closed the connection")
        case "overloaded":
            return RunnerClient.unavailable("the runner is overloaded", retryAfter: 1)
        case let c where extensionFailures.contains(c) || c.hasPrefix("bundle_"):
            return AppError(.extensionFailed, status: 502, "the extension failed (\(c))")
        default:
            return AppError(.badGateway, status: 502, "the runner could not run the request")
        }
    }
}
