import CWasmtime

/// The arguments of one host-function call, read in place from the library's buffer.
/// Valid only during the call (it cannot be copied out of the function body).
/// Reading an index or type other than declared is a bug in the host function and stops the
/// process with a precondition failure.
public struct HostArguments: ~Copyable {
    private let slots: UnsafeMutablePointer<wasmtime_val_raw_t>?
    private let types: [ValueType]
    private let function: String

    init(slots: UnsafeMutablePointer<wasmtime_val_raw_t>?, types: [ValueType], function: String) {
        self.slots = slots
        self.types = types
        self.function = function
    }

    public var count: Int { types.count }

    public func i32(_ index: Int) -> Int32 { slot(index, .i32).i32 }
    public func i64(_ index: Int) -> Int64 { slot(index, .i64).i64 }
    public func f32(_ index: Int) -> Float { slot(index, .f32).f32 }
    public func f64(_ index: Int) -> Double { slot(index, .f64).f64 }
    /// An `i32` read as unsigned: how guest pointers and lengths are passed.
    public func u32(_ index: Int) -> UInt32 { UInt32(bitPattern: i32(index)) }

    /// The argument as a `Value` of its declared type.
    public subscript(index: Int) -> Value {
        guard index >= 0, index < types.count, let slots else {
            preconditionFailure("BUG in host function \(function): argument \(index) of \(types.count)")
        }
        return Value(raw: slots[index], as: types[index])
    }

    private func slot(_ index: Int, _ type: ValueType) -> wasmtime_val_raw_t {
        guard index >= 0, index < types.count, types[index] == type, let slots else {
            preconditionFailure("BUG in host function \(function): argument \(index) read as \(type), declared \(types)")
        }
        return slots[index]
    }
}
