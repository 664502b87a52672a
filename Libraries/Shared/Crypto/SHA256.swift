import COpenSSL

/// Incremental SHA-256 over OpenSSL's EVP interface. Not thread-safe; one instance per stream.
public final class SHA256 {
    private let ctx: OpaquePointer

    public init() {
        guard let ctx = EVP_MD_CTX_new(), EVP_DigestInit_ex(ctx, EVP_sha256(), nil) == 1 else {
            preconditionFailure("BUG in SHA256: OpenSSL digest initialisation failed")
        }
        self.ctx = ctx
    }

    deinit { EVP_MD_CTX_free(ctx) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        EVP_DigestUpdate(ctx, base, bytes.count)
    }

    public func update(_ bytes: some Sequence<UInt8>) {
        if let done: Void = bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) {
            return done
        }
        let copy = Array(bytes)
        copy.withUnsafeBytes { update($0) }
    }

    public func update(_ string: String) {
        var s = string
        s.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Finishes the digest; the instance must not be used afterwards.
    public func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var len: UInt32 = 0
        out.withUnsafeMutableBufferPointer { _ = EVP_DigestFinal_ex(ctx, $0.baseAddress, &len) }
        return out
    }

    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        let h = SHA256()
        h.update(bytes)
        return h.finalize()
    }

    public static func hash(_ string: String) -> [UInt8] {
        let h = SHA256()
        h.update(string)
        return h.finalize()
    }

    /// `sha256:<lowercase hex>`, the spelling of content hashes everywhere in the platform.
    public static func contentHash(_ bytes: some Sequence<UInt8>) -> String {
        "sha256:" + Hex.encode(hash(bytes))
    }
}
