import CWasmtime

/// One import of a module: `module.name` of a kind (and type, for functions).
public struct ModuleImport: Sendable, Hashable, CustomStringConvertible {
    public var module: String
    public var name: String
    public var kind: ExternKind
    /// The function type when `kind == .function`.
    public var functionType: FunctionType?

    public init(module: String, name: String, kind: ExternKind, functionType: FunctionType? = nil) {
        self.module = module
        self.name = name
        self.kind = kind
        self.functionType = functionType
    }

    public var description: String {
        "\(module).\(name): \(functionType.map(\.description) ?? kind.description)"
    }

    static func list(of module: OpaquePointer) -> [ModuleImport] {
        var vec = wasm_importtype_vec_t()
        wasmtime_module_imports(module, &vec)
        defer { wasm_importtype_vec_delete(&vec) }
        guard let data = vec.data else { return [] }
        return (0..<vec.size).compactMap { i in
            guard let item = data[i], let type = wasm_importtype_type(item) else { return nil }
            let kind = ExternKind(library: wasm_externtype_kind(type))
            return ModuleImport(module: LibraryText.string(wasm_importtype_module(item)),
                                name: LibraryText.string(wasm_importtype_name(item)), kind: kind,
                                functionType: wasm_externtype_as_functype_const(type).map(FunctionType.init(borrowing:)))
        }
    }
}
