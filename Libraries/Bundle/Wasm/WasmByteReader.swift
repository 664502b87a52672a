import Shared

/// Bounds-checked reading of the Wasm binary encoding; every failure is `wasm_malformed` with
/// the byte offset.
struct WasmByteReader {
    let bytes: [UInt8]
    private(set) var pos: Int
    let end: Int

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        pos = start
        self.end = end ?? bytes.count
    }

    var atEnd: Bool { pos >= end }

    func malformed(_ why: String, at offset: Int? = nil) -> AppError {
        AppError(.wasmMalformed, status: 400, "malformed Wasm module at byte \(offset ?? pos): \(why)")
    }

    mutating func byte() throws(AppError) -> UInt8 {
        guard pos < end else { throw malformed("unexpected end") }
        defer { pos += 1 }
        return bytes[pos]
    }

    mutating func skip(_ n: Int) throws(AppError) {
        guard n >= 0, n <= end - pos else { throw malformed("length \(n) runs past the end") }
        pos += n
    }

    /// Unsigned LEB128 of at most `bits` bits.
    mutating func unsigned(_ bits: Int = 32) throws(AppError) -> UInt64 {
        var result: UInt64 = 0
        var shift = 0
        let start = pos
        while true {
            let b = try byte()
            let payload = UInt64(b & 0x7F)
            if shift + 7 > bits, payload >> UInt64(bits - shift) != 0 { throw malformed("integer too large", at: start) }
            result |= payload << UInt64(shift)
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift >= bits { throw malformed("integer representation too long", at: start) }
        }
    }

    mutating func u32() throws(AppError) -> UInt32 { UInt32(try unsigned(32)) }

    /// Signed LEB128 of at most `bits` bits (constant expressions); the value is discarded.
    mutating func skipSigned(_ bits: Int) throws(AppError) {
        let start = pos
        var shift = 0
        while true {
            let b = try byte()
            shift += 7
            if b & 0x80 == 0 { return }
            if shift >= bits { throw malformed("integer representation too long", at: start) }
        }
    }

    /// A vector length, checked against `cap` (with `code` when over) and against the bytes
    /// left (each element takes at least one byte), before anything is allocated.
    mutating func count(cap: Int, code: ErrorCode, what: String) throws(AppError) -> Int {
        let start = pos
        let n = try u32()
        guard n <= cap else {
            throw AppError(code, status: 400, "Wasm module declares \(n) \(what), more than the limit of \(cap)")
        }
        guard Int(n) <= end - pos else { throw malformed("\(n) \(what) cannot fit in the remaining bytes", at: start) }
        return Int(n)
    }

    mutating func name() throws(AppError) -> String {
        let n = Int(try u32())
        let start = pos
        try skip(n)
        guard let s = String(validating: bytes[start..<(start + n)], as: UTF8.self) else {
            throw malformed("name is not valid UTF-8", at: start)
        }
        return s
    }

    mutating func valueType() throws(AppError) -> WasmValueType {
        let b = try byte()
        guard let t = WasmValueType(byte: b) else { throw malformed("unsupported value type 0x\(Hex.encode([b]))", at: pos - 1) }
        return t
    }

    mutating func limits(is64Allowed: Bool) throws(AppError) -> WasmMemoryLimits {
        let flags = try byte()
        guard flags & ~0x07 == 0, is64Allowed || flags & 0x04 == 0 else {
            throw malformed("invalid limits flags 0x\(Hex.encode([flags]))", at: pos - 1)
        }
        let bits = flags & 0x04 != 0 ? 64 : 32
        let min = try unsigned(bits)
        let max = flags & 0x01 != 0 ? try unsigned(bits) : nil
        if let max, max < min { throw malformed("limits maximum below minimum") }
        return WasmMemoryLimits(minPages: min, maxPages: max, shared: flags & 0x02 != 0, is64Bit: bits == 64)
    }

    /// Skips a constant expression up to and including its `end` opcode.
    mutating func skipConstantExpression() throws(AppError) {
        while true {
            let op = try byte()
            switch op {
            case 0x0B: return
            case 0x41: try skipSigned(32)
            case 0x42: try skipSigned(64)
            case 0x43: try skip(4)
            case 0x44: try skip(8)
            case 0x23, 0xD2: _ = try u32()
            case 0xD0: _ = try byte()
            case 0x6A, 0x6B, 0x6C, 0x7C, 0x7D, 0x7E: continue
            case 0xFD:
                guard try u32() == 12 else { throw malformed("unsupported vector instruction in constant expression") }
                try skip(16)
            default:
                throw malformed("opcode 0x\(Hex.encode([op])) not allowed in a constant expression", at: pos - 1)
            }
        }
    }
}
