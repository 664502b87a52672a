/// One 512-byte ustar header block, for writing. The writer uses it for every entry; tests use
/// it to build hostile archives field by field.
struct TarHeader {
    static let blockSize = 512

    enum Magic {
        /// POSIX ustar/pax: `ustar\0` + `00`.
        case posix
        /// GNU tar: `ustar ` + ` \0`.
        case gnu
        /// No magic (pre-POSIX v7 tar).
        case none
    }

    enum TypeFlag {
        static let file = UInt8(ascii: "0")
        static let hardLink = UInt8(ascii: "1")
        static let symlink = UInt8(ascii: "2")
        static let characterDevice = UInt8(ascii: "3")
        static let blockDevice = UInt8(ascii: "4")
        static let directory = UInt8(ascii: "5")
        static let fifo = UInt8(ascii: "6")
        static let contiguous = UInt8(ascii: "7")
        static let paxExtended = UInt8(ascii: "x")
        static let paxGlobal = UInt8(ascii: "g")
        static let gnuLongName = UInt8(ascii: "L")
        static let gnuLongLink = UInt8(ascii: "K")
        static let gnuSparse = UInt8(ascii: "S")
    }

    var name: [UInt8]
    var typeflag: UInt8
    var size: Int64 = 0
    var mode: UInt32 = 0o644
    var mtime: Int64 = 0
    var linkname: [UInt8] = []
    var prefix: [UInt8] = []
    var magic: Magic = .posix

    /// The encoded block with its checksum. Fields that do not fit are a bug of the caller.
    func encode() -> [UInt8] {
        var b = [UInt8](repeating: 0, count: Self.blockSize)
        put(&b, name, at: 0, width: 100)
        putOctal(&b, Int64(mode), at: 100, width: 8)
        putOctal(&b, 0, at: 108, width: 8)  // uid
        putOctal(&b, 0, at: 116, width: 8)  // gid
        putOctal(&b, size, at: 124, width: 12)
        putOctal(&b, mtime, at: 136, width: 12)
        b[156] = typeflag
        put(&b, linkname, at: 157, width: 100)
        switch magic {
        case .posix:
            put(&b, Array("ustar\u{0}00".utf8), at: 257, width: 8)
        case .gnu:
            put(&b, Array("ustar  \u{0}".utf8), at: 257, width: 8)
        case .none:
            break
        }
        if magic == .posix {
            putOctal(&b, 0, at: 329, width: 8)  // devmajor
            putOctal(&b, 0, at: 337, width: 8)  // devminor
        }
        put(&b, prefix, at: 345, width: 155)
        for i in 148..<156 { b[i] = 0x20 }
        let sum = b.reduce(0) { $0 + Int64($1) }
        putOctal(&b, sum, at: 148, width: 7)
        b[155] = 0x20
        return b
    }

    private func put(_ b: inout [UInt8], _ field: [UInt8], at offset: Int, width: Int) {
        guard field.count <= width else { preconditionFailure("BUG in TarHeader: field of \(field.count) > \(width)") }
        for (i, c) in field.enumerated() { b[offset + i] = c }
    }

    /// Zero-padded octal, NUL-terminated, filling `width` bytes.
    private func putOctal(_ b: inout [UInt8], _ value: Int64, at offset: Int, width: Int) {
        let digits = Array(String(value, radix: 8).utf8)
        guard value >= 0, digits.count <= width - 1 else {
            preconditionFailure("BUG in TarHeader: \(value) does not fit \(width - 1) octal digits")
        }
        let padded = [UInt8](repeating: UInt8(ascii: "0"), count: width - 1 - digits.count) + digits
        put(&b, padded, at: offset, width: width)
    }
}
