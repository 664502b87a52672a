import CWasmtime

extension Store {
    /// Instantiates a linked module in this store (running its start function, if any).
    /// - Throws: `WasmtimeError` (`pool_exhausted`, `memory_limit` when the module's initial
    ///   memory exceeds the cap, `store_limit`) or a `Trap` from the start function.
    public func instantiate(_ pre: InstancePre) throws -> Instance {
        precondition(pre.module.engine === engine, "BUG in Store: instance-pre from another engine")
        try checkNotInterrupted()
        var instance = wasmtime_instance_t()
        var trap: OpaquePointer?
        pendingHostTrap = nil
        stopReason = nil
        let error = wasmtime_instance_pre_instantiate(pre.raw, context, &instance, &trap)
        if error == nil, trap == nil {
            instanceCount += 1
            engine.instanceCreated()
            let made = Instance(store: self, raw: instance, pre: pre)
            let memory = made.memory
            if let memory { observeMemory(bytes: memory.byteSize) }
            if instanceCount == 1, pre.memoryExportName == "memory" { firstInstanceMemory = memory }
            return made
        }
        if let error, pendingHostTrap == nil, stopReason == nil {
            throw WasmtimeError(consumingInstantiationError: error)
        }
        throw failure(error: error, trap: trap)
    }

    /// Calls `function` (of this store) with arguments already checked against `type`.
    func call(_ function: wasmtime_func_t, type: FunctionType, arguments: [Value], memory: LinearMemory?) throws
        -> [Value]
    {
        try checkNotInterrupted()
        let slotCount = max(type.params.count, type.results.count)
        pendingHostTrap = nil
        stopReason = nil
        return try withUnsafeTemporaryAllocation(of: wasmtime_val_raw_t.self, capacity: max(slotCount, 1)) { slots in
            for (i, value) in arguments.enumerated() { slots[i] = value.raw }
            var trap: OpaquePointer?
            let error = withUnsafePointer(to: function) {
                wasmtime_func_call_unchecked(context, $0, slots.baseAddress, slotCount, &trap)
            }
            if let memory { observeMemory(bytes: memory.byteSize) }
            if error != nil || trap != nil { throw failure(error: error, trap: trap) }
            return type.results.indices.map { Value(raw: slots[$0], as: type.results[$0]) }
        }
    }

    private func checkNotInterrupted() throws(Trap) {
        if interruptHandle.isInterrupted { throw Trap(.interrupted, Store.interruptedMessage) }
    }

    /// Turns the library's outcome of a failed call or start function into a `Trap` or a
    /// `WasmtimeError`, applying the `memory_limit` rule (see `Store`). Consumes both objects.
    private func failure(error: OpaquePointer?, trap: OpaquePointer?) -> any Error {
        var result: Trap
        if let trap {
            let (text, code) = LibraryText.consume(trap: trap)
            let kind = code.map(TrapKind.init(code:)) ?? .guestTrap
            result = Trap(kind: kind, message: LibraryText.summary(text), trapCode: code, underlyingKind: nil,
                          details: text)
            if let error { _ = LibraryText.consume(error: error) }
        } else if let error {
            let text = LibraryText.consume(error: error)
            // The deadline callback and host functions stop the guest with an error; why was
            // recorded on the store.
            if let reason = stopReason {
                result = Trap(kind: reason, message: LibraryText.summary(text), trapCode: nil, underlyingKind: nil,
                              details: text)
            } else if let hostTrap = pendingHostTrap {
                result = hostTrap
                result.details = text
            } else {
                return WasmtimeError(.hostError, LibraryText.summary(text), details: text)
            }
        } else {
            preconditionFailure("BUG in Store: failure() without an error or a trap")
        }
        pendingHostTrap = nil
        stopReason = nil
        if memoryCapReached, ![.timeout, .fuelExhausted, .interrupted, .memoryLimit].contains(result.kind) {
            result.underlyingKind = result.kind
            result.message = "memory limit of \(effectiveMemoryCap) bytes reached (\(result.message))"
            result.kind = .memoryLimit
        }
        return result
    }
}
