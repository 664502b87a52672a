import CWasmtime

/// Cranelift's optimisation level.
public enum OptimizationLevel: String, Sendable, Hashable {
    case none
    case speed
    case speedAndSize = "speed_and_size"

    var library: wasmtime_opt_level_t {
        switch self {
        case .none: WASMTIME_OPT_LEVEL_NONE
        case .speed: WASMTIME_OPT_LEVEL_SPEED
        case .speedAndSize: WASMTIME_OPT_LEVEL_SPEED_AND_SIZE
        }
    }
}
