import Shared

/// Reads ``BinaryPrototype``'s format; throws on truncation, oversized counts and invalid UTF-8.
struct BinaryCursor {
    struct Malformed: Error {}

    let buffer: UnsafeBufferPointer<UInt8>
    var pos = 0

    init(_ buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

    mutating func varint() throws -> UInt64 {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while pos < buffer.count, shift < 64 {
            let b = buffer[pos]
            pos += 1
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
        }
        throw Malformed()
    }

    mutating func count() throws -> Int {
        let n = try varint()
        guard n <= UInt64(buffer.count - pos) else { throw Malformed() }
        return Int(n)
    }

    mutating func bytes() throws -> [UInt8] {
        let n = try count()
        defer { pos += n }
        return Array(buffer[pos..<(pos + n)])
    }

    mutating func string() throws -> String {
        let n = try count()
        defer { pos += n }
        guard let s = String(validating: UnsafeBufferPointer(rebasing: buffer[pos..<(pos + n)]), as: UTF8.self) else {
            throw Malformed()
        }
        return s
    }

    mutating func list() throws -> [String] {
        try (0..<(try count())).map { _ in try string() }
    }

    mutating func pairs() throws -> [NameValuePair] {
        try (0..<(try count())).map { _ in NameValuePair(try string(), try string()) }
    }
}
