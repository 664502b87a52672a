import COpenSSL
import Shared

/// AES-256-GCM through OpenSSL's EVP interface: 32-byte key, 12-byte nonce, 16-byte tag appended
/// to the ciphertext, associated data authenticated but not encrypted. A wrong key, nonce,
/// associated data or any changed byte makes `open` return nil.
enum AES256GCM {
    static let keyLength = 32
    static let nonceLength = 12
    static let tagLength = 16

    /// Ciphertext followed by the tag.
    static func seal(_ plaintext: [UInt8], key: [UInt8], nonce: [UInt8], associatedData: [UInt8]) -> [UInt8] {
        guard key.count == keyLength, nonce.count == nonceLength else {
            preconditionFailure("BUG in AES256GCM: key \(key.count) or nonce \(nonce.count) bytes")
        }
        guard let ctx = EVP_CIPHER_CTX_new() else { preconditionFailure("BUG in AES256GCM: EVP_CIPHER_CTX_new failed") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        var out = [UInt8](repeating: 0, count: plaintext.count + tagLength)
        var ok = EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nil, key, nonce) == 1
        var n: Int32 = 0
        if ok && !associatedData.isEmpty {
            ok = EVP_EncryptUpdate(ctx, nil, &n, associatedData, Int32(associatedData.count)) == 1
        }
        var written = 0
        if ok && !plaintext.isEmpty {
            ok = out.withUnsafeMutableBufferPointer { EVP_EncryptUpdate(ctx, $0.baseAddress, &n, plaintext, Int32(plaintext.count)) } == 1
            written = Int(n)
        }
        if ok {
            ok = out.withUnsafeMutableBufferPointer { EVP_EncryptFinal_ex(ctx, $0.baseAddress! + written, &n) } == 1
            written += Int(n)
        }
        if ok {
            ok = out.withUnsafeMutableBufferPointer {
                EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, Int32(tagLength), $0.baseAddress! + written)
            } == 1
        }
        guard ok, written == plaintext.count else { preconditionFailure("BUG in AES256GCM: OpenSSL encryption failed") }
        return out
    }

    /// The plaintext, or nil when the tag does not verify.
    static func open(_ sealed: [UInt8], key: [UInt8], nonce: [UInt8], associatedData: [UInt8]) -> [UInt8]? {
        guard key.count == keyLength, nonce.count == nonceLength, sealed.count >= tagLength else { return nil }
        guard let ctx = EVP_CIPHER_CTX_new() else { return nil }
        defer { EVP_CIPHER_CTX_free(ctx) }
        let body = Array(sealed.prefix(sealed.count - tagLength))
        var tag = Array(sealed.suffix(tagLength))
        var out = [UInt8](repeating: 0, count: body.count + 16)
        var n: Int32 = 0
        guard EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nil, key, nonce) == 1 else { return nil }
        if !associatedData.isEmpty {
            guard EVP_DecryptUpdate(ctx, nil, &n, associatedData, Int32(associatedData.count)) == 1 else { return nil }
        }
        var written = 0
        if !body.isEmpty {
            guard out.withUnsafeMutableBufferPointer({ EVP_DecryptUpdate(ctx, $0.baseAddress, &n, body, Int32(body.count)) }) == 1 else {
                return nil
            }
            written = Int(n)
        }
        guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, Int32(tagLength), &tag) == 1 else { return nil }
        let final = out.withUnsafeMutableBufferPointer { EVP_DecryptFinal_ex(ctx, $0.baseAddress! + written, &n) }
        guard final == 1 else { return nil }
        written += Int(n)
        return Array(out.prefix(written))
    }
}
