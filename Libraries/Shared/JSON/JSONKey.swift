/// An object member name as the reader saw it: its decoded UTF-8 bytes (escapes resolved).
///
/// The bytes are borrowed from the reader and stay valid until ``JSONReader/read(_:limits:_:)``
/// returns; copy with ``string`` to keep the name longer. Match names without allocating:
///
/// ```swift
/// switch key {
/// case "status": status = try reader.readInt64()
/// default: try reader.skipValue()
/// }
/// ```
public struct JSONKey {
    public let bytes: UnsafeBufferPointer<UInt8>

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The name as a String (allocates for names over 15 bytes).
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public static func ~= (pattern: StaticString, key: JSONKey) -> Bool {
        key.equals(pattern)
    }

    @inline(__always)
    public func equals(_ name: StaticString) -> Bool {
        precondition(name.hasPointerRepresentation, "BUG in JSONKey: key pattern must be a string literal")
        let n = name.utf8CodeUnitCount
        guard n == bytes.count else { return false }
        guard n > 0, let base = bytes.baseAddress else { return true }
        return memcmpBytes(base, name.utf8Start, n)
    }
}

@inline(__always)
func memcmpBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var i = 0
    while i < n {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}
