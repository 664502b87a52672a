import Shared

/// Names a publisher key: `ed25519:` + the first 16 hex digits of SHA-256(raw public key).
/// Derived from the key, so a trust bundle can check that an id and its key belong together.
public struct KeyID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init(publicKey: Ed25519.PublicKey) {
        rawValue = "ed25519:" + String(Hex.encode(SHA256.hash(publicKey.rawRepresentation)).prefix(16))
    }

    /// nil unless `text` is `ed25519:` followed by 16 lowercase hex digits.
    public init?(_ text: String) {
        guard text.hasPrefix("ed25519:") else { return nil }
        let hex = text.utf8.dropFirst(8)
        guard hex.count == 16, hex.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        rawValue = text
    }

    public var description: String { rawValue }

    public static func < (a: KeyID, b: KeyID) -> Bool { a.rawValue < b.rawValue }
}
