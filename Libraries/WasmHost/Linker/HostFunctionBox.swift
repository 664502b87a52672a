import CWasmtime

/// A host function as the linker keeps it; the library owns one retained reference, released by
/// the definition's finalizer once no linker or instance-pre refers to it.
final class HostFunctionBox: Sendable {
    enum Body: Sendable {
        case values(HostFunction)
        case scalar(ScalarHostFunction)
    }

    let qualifiedName: String
    let type: FunctionType
    let body: Body

    init(qualifiedName: String, type: FunctionType, body: Body) {
        self.qualifiedName = qualifiedName
        self.type = type
        self.body = body
    }

    /// Runs the body for one call from the guest. Never lets a Swift error cross the C frame.
    func invoke(caller raw: OpaquePointer, slots: UnsafeMutablePointer<wasmtime_val_raw_t>?, count: Int)
        -> OpaquePointer?
    {
        guard let context = wasmtime_caller_context(raw), let data = wasmtime_context_get_data(context) else {
            preconditionFailure("BUG in HostFunctionBox: a store without WasmHost's Store as its data")
        }
        let store = Unmanaged<Store>.fromOpaque(data).takeUnretainedValue()
        store.hostCallCount += 1
        let needed = max(type.params.count, type.results.count)
        guard needed == 0 || (slots != nil && count >= needed) else {
            preconditionFailure("BUG in HostFunctionBox: \(count) slots for \(qualifiedName) \(type)")
        }
        let caller = Caller(raw: raw, context: context, store: store)
        let arguments = HostArguments(slots: slots, types: type.params, function: qualifiedName)
        do {
            switch body {
            case .scalar(let body):
                let result = try body(caller, arguments)
                guard type.results.count == 1, result.type == type.results[0], let slots else {
                    preconditionFailure("BUG in host function \(qualifiedName): returned \(result), declared \(type)")
                }
                slots[0] = result.raw
            case .values(let body):
                let results = try body(caller, arguments)
                guard results.count == type.results.count,
                      zip(results, type.results).allSatisfy({ $0.type == $1 })
                else {
                    preconditionFailure("BUG in host function \(qualifiedName): returned \(results), declared \(type)")
                }
                for (i, value) in results.enumerated() { slots?[i] = value.raw }
            }
            return nil
        } catch {
            store.pendingHostTrap = error
            var message = error.message.isEmpty ? "\(qualifiedName): \(error.kind)" : error.message
            return message.withUTF8 { utf8 in
                utf8.withMemoryRebound(to: CChar.self) { wasmtime_trap_new($0.baseAddress, $0.count) }
            }
        }
    }
}
