import Shared

/// The guest ABI `wasm@1` as data (docs/guest-abi.md §1 and §4): the imports a handler module may
/// use, with their exact types and the capability each needs, and the exports it must have.
/// Registry publish checks every module against it; the runner links exactly these names.
public enum GuestABI {
    /// One import of module `alga`.
    public struct Import: Sendable, Hashable {
        public let name: String
        public let type: WasmFunctionType
        /// The grant the import needs; nil for the imports every guest may call.
        public let capability: Capability?
    }

    /// The only import module.
    public static let importModule = "alga"
    /// The one handler entry point, `[] -> [i32]`.
    public static let handleExport = "alga_handle"
    /// The marker export of this ABI version, `[] -> []`.
    public static let markerExport = "alga_abi_v1"
    public static let markerPrefix = "alga_abi_v"
    public static let memoryExport = "memory"

    public static let imports: [String: Import] = {
        var table: [String: Import] = [:]
        func add(_ name: String, _ params: [WasmValueType], _ results: [WasmValueType], _ capability: Capability? = nil) {
            table[name] = Import(name: name, type: WasmFunctionType(params: params, results: results), capability: capability)
        }
        let i32 = WasmValueType.i32, i64 = WasmValueType.i64, f64 = WasmValueType.f64
        add("request.head", [], [i32])
        add("request.body", [], [i32])
        add("response.set_status", [i32], [i32])
        add("response.add_header", [i32, i32, i32, i32], [i32])
        add("response.write", [i32, i32], [i32])
        add("response.finish", [], [i32])
        add("result.len", [i32], [i32])
        add("result.read", [i32, i32, i32, i32], [i32])
        add("result.free", [i32], [i32])
        add("error.last", [], [i32])
        add("context.get", [], [i32], .contextRead)
        add("clock.wall_ns", [], [i64])
        add("clock.monotonic_ns", [], [i64])
        add("random.fill", [i32, i32], [i32])
        add("log.write", [i32, i32, i32], [i32], .log)
        add("metrics.emit", [i32, i32, i32, f64, i32, i32], [i32], .metrics)
        add("http.fetch", [i32, i32, i32, i32, i32], [i32], .httpFetch)
        add("secrets.get", [i32, i32], [i32], .secretsGet)
        add("storage.get", [i32, i32, i32], [i32], .storageKV)
        add("storage.put", [i32, i32, i32, i32, i64, i32], [i32], .storageKV)
        add("storage.delete", [i32, i32, i64], [i32], .storageKV)
        add("storage.list", [i32, i32, i32, i32, i32], [i32], .storageKV)
        return table
    }()

    /// Throws `module_invalid` (400) naming the first import or export that breaks §1 of the ABI:
    /// imports only `alga` functions of the table with their exact types; exports `memory`
    /// (one 32-bit, unshared memory), `alga_handle: [] -> [i32]` and exactly one ABI marker,
    /// `alga_abi_v1: [] -> []`.
    public static func validate(_ module: WasmModuleInfo) throws(AppError) {
        for imported in module.imports {
            let label = "\(imported.module).\(imported.name)"
            guard imported.module == importModule, let known = imports[imported.name] else {
                throw invalid("import \(label) is not part of wasm@1")
            }
            guard case .function(let type) = imported.kind else {
                throw invalid("import \(label) must be a function")
            }
            guard type == known.type else {
                throw invalid("import \(label) has type \(type), expected \(known.type)")
            }
        }
        let markers = module.exports.filter { $0.name.hasPrefix(markerPrefix) }
        guard markers.count == 1, let marker = markers.first else {
            throw invalid(markers.isEmpty ? "missing export \(markerExport)"
                : "exports several ABI markers (\(markers.map(\.name).sorted().joined(separator: ", ")))")
        }
        guard marker.name == markerExport else {
            throw invalid("export \(marker.name) declares another ABI than wasm@1")
        }
        try requireFunction(module, markerExport, WasmFunctionType(params: [], results: []))
        try requireFunction(module, handleExport, WasmFunctionType(params: [], results: [.i32]))
        guard let memory = module.exports.first(where: { $0.name == memoryExport }) else {
            throw invalid("missing export \(memoryExport)")
        }
        guard memory.kind == .memory else { throw invalid("export \(memoryExport) must be a memory") }
        guard module.memories.count == 1 else {
            throw invalid("defines \(module.memories.count) memories; wasm@1 needs exactly one")
        }
        if module.memories[0].shared { throw invalid("memory must not be shared") }
        if module.memories[0].is64Bit { throw invalid("memory must be 32-bit") }
    }

    private static func requireFunction(_ module: WasmModuleInfo, _ name: String,
                                        _ expected: WasmFunctionType) throws(AppError) {
        guard let export = module.exports.first(where: { $0.name == name }) else { throw invalid("missing export \(name)") }
        guard export.kind == .function, let type = module.functionType(at: Int(export.index)) else {
            throw invalid("export \(name) must be a function")
        }
        guard type == expected else { throw invalid("export \(name) has type \(type), expected \(expected)") }
    }

    private static func invalid(_ message: String) -> AppError {
        AppError(.moduleInvalid, status: 400, "module does not conform to wasm@1: \(message)")
    }
}
