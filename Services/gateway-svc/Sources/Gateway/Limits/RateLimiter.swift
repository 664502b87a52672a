import Shared
import Synchronization

/// Token buckets per tenant and per (tenant, extension), in sharded maps. A refused request gets
/// 429 `rate_limited` with `Retry-After` (whole seconds, at least 1). Full buckets are forgotten
/// when a shard grows past its bound, so idle tenants cost nothing.
final class RateLimiter: Sendable {
    private static let shardCount = 16
    private let shards: [LockedBox<[String: TokenBucket]>]
    private let maxPerShard = 10_000
    let tenantRate: Double
    let tenantBurst: Double
    let extensionRate: Double
    let extensionBurst: Double

    init(settings: LimitSettings) {
        tenantRate = settings.tenantRate
        tenantBurst = settings.tenantBurst
        extensionRate = settings.extensionRate
        extensionBurst = settings.extensionBurst
        shards = (0..<Self.shardCount).map { _ in LockedBox([:]) }
    }

    /// Takes a token from the tenant's bucket, then from the (tenant, extension) bucket.
    func admit(tenant: String, extension name: String, now: UInt64 = Now.nanoseconds()) throws(AppError) {
        if let wait = take("t\u{0}" + tenant, rate: tenantRate, burst: tenantBurst, now: now) {
            throw Self.limited("tenant", wait)
        }
        if let wait = take("e\u{0}" + tenant + "\u{0}" + name, rate: extensionRate, burst: extensionBurst, now: now) {
            throw Self.limited("extension", wait)
        }
    }

    private func take(_ key: String, rate: Double, burst: Double, now: UInt64) -> Double? {
        var hasher = Hasher()
        hasher.combine(key)
        let shard = shards[Int(UInt(bitPattern: hasher.finalize()) % UInt(Self.shardCount))]
        return shard.withLock { map -> Double? in
            if map[key] == nil, map.count >= maxPerShard {
                map = map.filter { !$0.value.isFull(now: now) }
            }
            return map[key, default: TokenBucket(rate: rate, capacity: burst, now: now)].take(now: now)
        }
    }

    static func limited(_ scope: String, _ wait: Double) -> AppError {
        let seconds = max(1, Int(wait.rounded(.up)))
        return AppError(.rateLimited, status: 429, "the \(scope) request rate limit is exceeded; retry in \(seconds) s",
                        headers: [("Retry-After", String(seconds))])
    }
}
