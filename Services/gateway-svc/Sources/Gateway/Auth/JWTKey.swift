import ServiceKit
import Shared

/// One verification key of the JWT key file, bound to its algorithm: a token whose header names
/// another algorithm is never checked with it (no algorithm confusion, no `none`).
struct JWTKey: Sendable {
    enum Material: Sendable {
        case edDSA(Ed25519.PublicKey)
        case hs256([UInt8])
    }

    let id: String
    let material: Material

    var algorithm: String {
        switch material {
        case .edDSA: "EdDSA"
        case .hs256: "HS256"
        }
    }

    /// True when `signature` signs `message` under this key.
    func verifies(_ signature: [UInt8], _ message: ArraySlice<UInt8>) -> Bool {
        switch material {
        case .edDSA(let key): key.isValidSignature(signature, for: message)
        case .hs256(let secret): HMACSHA256.verify(key: secret, message: message, mac: signature)
        }
    }
}
