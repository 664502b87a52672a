import CWasmtime

/// Library value types to compare against; created once and kept for the process lifetime.
final class ValueTypePrototypes: @unchecked Sendable {
    // Immutable after init; the library's type objects are plain immutable data.
    let i32: OpaquePointer
    let i64: OpaquePointer
    let f32: OpaquePointer
    let f64: OpaquePointer
    let v128: OpaquePointer

    static let shared = ValueTypePrototypes()

    private init() {
        guard let i32 = wasm_valtype_new(WASM_I32), let i64 = wasm_valtype_new(WASM_I64),
              let f32 = wasm_valtype_new(WASM_F32), let f64 = wasm_valtype_new(WASM_F64),
              let v128 = wasmtime_wasm_valtype_v128()
        else { preconditionFailure("BUG in ValueTypePrototypes: the library returned no value type") }
        (self.i32, self.i64, self.f32, self.f64, self.v128) = (i32, i64, f32, f64, v128)
    }
}
