/// A numeric WebAssembly value passed to or returned from a call or a host function.
/// Pointers and lengths in the guest ABI are `i32`; read them as unsigned with `UInt32(bitPattern:)`.
public enum Value: Sendable, Hashable, CustomStringConvertible {
    case i32(Int32)
    case i64(Int64)
    case f32(Float)
    case f64(Double)

    public var type: ValueType {
        switch self {
        case .i32: .i32
        case .i64: .i64
        case .f32: .f32
        case .f64: .f64
        }
    }

    public var description: String {
        switch self {
        case .i32(let v): "i32(\(v))"
        case .i64(let v): "i64(\(v))"
        case .f32(let v): "f32(\(v))"
        case .f64(let v): "f64(\(v))"
        }
    }
}
