/// A WebAssembly value type as seen by the host. Host functions and calls carry the numeric
/// types (`i32`, `i64`, `f32`, `f64`); the others appear only in module descriptions.
public enum ValueType: Sendable, Hashable, CustomStringConvertible {
    case i32, i64, f32, f64
    case v128
    /// Any reference type (funcref, externref, GC references).
    case reference

    /// Whether `Value` can carry it (host function signatures and call arguments/results).
    public var isNumeric: Bool {
        switch self {
        case .i32, .i64, .f32, .f64: true
        case .v128, .reference: false
        }
    }

    public var description: String {
        switch self {
        case .i32: "i32"
        case .i64: "i64"
        case .f32: "f32"
        case .f64: "f64"
        case .v128: "v128"
        case .reference: "ref"
        }
    }
}
