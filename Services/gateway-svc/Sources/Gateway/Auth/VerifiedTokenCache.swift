import Synchronization

/// Verified JWTs by digest, each until its expiry and only while the key file is unchanged, so
/// a token's signature is checked once (Ed25519 costs ~170 µs) and not on every request.
/// Bounded: a full shard first drops expired entries, then everything it holds.
final class VerifiedTokenCache: Sendable {
    private struct Entry {
        var principal: Principal
        var generation: UInt64
        var expiresAt: Int64
    }

    private static let shardCount = 16
    private let shards: [LockedBox<[TokenDigest: Entry]>]
    private let perShard: Int

    init(capacity: Int) {
        perShard = capacity / Self.shardCount
        shards = (0..<Self.shardCount).map { _ in LockedBox([:]) }
    }

    /// The cached principal, if it is still valid at `now` under key generation `generation`.
    func lookup(_ digest: TokenDigest, generation: UInt64, now: Int64) -> Principal? {
        guard perShard > 0 else { return nil }
        return shards[digest.shard(Self.shardCount)].withLock { map -> Principal? in
            guard let e = map[digest] else { return nil }
            guard e.generation == generation, now < e.expiresAt else {
                map[digest] = nil
                return nil
            }
            return e.principal
        }
    }

    func store(_ digest: TokenDigest, _ principal: Principal, generation: UInt64, now: Int64) {
        guard perShard > 0, let expiresAt = principal.expiresAt else { return }
        shards[digest.shard(Self.shardCount)].withLock { map in
            if map.count >= perShard {
                map = map.filter { $0.value.expiresAt > now && $0.value.generation == generation }
                if map.count >= perShard { map.removeAll(keepingCapacity: true) }
            }
            map[digest] = Entry(principal: principal, generation: generation, expiresAt: expiresAt)
        }
    }

    var count: Int { shards.reduce(0) { $0 + $1.withLock { $0.count } } }
}
