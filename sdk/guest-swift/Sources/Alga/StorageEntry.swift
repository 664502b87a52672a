/// A stored value with its revision.
public struct StorageEntry {
    public let value: [UInt8]
    public let revision: UInt64

    public var text: String { String(decoding: value, as: UTF8.self) }
}
