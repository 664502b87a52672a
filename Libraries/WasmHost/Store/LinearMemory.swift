import CWasmtime

/// Bounds-checked access to one guest memory. The base pointer is fetched again on every
/// access, because growing the memory (by the guest or the host) may move it.
/// Internal: it is valid only while its store lives, which `Caller` and `Instance` guarantee.
struct LinearMemory {
    let context: OpaquePointer
    let memory: wasmtime_memory_t

    var byteSize: Int { withUnsafePointer(to: memory) { wasmtime_memory_data_size(context, $0) } }

    func withBytes<R>(at offset: UInt32, count: Int,
                      _ body: (UnsafeMutableRawBufferPointer) throws(GuestMemoryError) -> R) throws(GuestMemoryError) -> R
    {
        let (base, size) = withUnsafePointer(to: memory) {
            (wasmtime_memory_data(context, $0), wasmtime_memory_data_size(context, $0))
        }
        guard count >= 0, UInt64(offset) + UInt64(count) <= UInt64(size) else {
            throw .outOfBounds(offset: UInt64(offset), count: UInt64(max(count, 0)), memorySize: size)
        }
        guard count > 0 else { return try body(UnsafeMutableRawBufferPointer(start: nil, count: 0)) }
        guard let base else { preconditionFailure("BUG in LinearMemory: a memory of \(size) bytes without data") }
        return try body(UnsafeMutableRawBufferPointer(start: base + Int(offset), count: count))
    }

    func read(at offset: UInt32, count: Int) throws(GuestMemoryError) -> [UInt8] {
        try withBytes(at: offset, count: count) { Array($0) }
    }

    func write(_ bytes: some Collection<UInt8>, at offset: UInt32) throws(GuestMemoryError) {
        try withBytes(at: offset, count: bytes.count) { target in target.copyBytes(from: bytes) }
    }

    /// The exported memory `name` of `instance`, if it is one.
    static func export(_ name: String, of instance: wasmtime_instance_t, context: OpaquePointer) -> LinearMemory? {
        var item = wasmtime_extern_t()
        var name = name
        let found = name.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { n in
                withUnsafePointer(to: instance) { wasmtime_instance_export_get(context, $0, n.baseAddress, n.count, &item) }
            }
        }
        guard found else { return nil }
        defer { wasmtime_extern_delete(&item) }  // frees nothing for memories; kept for other kinds
        guard item.kind == WASMTIME_EXTERN_MEMORY else { return nil }
        return LinearMemory(context: context, memory: item.of.memory)
    }
}
