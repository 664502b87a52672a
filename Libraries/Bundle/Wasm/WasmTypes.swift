/// Value types of the core Wasm 2.0 binary format (reference types limited to the two
/// abbreviations; GC and typed-function-reference types are not accepted).
public enum WasmValueType: String, Sendable, Hashable {
    case i32, i64, f32, f64, v128, funcref, externref

    init?(byte: UInt8) {
        switch byte {
        case 0x7F: self = .i32
        case 0x7E: self = .i64
        case 0x7D: self = .f32
        case 0x7C: self = .f64
        case 0x7B: self = .v128
        case 0x70: self = .funcref
        case 0x6F: self = .externref
        default: return nil
        }
    }
}

/// `(params) -> (results)`.
public struct WasmFunctionType: Sendable, Hashable, CustomStringConvertible {
    public var params: [WasmValueType]
    public var results: [WasmValueType]

    public init(params: [WasmValueType], results: [WasmValueType]) {
        self.params = params
        self.results = results
    }

    public var description: String {
        "(" + params.map(\.rawValue).joined(separator: ", ") + ") -> (" + results.map(\.rawValue).joined(separator: ", ") + ")"
    }
}

/// Memory limits in 64 KiB pages.
public struct WasmMemoryLimits: Sendable, Hashable {
    public var minPages: UInt64
    public var maxPages: UInt64?
    public var shared: Bool
    public var is64Bit: Bool
}

/// What an import brings in.
public enum WasmImportKind: Sendable, Hashable {
    case function(WasmFunctionType)
    case table(WasmValueType)
    case memory(WasmMemoryLimits)
    case global(WasmValueType, mutable: Bool)
    case tag(WasmFunctionType)
}

public struct WasmImport: Sendable, Hashable {
    public var module: String
    public var name: String
    public var kind: WasmImportKind
}

public enum WasmExportKind: String, Sendable, Hashable {
    case function, table, memory, global, tag
}

public struct WasmExport: Sendable, Hashable {
    public var name: String
    public var kind: WasmExportKind
    public var index: UInt32
}

/// One code-section entry.
public struct WasmFunctionBody: Sendable, Hashable {
    /// Bytes of the body (locals declarations and code).
    public var size: Int
    /// Declared locals (sum of the local-declaration counts).
    public var localsCount: UInt64
}
