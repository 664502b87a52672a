import Foundation

/// Revokes a key from `revokedAt` on: bundles first seen before that instant keep verifying
/// (so what was signed before a leak can stay valid); bundles first seen at or after it do not.
/// To distrust everything a key ever signed, set `revokedAt` to its `notBefore`.
public struct KeyRevocation: Sendable, Hashable {
    public var keyID: KeyID
    public var revokedAt: Date
    public var reason: String

    public init(keyID: KeyID, revokedAt: Date, reason: String) {
        self.keyID = keyID
        self.revokedAt = revokedAt
        self.reason = reason
    }
}
