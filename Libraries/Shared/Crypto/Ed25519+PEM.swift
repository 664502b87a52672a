import COpenSSL

/// PEM key files, interchangeable with `openssl genpkey -algorithm ed25519` (PKCS#8 private keys)
/// and `openssl pkey -pubout` (SubjectPublicKeyInfo public keys). Unencrypted only.
extension Ed25519.PrivateKey {
    public init(pemRepresentation pem: String) throws(AppError) {
        let pkey = try Ed25519PEM.read(pem) { bio in PEM_read_bio_PrivateKey(bio, nil, nil, nil) }
        defer { EVP_PKEY_free(pkey) }
        var raw = [UInt8](repeating: 0, count: Ed25519.keyLength)
        var len = raw.count
        let rc = raw.withUnsafeMutableBufferPointer { EVP_PKEY_get_raw_private_key(pkey, $0.baseAddress, &len) }
        guard rc == 1, len == Ed25519.keyLength else {
            throw AppError(.keyInvalid, status: 400, "PEM private key has no raw Ed25519 seed")
        }
        try self.init(rawRepresentation: raw)
    }

    /// PKCS#8 `-----BEGIN PRIVATE KEY-----`. Handle as a secret.
    public var pemRepresentation: String {
        let raw = rawRepresentation
        let pkey = raw.withUnsafeBufferPointer {
            EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, $0.baseAddress, $0.count)
        }
        guard let pkey else { preconditionFailure("BUG in Ed25519 PEM: OpenSSL refused a 32-byte seed") }
        defer { EVP_PKEY_free(pkey) }
        return Ed25519PEM.write { bio in PEM_write_bio_PrivateKey(bio, pkey, nil, nil, 0, nil, nil) }
    }
}

extension Ed25519.PublicKey {
    public init(pemRepresentation pem: String) throws(AppError) {
        let pkey = try Ed25519PEM.read(pem) { bio in PEM_read_bio_PUBKEY(bio, nil, nil, nil) }
        defer { EVP_PKEY_free(pkey) }
        var raw = [UInt8](repeating: 0, count: Ed25519.keyLength)
        var len = raw.count
        let rc = raw.withUnsafeMutableBufferPointer { EVP_PKEY_get_raw_public_key(pkey, $0.baseAddress, &len) }
        guard rc == 1, len == Ed25519.keyLength else {
            throw AppError(.keyInvalid, status: 400, "PEM public key has no raw Ed25519 point")
        }
        try self.init(rawRepresentation: raw)
    }

    /// SubjectPublicKeyInfo `-----BEGIN PUBLIC KEY-----`.
    public var pemRepresentation: String {
        let pkey = rawRepresentation.withUnsafeBufferPointer {
            EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, $0.baseAddress, $0.count)
        }
        guard let pkey else { preconditionFailure("BUG in Ed25519 PEM: OpenSSL refused a validated key") }
        defer { EVP_PKEY_free(pkey) }
        return Ed25519PEM.write { bio in PEM_write_bio_PUBKEY(bio, pkey) }
    }
}

/// Memory-BIO plumbing shared by the PEM readers and writers.
enum Ed25519PEM {
    static let maxPEMBytes = 16 * 1024

    /// Parses `pem` with `read`; the caller frees the returned key. Only Ed25519 keys are accepted.
    static func read(_ pem: String, _ read: (OpaquePointer) -> OpaquePointer?) throws(AppError) -> OpaquePointer {
        let bytes = Array(pem.utf8)
        guard !bytes.isEmpty, bytes.count <= maxPEMBytes else {
            throw AppError(.keyInvalid, status: 400, "PEM key must be 1–\(maxPEMBytes) bytes")
        }
        let pkey: OpaquePointer? = bytes.withUnsafeBytes { buf in
            guard let bio = BIO_new_mem_buf(buf.baseAddress, Int32(buf.count)) else { return nil }
            defer { BIO_free(bio) }
            return read(bio)
        }
        ERR_clear_error()
        guard let pkey else { throw AppError(.keyInvalid, status: 400, "not a PEM-encoded key") }
        guard EVP_PKEY_get_id(pkey) == EVP_PKEY_ED25519 else {
            EVP_PKEY_free(pkey)
            throw AppError(.keyInvalid, status: 400, "PEM key is not an Ed25519 key")
        }
        return pkey
    }

    static func write(_ write: (OpaquePointer) -> Int32) -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { preconditionFailure("BUG in Ed25519 PEM: BIO_new failed") }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { preconditionFailure("BUG in Ed25519 PEM: PEM write failed") }
        var data: UnsafeMutablePointer<CChar>?
        let len = c_openssl_bio_mem_data(bio, &data)
        guard let data, len > 0 else { preconditionFailure("BUG in Ed25519 PEM: empty PEM output") }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: len), as: UTF8.self)
    }
}
