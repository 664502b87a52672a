import CWasmtime

extension Value {
    /// Reads a raw slot of a known numeric type.
    init(raw: wasmtime_val_raw_t, as type: ValueType) {
        switch type {
        case .i32: self = .i32(raw.i32)
        case .i64: self = .i64(raw.i64)
        case .f32: self = .f32(raw.f32)
        case .f64: self = .f64(raw.f64)
        case .v128, .reference: preconditionFailure("BUG in Value: raw slot of non-numeric type \(type)")
        }
    }

    /// A raw slot holding this value (the other bytes zeroed).
    var raw: wasmtime_val_raw_t {
        var slot = wasmtime_val_raw_t()
        switch self {
        case .i32(let v): slot.i32 = v
        case .i64(let v): slot.i64 = v
        case .f32(let v): slot.f32 = v
        case .f64(let v): slot.f64 = v
        }
        return slot
    }
}
