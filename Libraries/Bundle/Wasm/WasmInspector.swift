import Shared

/// A small reader of the core Wasm binary format (no compilation, no validation of code):
/// lists imports with their function types, exports, functions, body sizes and locals, and
/// memory limits, enforcing `WasmLimits` as it reads so oversized modules are refused cheaply.
///
/// Registry publish uses it to check a handler module against docs/guest-abi.md before anything
/// compiles it. Component-model binaries are refused with `wasm_component_unsupported`.
public enum WasmInspector {
    public static func inspect(_ bytes: [UInt8], limits: WasmLimits = .default) throws(AppError) -> WasmModuleInfo {
        guard bytes.count <= limits.maxModuleBytes else {
            throw AppError(.wasmModuleTooLarge, status: 400,
                           "Wasm module is \(bytes.count) bytes, more than the limit of \(limits.maxModuleBytes)")
        }
        var r = WasmByteReader(bytes)
        guard bytes.count >= 8, bytes[0..<4].elementsEqual([0x00, 0x61, 0x73, 0x6D]) else {
            throw r.malformed("not a Wasm binary (bad magic)", at: 0)
        }
        if bytes[6..<8].elementsEqual([0x01, 0x00]) {
            throw AppError(.wasmComponentUnsupported, status: 400,
                           "a Wasm component is not supported; runtime wasm@1 needs a core module")
        }
        guard bytes[4..<8].elementsEqual([0x01, 0x00, 0x00, 0x00]) else {
            throw r.malformed("unsupported binary version", at: 4)
        }
        try r.skip(8)
        var state = InspectionState(limits: limits)
        state.info.size = bytes.count
        var lastOrder = 0
        while !r.atEnd {
            let sectionStart = r.pos
            let id = try r.byte()
            let size = Int(try r.u32())
            let contentStart = r.pos
            try r.skip(size)
            var section = WasmByteReader(bytes, from: contentStart, to: contentStart + size)
            if id != 0 {
                guard let order = Self.order[id] else { throw r.malformed("unknown section id \(id)", at: sectionStart) }
                guard order > lastOrder else { throw r.malformed("section \(id) out of order or repeated", at: sectionStart) }
                lastOrder = order
            }
            try state.read(section: id, &section)
            if id != 0 && id != 9 && id != 11 && id != 13 && !section.atEnd {
                throw section.malformed("section \(id) has \(section.end - section.pos) unread bytes")
            }
        }
        guard state.info.bodies.count == state.info.definedFunctionTypes.count else {
            throw r.malformed("\(state.info.definedFunctionTypes.count) functions declared but "
                + "\(state.info.bodies.count) bodies present", at: bytes.count)
        }
        return state.info
    }

    /// Required relative order of the non-custom sections (data count sits before code).
    static let order: [UInt8: Int] = [1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13]
}
