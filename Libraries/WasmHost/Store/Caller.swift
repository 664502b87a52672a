import CWasmtime

/// What a host function sees of the guest that called it: the guest's exported `memory`
/// (bounds-checked) and the store's per-request user data.
///
/// Ownership: borrows the library's caller for the duration of one host call; it cannot be
/// copied or kept. Thread-safety: used only on the calling thread, inside the host function.
public struct Caller: ~Copyable {
    private let raw: OpaquePointer
    private let context: OpaquePointer
    /// The store the call runs in (its user data, accounting).
    let store: Store

    init(raw: OpaquePointer, context: OpaquePointer, store: Store) {
        self.raw = raw
        self.context = context
        self.store = store
    }

    /// The store's user data (the per-request host state).
    public var userData: AnyObject? { store.userData }

    /// The store's user data as `T`, or nil if it is absent or of another type.
    public func userData<T: AnyObject>(as type: T.Type) -> T? { store.userData as? T }

    /// The store's interrupt handle: a host function that waits (e.g. on the network) can give up
    /// early when the execution has been interrupted.
    public var interruptHandle: StoreInterruptHandle { store.interruptHandle }

    /// The guest memory's current size in bytes (0 without an exported `memory`).
    public var memorySize: Int { memory()?.byteSize ?? 0 }

    /// A copy of `count` bytes at `offset` of the guest's memory.
    /// - Throws: `GuestMemoryError` when the range is outside the memory or there is none.
    public func read(at offset: UInt32, count: Int) throws(GuestMemoryError) -> [UInt8] {
        try requireMemory().read(at: offset, count: count)
    }

    /// Copies `bytes` into the guest's memory at `offset`.
    /// - Throws: `GuestMemoryError` when the range is outside the memory or there is none.
    public func write(_ bytes: some Collection<UInt8>, at offset: UInt32) throws(GuestMemoryError) {
        try requireMemory().write(bytes, at: offset)
    }

    /// Runs `body` on the guest's bytes `[offset, offset + count)` in place, without copying.
    /// The buffer is valid only inside `body`; do not grow the memory from within it.
    public func withBytes<R>(at offset: UInt32, count: Int, _ body: (UnsafeMutableRawBufferPointer) -> R)
        throws(GuestMemoryError) -> R
    {
        try requireMemory().withBytes(at: offset, count: count) { buffer throws(GuestMemoryError) in body(buffer) }
    }

    private func memory() -> LinearMemory? {
        // With one instance in the store, the caller is that instance: its `memory` was found
        // at instantiation (the start function, which runs before, takes the lookup below).
        if store.instanceCount == 1, let memory = store.firstInstanceMemory {
            store.observeMemory(bytes: memory.byteSize)
            return memory
        }
        var item = wasmtime_extern_t()
        let found = "memory".withCString { wasmtime_caller_export_get(raw, $0, 6, &item) }
        guard found else { return nil }
        defer { wasmtime_extern_delete(&item) }  // frees nothing for memories; kept for other kinds
        guard item.kind == WASMTIME_EXTERN_MEMORY else { return nil }
        let memory = LinearMemory(context: context, memory: item.of.memory)
        store.observeMemory(bytes: memory.byteSize)
        return memory
    }

    private func requireMemory() throws(GuestMemoryError) -> LinearMemory {
        guard let memory = memory() else { throw .noMemory }
        return memory
    }
}
