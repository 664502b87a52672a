import Shared

/// The first 128 bits of a credential's SHA-256: the key of the credential caches (the
/// credential itself is never kept).
struct TokenDigest: Hashable, Sendable {
    let high: UInt64
    let low: UInt64

    init(_ credential: String) {
        self.init(digest: SHA256.hash(credential))
    }

    init(digest h: [UInt8]) {
        var hi: UInt64 = 0
        var lo: UInt64 = 0
        for i in 0..<8 { hi = hi << 8 | UInt64(h[i]) }
        for i in 8..<16 { lo = lo << 8 | UInt64(h[i]) }
        high = hi
        low = lo
    }

    /// A shard index in 0..<count.
    func shard(_ count: Int) -> Int { Int(truncatingIfNeeded: low % UInt64(count)) }
}
