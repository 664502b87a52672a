import CWasmtime
import Shared

/// A compiled WebAssembly module, ready to be linked (`Linker.instantiatePre`).
///
/// Ownership: owns one `wasmtime_module_t` handle, deleted in `deinit`; instance-pres made
/// from it hold their own reference. Thread-safety: immutable; safe to share across threads.
public final class Module: @unchecked Sendable {
    public let engine: Engine
    /// What the module imports, in declaration order.
    public let imports: [ModuleImport]
    /// What the module exports, in declaration order.
    public let exports: [ModuleExport]
    // Set once in init, deleted in deinit; the library's module is immutable and thread-safe.
    let raw: OpaquePointer

    /// Compiles a binary module (this can take milliseconds to seconds: keep it off the request
    /// path and cache the result, e.g. with `serialize()`).
    /// - Throws: `WasmtimeError.invalidModule` naming the reason when the bytes do not validate,
    ///   or exceed the pool's per-module limits.
    public convenience init(engine: Engine, wasm: [UInt8]) throws(WasmtimeError) {
        try self.init(engine: engine) { (e: OpaquePointer, out: inout OpaquePointer?) in
            wasm.withUnsafeBufferPointer { wasmtime_module_new(e, $0.baseAddress, $0.count, &out) }
        }
    }

    /// Loads an artefact made by `serialize()`.
    ///
    /// SECURITY: the artefact is native code that runs unchecked. Load only artefacts this
    /// platform produced itself and authenticated (the runner checks an HMAC first).
    /// - Throws: `WasmtimeError.invalidModule` when the bytes are not an artefact of this Wasmtime
    ///   version and a compatible engine configuration (see `Engine.fingerprint`).
    public static func deserialize(engine: Engine, bytes: [UInt8]) throws(WasmtimeError) -> Module {
        try Module(engine: engine) { (e: OpaquePointer, out: inout OpaquePointer?) in
            bytes.withUnsafeBufferPointer { wasmtime_module_deserialize(e, $0.baseAddress, $0.count, &out) }
        }
    }

    /// Checks that `wasm` is a valid module for this engine without compiling it.
    /// - Throws: `WasmtimeError.invalidModule` naming the reason.
    public static func validate(engine: Engine, wasm: [UInt8]) throws(WasmtimeError) {
        let error = wasm.withUnsafeBufferPointer { wasmtime_module_validate(engine.raw, $0.baseAddress, $0.count) }
        if let error { throw WasmtimeError(consuming: error, as: .invalidModule) }
    }

    /// The compiled artefact, loadable with `deserialize` by an engine with the same fingerprint.
    public func serialize() throws(WasmtimeError) -> [UInt8] {
        var out = wasm_byte_vec_t()
        if let error = wasmtime_module_serialize(raw, &out) { throw WasmtimeError(consuming: error, as: .hostError) }
        defer { wasm_byte_vec_delete(&out) }
        guard let data = out.data else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: out.size))
    }

    /// The exported function `name`, or nil.
    public func exportedFunction(_ name: String) -> FunctionType? {
        exports.first { $0.name == name && $0.kind == .function }?.functionType
    }

    private init(engine: Engine,
                 make: (OpaquePointer, inout OpaquePointer?) -> OpaquePointer?) throws(WasmtimeError) {
        var module: OpaquePointer?
        if let error = make(engine.raw, &module) { throw WasmtimeError(consuming: error, as: .invalidModule) }
        guard let module else { preconditionFailure("BUG in Module: no error and no module from the library") }
        self.engine = engine
        self.raw = module
        self.imports = ModuleImport.list(of: module)
        self.exports = ModuleExport.list(of: module)
    }

    deinit { wasmtime_module_delete(raw) }
}
