import CWasmtime

/// A module with every import resolved: per request, a store only instantiates it
/// (`Store.instantiate`), without linking again.
///
/// Ownership: owns one `wasmtime_instance_pre_t`, deleted in `deinit`; it keeps the module and
/// the host functions it links alive. Thread-safety: immutable; safe to share and to
/// instantiate from many threads at once.
public final class InstancePre: @unchecked Sendable {
    public let module: Module
    // Set once in init, deleted in deinit; the library's instance-pre is immutable.
    let raw: OpaquePointer
    /// Exported functions by name, with their types (looked up on every call).
    let functionTypes: [String: FunctionType]
    /// The memory host functions see: the export named "memory", else the first exported memory.
    let memoryExportName: String?

    init(module: Module, raw: OpaquePointer) {
        self.module = module
        self.raw = raw
        var functions: [String: FunctionType] = [:]
        for export in module.exports {
            if let type = export.functionType { functions[export.name] = type }
        }
        self.functionTypes = functions
        let memories = module.exports.filter { $0.kind == .memory }.map(\.name)
        self.memoryExportName = memories.contains("memory") ? "memory" : memories.first
    }

    deinit { wasmtime_instance_pre_delete(raw) }
}
