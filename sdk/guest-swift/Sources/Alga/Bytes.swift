/// Calls `body` with a (pointer, length) view of the bytes, as the imports take them.
@inline(__always)
func withBytes<R>(_ bytes: [UInt8], _ body: (UnsafeRawPointer?, UInt32) -> R) -> R {
    bytes.withUnsafeBytes { body($0.baseAddress, UInt32($0.count)) }
}

/// Calls `body` with a (pointer, length) view of the string's UTF-8 bytes.
@inline(__always)
func withUTF8<R>(_ text: String, _ body: (UnsafeRawPointer?, UInt32) -> R) -> R {
    var copy = text
    return copy.withUTF8 { body(UnsafeRawPointer($0.baseAddress), UInt32($0.count)) }
}
