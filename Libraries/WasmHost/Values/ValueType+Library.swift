import CWasmtime

extension ValueType {
    /// Classifies a borrowed library value type without `wasm_valtype_kind`, which aborts the
    /// process for v128 and GC reference types (an untrusted module can contain both): the type
    /// is compared with prototypes instead.
    init(classifying type: OpaquePointer) {
        let p = ValueTypePrototypes.shared
        if wasmtime_wasm_valtype_equal(type, p.i32) {
            self = .i32
        } else if wasmtime_wasm_valtype_equal(type, p.i64) {
            self = .i64
        } else if wasmtime_wasm_valtype_equal(type, p.f32) {
            self = .f32
        } else if wasmtime_wasm_valtype_equal(type, p.f64) {
            self = .f64
        } else if wasmtime_wasm_valtype_equal(type, p.v128) {
            self = .v128
        } else {
            self = .reference
        }
    }

    /// A new owned library value type; only numeric types are ever constructed by the host.
    func makeLibraryType() -> OpaquePointer {
        let made: OpaquePointer? =
            switch self {
            case .i32: wasm_valtype_new(WASM_I32)
            case .i64: wasm_valtype_new(WASM_I64)
            case .f32: wasm_valtype_new(WASM_F32)
            case .f64: wasm_valtype_new(WASM_F64)
            case .v128, .reference: nil
            }
        guard let made else { preconditionFailure("BUG in ValueType: cannot construct a host signature with \(self)") }
        return made
    }
}
