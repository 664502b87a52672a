import CWasmtime

/// A module instantiated in a store. Use it for calls (`function(_:)`, `call(_:_:)`) and
/// host-side access to its memory.
///
/// Ownership: a value that keeps its `Store` alive; the instance itself lives exactly as long as
/// the store. Thread-safety: like its store, use from one thread at a time.
public struct Instance {
    public let store: Store
    let raw: wasmtime_instance_t
    let pre: InstancePre

    init(store: Store, raw: wasmtime_instance_t, pre: InstancePre) {
        self.store = store
        self.raw = raw
        self.pre = pre
    }

    /// The exported function `name`.
    /// - Throws: `WasmtimeError.exportNotFound` when there is no such exported function.
    public func function(_ name: String) throws(WasmtimeError) -> Func {
        guard let type = pre.functionTypes[name] else {
            throw WasmtimeError(.exportNotFound, "the module exports no function '\(name)'")
        }
        var item = wasmtime_extern_t()
        var name = name
        let found = name.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { n in
                withUnsafePointer(to: raw) { wasmtime_instance_export_get(store.context, $0, n.baseAddress, n.count, &item) }
            }
        }
        guard found else { throw WasmtimeError(.exportNotFound, "the instance has no export '\(name)'") }
        defer { wasmtime_extern_delete(&item) }  // frees nothing for functions; kept for other kinds
        guard item.kind == WASMTIME_EXTERN_FUNC else {
            throw WasmtimeError(.exportNotFound, "export '\(name)' is not a function")
        }
        return Func(instance: self, raw: item.of.func, name: name, type: type)
    }

    /// Calls the exported function `name`; see `Func.call`.
    public func call(_ name: String, _ arguments: [Value] = []) throws -> [Value] {
        try function(name).call(arguments)
    }

    /// The guest memory's current size in bytes (0 without an exported memory).
    public var memorySize: Int { memory?.byteSize ?? 0 }

    /// A copy of guest memory `[offset, offset + count)`.
    public func read(at offset: UInt32, count: Int) throws(GuestMemoryError) -> [UInt8] {
        guard let memory else { throw .noMemory }
        return try memory.read(at: offset, count: count)
    }

    /// Copies `bytes` into guest memory at `offset`.
    public func write(_ bytes: some Collection<UInt8>, at offset: UInt32) throws(GuestMemoryError) {
        guard let memory else { throw .noMemory }
        try memory.write(bytes, at: offset)
    }

    /// The memory host functions see ("memory", else the first exported memory).
    var memory: LinearMemory? {
        guard let name = pre.memoryExportName else { return nil }
        return LinearMemory.export(name, of: raw, context: store.context)
    }
}

@available(*, unavailable)
extension Instance: Sendable {}
