import Shared

/// The identity of a bundle: SHA-256 of the exact `bundle.tar.zst` bytes, spelled
/// `sha256:<64 lowercase hex>` everywhere in the platform (object keys use the bare hex).
public struct ContentHash: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// 64 lowercase hex characters.
    public let hex: String

    /// Parses the `sha256:<hex>` spelling; anything else throws `content_hash_invalid`.
    /// (On the assets hot path: byte-wise, no Character iteration.)
    public init(parsing text: String) throws(AppError) {
        let u = text.utf8
        guard u.count == 71, u.starts(with: "sha256:".utf8), Self.isLowercaseHex(u.dropFirst(7)) else { throw Self.invalid }
        hex = String(Substring(u.dropFirst(7)))
    }

    /// Parses the bare hex spelling used in object keys.
    public init(hex: String) throws(AppError) {
        guard hex.utf8.count == 64, Self.isLowercaseHex(hex.utf8[...]) else { throw Self.invalid }
        self.hex = hex
    }

    private static func isLowercaseHex(_ u: Substring.UTF8View) -> Bool {
        u.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    private static var invalid: AppError {
        AppError(.contentHashInvalid, status: 400, "content hash must be 'sha256:<64 lowercase hex>'")
    }

    /// From a 32-byte SHA-256 digest.
    public init(digest: [UInt8]) {
        guard digest.count == 32 else { preconditionFailure("BUG in ContentHash: digest of \(digest.count) bytes") }
        hex = Hex.encode(digest)
    }

    public var description: String { "sha256:" + hex }

    public static func < (a: ContentHash, b: ContentHash) -> Bool { a.hex < b.hex }
}
