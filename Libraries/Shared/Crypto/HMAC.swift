import COpenSSL

/// HMAC-SHA256 (OpenSSL one-shot).
public enum HMACSHA256 {
    public static func mac(key: [UInt8], message: some Sequence<UInt8>) -> [UInt8] {
        let msg = Array(message)
        var out = [UInt8](repeating: 0, count: 32)
        var len: UInt32 = 32
        let ok = key.withUnsafeBufferPointer { k in
            msg.withUnsafeBufferPointer { m in
                out.withUnsafeMutableBufferPointer { o in
                    HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), m.baseAddress, m.count, o.baseAddress, &len)
                }
            }
        }
        guard ok != nil, len == 32 else { preconditionFailure("BUG in HMACSHA256: OpenSSL HMAC failed") }
        return out
    }

    public static func verify(key: [UInt8], message: some Sequence<UInt8>, mac expected: [UInt8]) -> Bool {
        ConstantTime.equals(mac(key: key, message: message), expected)
    }
}

public enum ConstantTime {
    /// Compares two byte strings in time that depends only on their lengths.
    public static func equals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for (x, y) in zip(a, b) { diff |= x ^ y }
        return diff == 0
    }

    public static func equals(_ a: String, _ b: String) -> Bool { equals(Array(a.utf8), Array(b.utf8)) }
}

public enum SecureRandom {
    /// Cryptographically secure random bytes from OpenSSL's DRBG.
    public static func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return out }
        let rc = out.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        guard rc == 1 else { preconditionFailure("BUG in SecureRandom: RAND_bytes failed") }
        return out
    }
}
