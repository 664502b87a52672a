/// What `WasmInspector` learned about a module, without compiling it.
public struct WasmModuleInfo: Sendable, Equatable {
    public var types: [WasmFunctionType] = []
    public var imports: [WasmImport] = []
    public var exports: [WasmExport] = []
    /// Type of each defined (not imported) function.
    public var definedFunctionTypes: [WasmFunctionType] = []
    public var bodies: [WasmFunctionBody] = []
    /// Memories the module defines itself (imported memories are in `imports`).
    public var memories: [WasmMemoryLimits] = []
    public var hasStartFunction = false
    public var size = 0

    public var importedFunctionCount: Int {
        imports.filter { if case .function = $0.kind { true } else { false } }.count
    }

    public var definedFunctionCount: Int { definedFunctionTypes.count }

    /// The type of the exported function `name`, if the module exports a function by that name.
    public func exportedFunctionType(_ name: String) -> WasmFunctionType? {
        guard let e = exports.first(where: { $0.name == name && $0.kind == .function }) else { return nil }
        return functionType(at: Int(e.index))
    }

    /// The type of function `index` in the function index space (imports first).
    public func functionType(at index: Int) -> WasmFunctionType? {
        var i = index
        for imp in imports {
            guard case .function(let t) = imp.kind else { continue }
            if i == 0 { return t }
            i -= 1
        }
        return i < definedFunctionTypes.count ? definedFunctionTypes[i] : nil
    }
}
