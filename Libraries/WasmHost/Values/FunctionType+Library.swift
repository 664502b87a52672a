import CWasmtime

extension FunctionType {
    /// Reads a borrowed `wasm_functype_t`.
    init(borrowing type: OpaquePointer) {
        self.init(params: FunctionType.read(wasm_functype_params(type)),
                  results: FunctionType.read(wasm_functype_results(type)))
    }

    /// A new owned `wasm_functype_t` (the caller deletes it with `wasm_functype_delete`).
    func makeLibraryType() -> OpaquePointer {
        var params = FunctionType.makeVector(params)
        var results = FunctionType.makeVector(results)
        guard let type = wasm_functype_new(&params, &results) else {
            preconditionFailure("BUG in FunctionType: the library returned no function type")
        }
        return type
    }

    private static func read(_ vec: UnsafePointer<wasm_valtype_vec_t>?) -> [ValueType] {
        guard let vec, let data = vec.pointee.data else { return [] }
        return (0..<vec.pointee.size).map { i in
            guard let type = data[i] else { preconditionFailure("BUG in FunctionType: null value type") }
            return ValueType(classifying: type)
        }
    }

    private static func makeVector(_ types: [ValueType]) -> wasm_valtype_vec_t {
        var vec = wasm_valtype_vec_t()
        if types.isEmpty {
            wasm_valtype_vec_new_empty(&vec)
        } else {
            let owned: [OpaquePointer?] = types.map { $0.makeLibraryType() }
            owned.withUnsafeBufferPointer { wasm_valtype_vec_new(&vec, owned.count, $0.baseAddress) }
        }
        return vec
    }
}
