import CWasmtime

/// One export of a module: a name, a kind (and type, for functions).
public struct ModuleExport: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var kind: ExternKind
    /// The function type when `kind == .function`.
    public var functionType: FunctionType?

    public init(name: String, kind: ExternKind, functionType: FunctionType? = nil) {
        self.name = name
        self.kind = kind
        self.functionType = functionType
    }

    public var description: String { "\(name): \(functionType.map(\.description) ?? kind.description)" }

    static func list(of module: OpaquePointer) -> [ModuleExport] {
        var vec = wasm_exporttype_vec_t()
        wasmtime_module_exports(module, &vec)
        defer { wasm_exporttype_vec_delete(&vec) }
        guard let data = vec.data else { return [] }
        return (0..<vec.size).compactMap { i in
            guard let item = data[i], let type = wasm_exporttype_type(item) else { return nil }
            return ModuleExport(name: LibraryText.string(wasm_exporttype_name(item)),
                                kind: ExternKind(library: wasm_externtype_kind(type)),
                                functionType: wasm_externtype_as_functype_const(type).map(FunctionType.init(borrowing:)))
        }
    }
}
