import Shared
import WasmHost

/// Checks a compiled module against docs/guest-abi.md §1 (exports, imports) so a bad module is
/// refused with `module_invalid` naming the export or import, before it is linked or cached.
struct ABIValidator: Sendable {
    let importTypes: [String: FunctionType]

    func validate(_ module: Module) throws(AppError) {
        let exports = Dictionary(module.exports.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        guard let memory = exports["memory"], memory.kind == .memory else {
            throw Self.invalid("missing export memory")
        }
        let markers = module.exports.filter { $0.name.hasPrefix("alga_abi_v") }.map(\.name)
        guard markers == ["alga_abi_v1"] else {
            throw Self.invalid(markers.isEmpty ? "missing export alga_abi_v1 (not a wasm@1 module)"
                               : "ABI marker exports \(markers) are not exactly alga_abi_v1 (not a wasm@1 module)")
        }
        guard exports["alga_abi_v1"]?.functionType == FunctionType(params: [], results: []) else {
            throw Self.invalid("export alga_abi_v1 must be a function of type [] -> []")
        }
        guard let handle = exports["alga_handle"] else { throw Self.invalid("missing export alga_handle") }
        let expected = FunctionType(params: [], results: [.i32])
        guard let type = handle.functionType, type == expected else {
            throw Self.invalid("export alga_handle has type \(handle.functionType.map(\.description) ?? handle.kind.description), expected \(expected)")
        }
        for item in module.imports {
            guard item.module == "alga", item.kind == .function, let want = importTypes[item.name] else {
                throw Self.invalid("import \(item.module).\(item.name) is not part of wasm@1")
            }
            guard item.functionType == want else {
                throw Self.invalid("import alga.\(item.name) has type \(item.functionType.map(\.description) ?? "?"), expected \(want)")
            }
        }
    }

    static func invalid(_ message: String) -> AppError {
        AppError(.moduleInvalid, status: 422, message)
    }
}
