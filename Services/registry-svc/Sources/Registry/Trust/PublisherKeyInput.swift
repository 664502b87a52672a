import Bundle
import Foundation
import Shared

/// A publisher key as an admin submits it: the raw 32-byte key in Base64, or a PEM
/// SubjectPublicKeyInfo (`openssl pkey -pubout`), plus its validity window.
struct PublisherKeyInput: Sendable {
    var publicKey: Ed25519.PublicKey
    var notBefore: Date
    var notAfter: Date?

    var keyID: KeyID { KeyID(publicKey: publicKey) }

    init(_ body: JSONBody, keyField: String = "public_key", now: Date) throws(AppError) {
        let text = try body.requiredString(keyField)
        if text.hasPrefix("-----BEGIN") {
            do { publicKey = try Ed25519.PublicKey(pemRepresentation: text) } catch {
                throw AppError.badRequest("\(keyField): not an Ed25519 public key in PEM form")
            }
        } else {
            guard let raw = try? Base64.decode(text), raw.count == Ed25519.keyLength,
                  let key = try? Ed25519.PublicKey(rawRepresentation: raw) else {
                throw AppError.badRequest("\(keyField): must be the Base64 of a raw 32-byte Ed25519 public key, or PEM")
            }
            publicKey = key
        }
        notBefore = try body.time("not_before")?.date ?? now
        notAfter = try body.time("not_after")?.date
        if let notAfter, notAfter <= notBefore {
            throw AppError.badRequest("not_after: must be later than not_before")
        }
    }

    /// Publisher namespaces as manifests spell them: 1–40 of `a–z 0–9 -`, no `-` at either end.
    static func validatePublisher(_ s: String) throws(AppError) {
        let u = Array(s.utf8)
        guard (1...40).contains(u.count), u.first != UInt8(ascii: "-"), u.last != UInt8(ascii: "-"),
              u.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || $0 == UInt8(ascii: "-") }) else {
            throw AppError.badRequest("publisher: must be 1-40 characters of a-z 0-9 - without a leading or trailing -")
        }
    }
}
