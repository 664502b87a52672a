import Foundation
import Shared

/// A detached signature over a bundle (`signature.json`, uploaded beside `bundle.tar.zst`).
///
/// The Ed25519 signature covers `signedMessage`, which binds the key id, the publisher
/// namespace, the content hash and the signing time, so none of them can be swapped without
/// invalidating it. `signedAt` is what the signer claims; trust decisions never depend on it
/// (docs/signing.md explains why).
public struct BundleSignature: Sendable, Hashable {
    public static let format = "alga-bundle-signature@1"
    public static let algorithm = "ed25519"

    public var keyID: KeyID
    public var publisher: String
    public var contentHash: ContentHash
    /// Whole seconds (the JSON form has no fractions).
    public var signedAt: Date
    /// 64 bytes.
    public var signature: [UInt8]

    public init(keyID: KeyID, publisher: String, contentHash: ContentHash, signedAt: Date, signature: [UInt8]) {
        self.keyID = keyID
        self.publisher = publisher
        self.contentHash = contentHash
        self.signedAt = Date(timeIntervalSince1970: signedAt.timeIntervalSince1970.rounded(.down))
        self.signature = signature
    }

    /// Signs `contentHash` for `publisher` with `key`, stamped with `time`.
    public static func sign(contentHash: ContentHash, publisher: String, key: Ed25519.PrivateKey,
                            at time: Date) -> BundleSignature {
        let keyID = KeyID(publicKey: key.publicKey)
        let signedAt = Date(timeIntervalSince1970: time.timeIntervalSince1970.rounded(.down))
        let message = signedMessage(keyID: keyID, publisher: publisher, contentHash: contentHash, signedAt: signedAt)
        return BundleSignature(keyID: keyID, publisher: publisher, contentHash: contentHash, signedAt: signedAt,
                               signature: key.signature(for: message))
    }

    /// The exact bytes signed: five LF-terminated lines, starting with the format name (domain
    /// separation: these bytes can never be mistaken for another protocol's message).
    public static func signedMessage(keyID: KeyID, publisher: String, contentHash: ContentHash,
                                     signedAt: Date) -> [UInt8] {
        Array("""
            \(format)
            key_id:\(keyID)
            publisher:\(publisher)
            content_hash:\(contentHash)
            signed_at:\(RFC3339Time.format(signedAt))

            """.utf8)
    }

    /// True if the signature verifies with `key` over this signature's own fields.
    public func verifies(with key: Ed25519.PublicKey) -> Bool {
        KeyID(publicKey: key) == keyID
            && key.isValidSignature(signature, for: Self.signedMessage(keyID: keyID, publisher: publisher,
                                                                        contentHash: contentHash, signedAt: signedAt))
    }
}
