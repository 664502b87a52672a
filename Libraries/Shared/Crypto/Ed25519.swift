import COpenSSL

extension ErrorCode {
    /// A key (or key file) that is not a well-formed Ed25519 key.
    public static let keyInvalid = ErrorCode("key_invalid")
}

/// Ed25519 signatures (RFC 8032) over OpenSSL's `EVP_PKEY_ED25519`.
///
/// Keys are plain values holding their 32 raw bytes; every operation builds a short-lived
/// `EVP_PKEY` and frees it before returning, so keys are `Sendable` and safe to share across
/// threads. Malformed external keys throw `key_invalid`; an OpenSSL failure on a key we already
/// validated is a bug and traps.
public enum Ed25519 {
    public static let keyLength = 32
    public static let signatureLength = 64

    /// A private key. Its description never shows key material.
    public struct PrivateKey: Sendable, CustomStringConvertible {
        private let seed: [UInt8]

        /// The 32-byte seed (RFC 8032 "private key"); throws `key_invalid` for any other length.
        public init(rawRepresentation: some Collection<UInt8>) throws(AppError) {
            guard rawRepresentation.count == Ed25519.keyLength else {
                throw AppError(.keyInvalid, status: 400, "Ed25519 private key must be 32 bytes")
            }
            seed = Array(rawRepresentation)
        }

        /// A new key from OpenSSL's CSPRNG.
        public static func generate() -> PrivateKey {
            do { return try PrivateKey(rawRepresentation: SecureRandom.bytes(Ed25519.keyLength)) } catch {
                preconditionFailure("BUG in Ed25519.PrivateKey.generate: \(error)")
            }
        }

        /// The seed bytes, for writing a key file. Handle as a secret.
        public var rawRepresentation: [UInt8] { seed }

        public var publicKey: PublicKey {
            let pkey = makePKey()
            defer { EVP_PKEY_free(pkey) }
            var out = [UInt8](repeating: 0, count: Ed25519.keyLength)
            var len = out.count
            let rc = out.withUnsafeMutableBufferPointer { EVP_PKEY_get_raw_public_key(pkey, $0.baseAddress, &len) }
            guard rc == 1, len == Ed25519.keyLength else {
                preconditionFailure("BUG in Ed25519.PrivateKey: cannot derive the public key")
            }
            return PublicKey(validated: out)
        }

        /// The 64-byte signature of `message` (pure Ed25519: the message is not pre-hashed).
        public func signature(for message: some Sequence<UInt8>) -> [UInt8] {
            let pkey = makePKey()
            defer { EVP_PKEY_free(pkey) }
            guard let ctx = EVP_MD_CTX_new() else { preconditionFailure("BUG in Ed25519: EVP_MD_CTX_new failed") }
            defer { EVP_MD_CTX_free(ctx) }
            guard EVP_DigestSignInit(ctx, nil, nil, nil, pkey) == 1 else {
                preconditionFailure("BUG in Ed25519: EVP_DigestSignInit failed")
            }
            let msg = Array(message)
            var sig = [UInt8](repeating: 0, count: Ed25519.signatureLength)
            var sigLen = sig.count
            let rc = msg.withUnsafeBufferPointer { m in
                sig.withUnsafeMutableBufferPointer { s in
                    EVP_DigestSign(ctx, s.baseAddress, &sigLen, m.baseAddress, m.count)
                }
            }
            guard rc == 1, sigLen == Ed25519.signatureLength else {
                preconditionFailure("BUG in Ed25519: EVP_DigestSign failed")
            }
            return sig
        }

        public var description: String { "Ed25519.PrivateKey(<redacted>)" }

        /// The caller frees the result with `EVP_PKEY_free`.
        private func makePKey() -> OpaquePointer {
            let pkey = seed.withUnsafeBufferPointer {
                EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, $0.baseAddress, $0.count)
            }
            guard let pkey else { preconditionFailure("BUG in Ed25519: OpenSSL refused a 32-byte seed") }
            return pkey
        }
    }

    /// A public key.
    public struct PublicKey: Sendable, Hashable, CustomStringConvertible {
        public let rawRepresentation: [UInt8]

        /// The 32-byte encoded point; throws `key_invalid` for another length or bytes OpenSSL rejects.
        public init(rawRepresentation: some Collection<UInt8>) throws(AppError) {
            let raw = Array(rawRepresentation)
            guard raw.count == Ed25519.keyLength else {
                throw AppError(.keyInvalid, status: 400, "Ed25519 public key must be 32 bytes")
            }
            let pkey = raw.withUnsafeBufferPointer {
                EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, $0.baseAddress, $0.count)
            }
            guard let pkey else { throw AppError(.keyInvalid, status: 400, "not an Ed25519 public key") }
            EVP_PKEY_free(pkey)
            self.rawRepresentation = raw
        }

        init(validated raw: [UInt8]) { rawRepresentation = raw }

        /// True only if `signature` is a valid Ed25519 signature of `message` by this key.
        /// Any malformed input (wrong length, non-canonical encoding) is simply invalid.
        public func isValidSignature(_ signature: some Collection<UInt8>, for message: some Sequence<UInt8>) -> Bool {
            let sig = Array(signature)
            guard sig.count == Ed25519.signatureLength else { return false }
            let pkey = rawRepresentation.withUnsafeBufferPointer {
                EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, $0.baseAddress, $0.count)
            }
            guard let pkey else { return false }
            defer { EVP_PKEY_free(pkey) }
            guard let ctx = EVP_MD_CTX_new() else { preconditionFailure("BUG in Ed25519: EVP_MD_CTX_new failed") }
            defer { EVP_MD_CTX_free(ctx) }
            guard EVP_DigestVerifyInit(ctx, nil, nil, nil, pkey) == 1 else { return false }
            let msg = Array(message)
            let rc = msg.withUnsafeBufferPointer { m in
                sig.withUnsafeBufferPointer { s in
                    EVP_DigestVerify(ctx, s.baseAddress, s.count, m.baseAddress, m.count)
                }
            }
            ERR_clear_error()
            return rc == 1
        }

        public var description: String { "Ed25519.PublicKey(\(Hex.encode(rawRepresentation)))" }
    }
}
