import Foundation
import Shared

/// The keys the platform trusts, per publisher namespace, and the revocations.
///
/// A publisher may have several keys at once (rotation: the new key starts before the old one
/// ends, and bundles keep verifying with the key that signed them). A key id belongs to exactly
/// one publisher. Immutable value; safe to share.
public struct TrustBundle: Sendable, Equatable {
    public static let format = "alga-trust-bundle@1"

    public private(set) var keys: [String: [TrustedKey]]
    public private(set) var revocations: [KeyID: KeyRevocation]
    private var owner: [KeyID: String]

    /// Throws `trust_bundle_invalid` if a key id appears twice or a window is empty.
    public init(keys: [String: [TrustedKey]], revocations: [KeyRevocation] = []) throws(AppError) {
        var owner: [KeyID: String] = [:]
        for publisher in keys.keys.sorted() {
            for key in keys[publisher] ?? [] {
                if let other = owner[key.keyID] {
                    throw AppError(.trustBundleInvalid, status: 400,
                                   "trust bundle: key \(key.keyID) listed for both \(other) and \(publisher)")
                }
                if let end = key.notAfter, end <= key.notBefore {
                    throw AppError(.trustBundleInvalid, status: 400,
                                   "trust bundle: key \(key.keyID) has not_after before not_before")
                }
                owner[key.keyID] = publisher
            }
        }
        var byKey: [KeyID: KeyRevocation] = [:]
        for r in revocations {
            guard byKey[r.keyID] == nil else {
                throw AppError(.trustBundleInvalid, status: 400, "trust bundle: key \(r.keyID) revoked twice")
            }
            byKey[r.keyID] = r
        }
        self.keys = keys
        self.revocations = byKey
        self.owner = owner
    }

    /// Decides whether `signature` makes the bundle `contentHash` of `publisher` trusted.
    ///
    /// `time` is when the registry first saw the bundle (its publish time), not the signer's
    /// `signedAt` claim, which an attacker holding a leaked key could backdate. Checks run in
    /// this order and the first failure is the answer: unsigned, publisher mismatch, unknown
    /// key, bad signature, revoked, not yet valid, expired.
    public func evaluate(_ signature: BundleSignature?, contentHash: ContentHash, publisher: String,
                         at time: Date) -> TrustDecision {
        guard let signature else { return .rejected(.unsigned, detail: "the bundle has no signature") }
        guard signature.publisher == publisher else {
            return .rejected(.publisherMismatch,
                             detail: "signature is for publisher \(signature.publisher), the bundle is \(publisher)'s")
        }
        guard let key = keys[publisher]?.first(where: { $0.keyID == signature.keyID }) else {
            if let other = owner[signature.keyID] {
                return .rejected(.publisherMismatch, detail: "key \(signature.keyID) belongs to publisher \(other)")
            }
            return .rejected(.unknownKey, detail: "key \(signature.keyID) is not trusted for publisher \(publisher)")
        }
        guard signature.contentHash == contentHash, signature.verifies(with: key.publicKey) else {
            return .rejected(.badSignature, detail: "signature by \(signature.keyID) does not verify for \(contentHash)")
        }
        if let revocation = revocations[signature.keyID], revocation.revokedAt <= time {
            return .rejected(.keyRevoked, detail: "key \(signature.keyID) was revoked at "
                + RFC3339Time.format(revocation.revokedAt))
        }
        if time < key.notBefore {
            return .rejected(.keyNotYetValid, detail: "key \(signature.keyID) is valid from "
                + RFC3339Time.format(key.notBefore))
        }
        if let end = key.notAfter, end <= time {
            return .rejected(.keyExpired, detail: "key \(signature.keyID) expired at " + RFC3339Time.format(end))
        }
        return .accepted(signature.keyID)
    }
}
