import Shared
import WasmHost

/// The runner-level failures of `POST /v1/execute`, one place for every code's HTTP status
/// (the table in docs/runner.md).
enum RunnerFailure {
    static func trap(_ trap: Trap, timeoutMs: Int) -> AppError {
        switch trap.kind {
        case .timeout: AppError(.timeout, status: 504, "the handler exceeded its \(timeoutMs) ms deadline")
        case .fuelExhausted: AppError(.fuelExhausted, status: 502, "the handler ran out of fuel")
        case .memoryLimit: memoryLimit(trap.message)
        case RunnerTrap.hostCallLimit: AppError(.hostCallLimit, status: 502, trap.message)
        case .interrupted: AppError(.clientGone, status: 499, "the caller disconnected; the execution was interrupted")
        default: AppError(.guestTrap, status: 502, "\(trap.kind.rawValue): \(trap.message)")
        }
    }

    static func wasmtime(_ error: WasmtimeError) -> AppError {
        switch error.kind {
        case .memoryLimit: memoryLimit(error.message)
        case .poolExhausted:
            AppError(.overloaded, status: 503, "no free instance slot; retry later", headers: [("Retry-After", "1")])
        case .linkError, .exportNotFound, .signatureMismatch, .invalidModule: AppError(.moduleInvalid, status: 422, error.message)
        case .storeLimit: AppError(.guestTrap, status: 502, "store_limit: \(error.message)")
        default: AppError.internalError("execution failed", cause: error)
        }
    }

    static func memoryLimit(_ message: String) -> AppError { AppError(.memoryLimit, status: 502, message) }

    static func responseTooLarge(_ cap: Int) -> AppError {
        AppError(.responseTooLarge, status: 502, "the handler's response body exceeded \(cap) bytes")
    }

    static func badResponse(_ message: String) -> AppError { AppError(.guestBadResponse, status: 502, message) }
}
