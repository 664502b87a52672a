import CWasmtime

/// An exported function of an instance, with its type.
///
/// Ownership: a value that keeps its store alive (through its instance).
/// Thread-safety: like its store, use from one thread at a time.
public struct Func {
    public let instance: Instance
    public let name: String
    public let type: FunctionType
    let raw: wasmtime_func_t

    init(instance: Instance, raw: wasmtime_func_t, name: String, type: FunctionType) {
        self.instance = instance
        self.raw = raw
        self.name = name
        self.type = type
    }

    /// Calls the function. Arguments are checked against its type here, so the call itself
    /// takes the library's unchecked (faster) path.
    /// - Returns: exactly `type.results.count` values.
    /// - Throws: a `Trap` when the guest traps or a host function stops it, or a
    ///   `WasmtimeError` (`signature_mismatch` for wrong arguments or non-numeric types,
    ///   `host_error` for anything else the library reports).
    public func call(_ arguments: [Value] = []) throws -> [Value] {
        guard type.isNumeric else {
            throw WasmtimeError(.signatureMismatch, "'\(name)' has type \(type); only numeric types can be called")
        }
        guard arguments.count == type.params.count, zip(arguments, type.params).allSatisfy({ $0.type == $1 }) else {
            throw WasmtimeError(.signatureMismatch,
                                "'\(name)' expects \(type.params), got \(arguments.map(\.type))")
        }
        return try instance.store.call(raw, type: type, arguments: arguments, memory: instance.memory)
    }
}

@available(*, unavailable)
extension Func: Sendable {}
