import Shared

/// Encrypts and decrypts install secrets (AES-256-GCM under a key-encryption key). The
/// associated data binds each ciphertext to its tenant, install and name, so a row copied to
/// another install or renamed does not decrypt. A fresh random 96-bit nonce per value (the table
/// refuses a repeated (key version, nonce) pair).
struct SecretBox: Sendable {
    let keys: KeyEncryptionKeys?

    struct Sealed: Sendable {
        var ciphertext: [UInt8]
        var nonce: [UInt8]
        var keyVersion: Int
    }

    static let maxValueBytes = 64 << 10

    /// Throws 503 `secrets_unavailable` when no key-encryption key is configured.
    func seal(_ value: [UInt8], tenant: String, install: String, name: String) throws(AppError) -> Sealed {
        guard let (version, key) = keys?.current else {
            throw AppError(.secretsUnavailable, status: 503, "secrets cannot be stored: no key-encryption key is configured")
        }
        let nonce = SecureRandom.bytes(AES256GCM.nonceLength)
        let sealed = AES256GCM.seal(value, key: key, nonce: nonce, associatedData: Self.associatedData(tenant, install, name))
        return Sealed(ciphertext: sealed, nonce: nonce, keyVersion: version)
    }

    /// Throws 500 `secret_undecryptable` when the key version is gone or the row was tampered with.
    func open(_ sealed: Sealed, tenant: String, install: String, name: String) throws(AppError) -> [UInt8] {
        guard let key = keys?.key(version: sealed.keyVersion),
              let plain = AES256GCM.open(sealed.ciphertext, key: key, nonce: sealed.nonce,
                                         associatedData: Self.associatedData(tenant, install, name)) else {
            throw AppError(.secretUndecryptable, status: 500, "secret \(name) cannot be decrypted (key version \(sealed.keyVersion))")
        }
        return plain
    }

    /// `alga-secret@1 NUL tenant NUL install NUL name`: ids and names never contain NUL.
    static func associatedData(_ tenant: String, _ install: String, _ name: String) -> [UInt8] {
        Array("alga-secret@1\u{0}\(tenant)\u{0}\(install)\u{0}\(name)".utf8)
    }
}
