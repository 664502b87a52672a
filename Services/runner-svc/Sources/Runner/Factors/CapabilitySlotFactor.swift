import WasmHost

/// A capability family whose backend this runner does not provide yet (`http.fetch`,
/// `secrets.get`, `storage.*`; docs/guest-abi.md §4.12): the imports are linked with their final
/// names and types, check the grant and their arguments like a real backend would, then answer
/// `unavailable`. Each slot is replaced by its real factor when the capabilities issue lands.
struct CapabilitySlotFactor: HostFactor {
    /// One import of the family: its name, parameter types, and the (pointer, length) argument
    /// index pairs to range-check and the out-pointer indices (4 or 8 bytes) it would write.
    struct Slot: Sendable {
        let name: String
        let params: [ValueType]
        let ranges: [(pointer: Int, length: Int, what: String)]
        let outPointers: [(index: Int, size: UInt32)]
    }

    let capability: String?
    let slots: [Slot]

    var imports: [HostImport] {
        slots.map { slot in
            HostImport(slot.name, slot.params, capability: capability) { _, caller, args throws(GuestCallError) in
                for range in slot.ranges {
                    try caller.requireRange(args.u32(range.pointer), args.u32(range.length), range.what)
                }
                for out in slot.outPointers { try caller.requireRange(args.u32(out.index), out.size, "out-pointer") }
                throw GuestCallError(.unavailable, "this runner does not provide \(slot.name) yet")
            }
        }
    }

    /// `http.fetch` (§4.9), capability `http.fetch`.
    static let httpFetch = CapabilitySlotFactor(capability: "http.fetch", slots: [
        Slot(name: "http.fetch", params: [.i32, .i32, .i32, .i32, .i32],
             ranges: [(0, 1, "request head"), (2, 3, "request body")], outPointers: [(4, 4)]),
    ])

    /// `secrets.get` (§4.10), capability `secrets.get`.
    static let secrets = CapabilitySlotFactor(capability: "secrets.get", slots: [
        Slot(name: "secrets.get", params: [.i32, .i32], ranges: [(0, 1, "secret name")], outPointers: []),
    ])

    /// `storage.get/put/delete/list` (§4.11), capability `storage.kv`.
    static let storage = CapabilitySlotFactor(capability: "storage.kv", slots: [
        Slot(name: "storage.get", params: [.i32, .i32, .i32], ranges: [(0, 1, "key")], outPointers: [(2, 8)]),
        Slot(name: "storage.put", params: [.i32, .i32, .i32, .i32, .i64, .i32],
             ranges: [(0, 1, "key"), (2, 3, "value")], outPointers: [(5, 8)]),
        Slot(name: "storage.delete", params: [.i32, .i32, .i64], ranges: [(0, 1, "key")], outPointers: []),
        Slot(name: "storage.list", params: [.i32, .i32, .i32, .i32, .i32],
             ranges: [(0, 1, "prefix"), (2, 3, "cursor")], outPointers: []),
    ])
}
