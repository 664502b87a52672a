import Shared

/// The identity of a bundle: SHA-256 of the exact `bundle.tar.zst` bytes, spelled
/// `sha256:<64 lowercase hex>` everywhere in the platform (object keys use the bare hex).
public struct ContentHash: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// 64 lowercase hex characters.
    public let hex: String

    /// Parses the `sha256:<hex>` spelling; anything else throws `content_hash_invalid`.
    public init(parsing text: String) throws(AppError) {
        guard text.hasPrefix("sha256:") else {
            throw AppError(.contentHashInvalid, status: 400, "content hash must be 'sha256:<64 lowercase hex>'")
        }
        try self.init(hex: String(text.dropFirst(7)))
    }

    /// Parses the bare hex spelling used in object keys.
    public init(hex: String) throws(AppError) {
        let u = hex.utf8
        guard u.count == 64, u.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            throw AppError(.contentHashInvalid, status: 400, "content hash must be 'sha256:<64 lowercase hex>'")
        }
        self.hex = hex
    }

    /// From a 32-byte SHA-256 digest.
    public init(digest: [UInt8]) {
        guard digest.count == 32 else { preconditionFailure("BUG in ContentHash: digest of \(digest.count) bytes") }
        hex = Hex.encode(digest)
    }

    public var description: String { "sha256:" + hex }

    public static func < (a: ContentHash, b: ContentHash) -> Bool { a.hex < b.hex }
}
