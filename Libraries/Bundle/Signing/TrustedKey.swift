import Foundation
import Shared

/// A publisher key the platform trusts for bundles first seen inside `[notBefore, notAfter)`.
public struct TrustedKey: Sendable, Hashable {
    public var keyID: KeyID { KeyID(publicKey: publicKey) }
    public var publicKey: Ed25519.PublicKey
    public var notBefore: Date
    /// nil: no planned expiry (rotation or revocation still end its use).
    public var notAfter: Date?

    public init(publicKey: Ed25519.PublicKey, notBefore: Date, notAfter: Date? = nil) {
        self.publicKey = publicKey
        self.notBefore = notBefore
        self.notAfter = notAfter
    }
}
