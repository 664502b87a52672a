import WasmHost

/// One import of module `alga`: its name, exact Wasm type, the capability it needs (nil = always
/// available) and its body. `HostImportTable` links every import for every module, so a missing
/// grant is a `denied` answer at run time, never a link error.
struct HostImport: Sendable {
    /// The body: reads the arguments and guest memory, updates the execution's state, returns the
    /// single result value. Failures the guest should see are thrown as `GuestCallError`.
    typealias Body = @Sendable (ExecutionState, borrowing Caller, borrowing HostArguments) throws(GuestCallError) -> Value

    let name: String
    let params: [ValueType]
    /// Every import of the ABI returns exactly one value (an error code, a handle, a clock).
    let result: ValueType
    let capability: String?
    /// False for `error.last`, which never replaces the recorded error.
    let recordsFailures: Bool
    let body: Body

    init(_ name: String, _ params: [ValueType], _ result: ValueType = .i32, capability: String?,
         recordsFailures: Bool = true, _ body: @escaping Body) {
        self.name = name
        self.params = params
        self.result = result
        self.capability = capability
        self.recordsFailures = recordsFailures
        self.body = body
    }

    var type: FunctionType { FunctionType(params: params, results: [result]) }

    /// The host function the linker calls: the order of checks of docs/guest-abi.md §4
    /// (host-call budget, grant, then the body's own checks).
    func hostFunction() -> ScalarHostFunction {
        let name = self.name
        let capability = self.capability
        let body = self.body
        let records = recordsFailures
        return { caller, arguments throws(Trap) in
            guard let state = caller.userData(as: ExecutionState.self) else {
                preconditionFailure("BUG in HostImport \(name): store without ExecutionState")
            }
            try state.countHostCall()
            if let capability, !state.grants.contains(capability) {
                state.recordDenied(import: name, capability: capability)
                return .i32(GuestErrorCode.denied.rawValue)
            }
            do throws(GuestCallError) {
                return try body(state, caller, arguments)
            } catch {
                // A call (fetch, registry) stopped by the execution's deadline ends the execution
                // as a timeout rather than handing the guest time it no longer has.
                if error.deadlineBound {
                    throw Trap(.timeout, "execution deadline exceeded during \(name)")
                }
                if records { state.recordFailure(import: name, error) }
                // Only imports returning i32 throw (the clocks never fail).
                return .i32(error.code.rawValue)
            }
        }
    }
}
