import CWasmtime
import Synchronization

/// Host functions that guests may import, and the step that resolves a module's imports
/// against them (`instantiatePre`).
///
/// Ownership: owns one `wasmtime_linker_t`, deleted in `deinit`. Each host function's closure is
/// retained by the library and released once neither the linker nor any instance-pre made from
/// it refers to it. Thread-safety: all members may be called from any thread (a lock
/// serialises them); define everything before serving requests.
public final class Linker: @unchecked Sendable {
    public let engine: Engine
    // Only touched under `lock`; deleted in deinit.
    private let raw: OpaquePointer
    private let lock = Mutex(())

    public init(engine: Engine) {
        guard let raw = wasmtime_linker_new(engine.raw) else {
            preconditionFailure("BUG in Linker: wasmtime_linker_new returned NULL")
        }
        self.engine = engine
        self.raw = raw
    }

    deinit { wasmtime_linker_delete(raw) }

    /// Defines `module.name` as a host function with numeric `params` and `results`.
    /// - Throws: `WasmtimeError.invalidArgument` for a non-numeric type or a name defined twice.
    public func define(_ module: String, _ name: String, params: [ValueType], results: [ValueType],
                       _ body: @escaping HostFunction) throws(WasmtimeError)
    {
        try define(module, name, FunctionType(params: params, results: results), .values(body))
    }

    /// Defines `module.name` as a host function with numeric `params` and exactly one `result`,
    /// which `body` returns as a value (no results array per call; the shape of guest-ABI imports).
    /// - Throws: `WasmtimeError.invalidArgument` for a non-numeric type or a name defined twice.
    public func define(_ module: String, _ name: String, params: [ValueType], result: ValueType,
                       _ body: @escaping ScalarHostFunction) throws(WasmtimeError)
    {
        try define(module, name, FunctionType(params: params, results: [result]), .scalar(body))
    }

    private func define(_ module: String, _ name: String, _ type: FunctionType, _ body: HostFunctionBox.Body)
        throws(WasmtimeError)
    {
        guard type.isNumeric else {
            throw WasmtimeError(.invalidArgument, "host function \(module).\(name): only numeric types, got \(type)")
        }
        let box = HostFunctionBox(qualifiedName: "\(module).\(name)", type: type, body: body)
        let libraryType = type.makeLibraryType()
        defer { wasm_functype_delete(libraryType) }
        let env = Unmanaged.passRetained(box).toOpaque()
        var moduleName = module
        var itemName = name
        var error: OpaquePointer?
        lock.withLock { _ in
            error = moduleName.withUTF8 { m in
                itemName.withUTF8 { n in
                    m.withMemoryRebound(to: CChar.self) { m in
                        n.withMemoryRebound(to: CChar.self) { n in
                            wasmtime_linker_define_func_unchecked(
                                raw, m.baseAddress, m.count, n.baseAddress, n.count, libraryType,
                                { env, caller, slots, count in
                                    guard let env, let caller else {
                                        preconditionFailure("BUG in Linker: host callback without env or caller")
                                    }
                                    return Unmanaged<HostFunctionBox>.fromOpaque(env).takeUnretainedValue()
                                        .invoke(caller: caller, slots: slots, count: count)
                                },
                                env,
                                { env in
                                    guard let env else { return }
                                    Unmanaged<HostFunctionBox>.fromOpaque(env).release()
                                })
                        }
                    }
                }
            }
        }
        // On failure the library has already run the finalizer (it wraps `env` before checking
        // the name), so the box must not be released here as well.
        if let error { throw WasmtimeError(consuming: error, as: .invalidArgument) }
    }

    /// Resolves every import of `module` and prepares it for cheap per-request instantiation.
    /// - Throws: `WasmtimeError.linkError` naming the first import that is missing or has
    ///   another type.
    public func instantiatePre(_ module: Module) throws(WasmtimeError) -> InstancePre {
        precondition(module.engine === engine, "BUG in Linker: module compiled by another engine")
        var pre: OpaquePointer?
        var error: OpaquePointer?
        lock.withLock { _ in error = wasmtime_linker_instantiate_pre(raw, module.raw, &pre) }
        if let error { throw WasmtimeError(consuming: error, as: .linkError) }
        guard let pre else { preconditionFailure("BUG in Linker: no error and no instance-pre from the library") }
        return InstancePre(module: module, raw: pre)
    }
}
