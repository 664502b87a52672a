/// Why a Base64 text was refused, with the offset of the first offending character.
public struct Base64Error: Error, Sendable, Equatable, CustomStringConvertible {
    public let offset: Int
    public let reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "invalid base64 at offset \(offset): \(reason)" }
}
