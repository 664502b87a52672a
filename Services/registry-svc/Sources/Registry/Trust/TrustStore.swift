import Bundle
import Foundation
import Postgres
import Shared

/// The trust bundle lives in `publisher_key` (keys with validity windows, revocations); this
/// builds the `TrustBundle` the bundle library evaluates, for one publisher at a time.
enum TrustStore {
    /// The keys of `publisher`, plus the key `keyID` whatever publisher it belongs to (so a
    /// signature with another publisher's key is reported as a publisher mismatch, not unknown).
    static func trustBundle(publisher: String, keyID: String?, in tx: PostgresTransaction) async throws -> TrustBundle {
        let rows = try await tx.query("""
            SELECT key_id, publisher, public_key, valid_from, valid_until, revoked_at, revocation_reason
              FROM publisher_key WHERE publisher = $1 OR key_id = $2
            """, [.text(publisher), .optional(keyID)])
        var keys: [String: [TrustedKey]] = [:]
        var revocations: [KeyRevocation] = []
        for row in rows {
            let key = try Ed25519.PublicKey(rawRepresentation: try row.decode("public_key", as: [UInt8].self))
            let trusted = TrustedKey(publicKey: key, notBefore: try row.decode("valid_from"),
                                     notAfter: try row.decode("valid_until", as: Date?.self))
            keys[try row.decode("publisher", as: String.self), default: []].append(trusted)
            if let revokedAt = try row.decode("revoked_at", as: Date?.self) {
                revocations.append(KeyRevocation(keyID: trusted.keyID, revokedAt: revokedAt,
                                                 reason: try row.decode("revocation_reason", as: String?.self) ?? ""))
            }
        }
        return try TrustBundle(keys: keys, revocations: revocations)
    }

    /// Evaluates `signature` for a bundle of `publisher` first seen at `firstSeen`; returns the
    /// accepted key, or nil for an unsigned bundle in development mode. Throws the trust
    /// failure's error (docs/signing.md: `signature_*`, 400; revoked 403).
    static func verify(_ signature: BundleSignature?, contentHash: ContentHash, publisher: String, firstSeen: Date,
                       allowUnsigned: Bool, in tx: PostgresTransaction) async throws -> KeyID? {
        if signature == nil && allowUnsigned { return nil }
        let bundle = try await trustBundle(publisher: publisher, keyID: signature?.keyID.rawValue, in: tx)
        let decision = bundle.evaluate(signature, contentHash: contentHash, publisher: publisher, at: firstSeen)
        if let error = decision.appError { throw error }
        guard case .accepted(let key) = decision else { preconditionFailure("BUG in TrustStore: accepted without a key") }
        return key
    }
}
