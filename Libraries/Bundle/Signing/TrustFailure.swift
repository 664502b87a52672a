import Shared

/// Why a signature is not accepted. Exactly one reason per evaluation.
public enum TrustFailure: String, Sendable, CaseIterable {
    case unsigned
    case publisherMismatch = "publisher_mismatch"
    case unknownKey = "unknown_key"
    case badSignature = "bad_signature"
    case keyRevoked = "key_revoked"
    case keyNotYetValid = "key_not_yet_valid"
    case keyExpired = "key_expired"

    /// The stable error code publish and install answer with.
    public var errorCode: ErrorCode {
        switch self {
        case .unsigned: .signatureRequired
        case .publisherMismatch: .signaturePublisherMismatch
        case .unknownKey: .signatureUnknownKey
        case .badSignature: .signatureBad
        case .keyRevoked: .signatureKeyRevoked
        case .keyNotYetValid: .signatureKeyNotYetValid
        case .keyExpired: .signatureKeyExpired
        }
    }
}
