import Shared
import Synchronization

/// Request ids for requests that arrive without one: 32 lowercase hex characters, like
/// `RequestID.generate()`, but without a trip to the system RNG per request.
///
/// Each id is a bijective 128-bit mix of (random per-process key, counter), so ids are unique
/// within a process, unlinkable across processes and look random; they are correlation ids,
/// not secrets.
final class RequestIDGenerator: Sendable {
    private let key: (UInt64, UInt64)
    private let counter = Atomic<UInt64>(0)
    private static let digits = Array("0123456789abcdef".utf8)

    init() {
        let seed = SecureRandom.bytes(16)
        key = (seed[0..<8].reduce(0) { $0 << 8 | UInt64($1) }, seed[8..<16].reduce(0) { $0 << 8 | UInt64($1) })
    }

    func next() -> String {
        let n = counter.add(1, ordering: .relaxed).newValue
        let hi = Self.mix(n ^ key.0)
        let lo = Self.mix(hi ^ key.1 ^ (n &* 0x9E37_79B9_7F4A_7C15))
        return String(unsafeUninitializedCapacity: 32) { out in
            for i in 0..<16 {
                out[i] = Self.digits[Int((hi >> UInt64(60 - 4 * i)) & 0xF)]
            }
            for i in 0..<16 {
                out[16 + i] = Self.digits[Int((lo >> UInt64(60 - 4 * i)) & 0xF)]
            }
            return 32
        }
    }

    /// SplitMix64's finaliser: a bijection on 64-bit values with good avalanche.
    @inline(__always) private static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
