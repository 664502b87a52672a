import Shared

/// Decoding of the fields of a 512-byte ustar header block.
enum TarFields {
    /// The entry name: `prefix/name` for POSIX headers with a prefix, else `name`. Bytes after a
    /// field's NUL terminator must be NUL too (`bundle_path_nul` otherwise).
    static func name(_ block: [UInt8], posix: Bool) throws(AppError) -> [UInt8] {
        let name = try cString(block[0..<100])
        let prefix = posix ? try cString(block[345..<500]) : []
        return prefix.isEmpty ? name : prefix + [UInt8(ascii: "/")] + name
    }

    static func cString(_ field: ArraySlice<UInt8>) throws(AppError) -> [UInt8] {
        let (length, clean) = field.withUnsafeBytes { b -> (Int, Bool) in
            var n = 0
            while n < b.count && b[n] != 0 { n += 1 }
            return (n, allZero(UnsafeRawBufferPointer(rebasing: b[n...])))
        }
        guard clean else {
            let shown = BundlePath.display(Array(field.prefix(length)))
            throw AppError(.bundlePathNUL, status: 400, "entry '\(shown)': NUL byte in name")
        }
        return Array(field.prefix(length))
    }

    /// The stored checksum equals the unsigned (or, historically, signed) byte sum of the block
    /// with the checksum field read as spaces.
    static func checksumMatches(_ block: [UInt8]) -> Bool {
        guard let stored = octal(block[148..<156]) else { return false }
        let (unsigned, signed) = block.withUnsafeBufferPointer { b -> (Int64, Int64) in
            var unsigned = 0
            var signed = 0
            var i = 0
            while i < b.count {
                let v = i >= 148 && i < 156 ? UInt8(0x20) : b[i]
                unsigned &+= Int(v)
                signed &+= Int(Int8(bitPattern: v))
                i += 1
            }
            return (Int64(unsigned), Int64(signed))
        }
        return stored == unsigned || stored == signed
    }

    /// The size field: octal, or GNU base-256 for large values (saturating at `Int64.max`).
    static func size(_ block: [UInt8]) -> Int64? {
        let field = block[124..<136]
        guard let first = field.first, first & 0x80 != 0 else { return octal(field) }
        guard first == 0x80 else { return nil }
        var v: Int64 = 0
        for b in field.dropFirst() {
            guard v <= (Int64.max >> 8) else { return Int64.max }
            v = v << 8 | Int64(b)
        }
        return v
    }

    /// Octal digits, optionally space-padded on the left, ended by NUL or space.
    static func octal(_ field: ArraySlice<UInt8>) -> Int64? {
        var v: Int64 = 0
        var i = field.startIndex
        while i < field.endIndex && field[i] == 0x20 { i += 1 }
        var digits = 0
        while i < field.endIndex, (48...55).contains(field[i]) {
            v = v * 8 + Int64(field[i] - 48)
            digits += 1
            i += 1
        }
        guard digits <= 12, field[i...].allSatisfy({ $0 == 0 || $0 == 0x20 }) else { return nil }
        return v
    }

    static func allZero(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var acc: UInt8 = 0
        var i = 0
        while i < bytes.count {
            acc |= bytes[i]
            i += 1
        }
        return acc == 0
    }
}
