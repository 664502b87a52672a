import CWasmtime

extension TrapKind {
    /// Maps a Wasmtime trap code to its stable kind. Codes the platform does not single out
    /// (component-model, async and the rarer GC codes) become `guestTrap`; the numeric code is
    /// kept in `Trap.trapCode`.
    init(code: wasmtime_trap_code_t) {
        switch code {
        case WASMTIME_TRAP_CODE_STACK_OVERFLOW: self = .stackOverflow
        case WASMTIME_TRAP_CODE_MEMORY_OUT_OF_BOUNDS, WASMTIME_TRAP_CODE_TABLE_OUT_OF_BOUNDS,
            WASMTIME_TRAP_CODE_ARRAY_OUT_OF_BOUNDS:
            self = .outOfBounds
        case WASMTIME_TRAP_CODE_HEAP_MISALIGNED: self = .heapMisaligned
        case WASMTIME_TRAP_CODE_INDIRECT_CALL_TO_NULL: self = .indirectCallToNull
        case WASMTIME_TRAP_CODE_BAD_SIGNATURE: self = .indirectCallTypeMismatch
        case WASMTIME_TRAP_CODE_INTEGER_OVERFLOW: self = .integerOverflow
        case WASMTIME_TRAP_CODE_INTEGER_DIVISION_BY_ZERO: self = .integerDivisionByZero
        case WASMTIME_TRAP_CODE_BAD_CONVERSION_TO_INTEGER: self = .invalidConversionToInteger
        case WASMTIME_TRAP_CODE_UNREACHABLE_CODE_REACHED: self = .unreachable
        case WASMTIME_TRAP_CODE_INTERRUPT: self = .timeout
        case WASMTIME_TRAP_CODE_OUT_OF_FUEL: self = .fuelExhausted
        case WASMTIME_TRAP_CODE_NULL_REFERENCE: self = .nullReference
        default: self = .guestTrap
        }
    }
}
