import CWasmtime

/// What a module imports or exports.
public enum ExternKind: Sendable, Hashable, CustomStringConvertible {
    case function, global, table, memory, tag

    init(library kind: wasm_externkind_t) {
        switch kind {
        case WASM_EXTERN_FUNC: self = .function
        case WASM_EXTERN_GLOBAL: self = .global
        case WASM_EXTERN_TABLE: self = .table
        case WASM_EXTERN_MEMORY: self = .memory
        case WASM_EXTERN_TAG: self = .tag
        default: preconditionFailure("BUG in ExternKind: unknown library extern kind \(kind)")
        }
    }

    public var description: String {
        switch self {
        case .function: "function"
        case .global: "global"
        case .table: "table"
        case .memory: "memory"
        case .tag: "tag"
        }
    }
}
