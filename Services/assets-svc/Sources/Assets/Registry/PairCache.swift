import HTTPCore
import Shared
import Synchronization

/// Which (extension, content hash) pairs may be served, as the registry last said.
///
/// - Positive answers are kept up to `positiveTTL`, and trusted only while the change feed is
///   healthy (it answered within its wait plus a grace period); while it is not, a positive
///   answer older than `unfollowedTTL` (2 s) is asked again, so a yank is seen within 2 s even
///   without the feed. If the registry cannot be asked, the last positive answer is used.
/// - Negative answers (unknown, yanked, killed) are kept `negativeTTL` (a few seconds at most).
/// - `evict(extension:)` (a change-feed event) and `evictAll()` (a resync) drop answers at once;
///   a lookup that was in flight meanwhile answers its callers but is not remembered, so a
///   pre-yank answer never outlives the yank's event.
/// - Concurrent lookups of one pair share one registry call.
///
/// Thread-safety: all methods may be called from any thread; `cached` is one lock and no I/O.
public final class PairCache: Sendable {
    public enum Verdict: Sendable, Equatable {
        case allowed(PairInfo)
        case denied
    }

    struct Remembered {
        var verdict: Verdict
        var checkedAt: ContinuousClock.Instant
        var expires: ContinuousClock.Instant
    }

    struct State {
        var entries: [PairKey: Remembered] = [:]
        var inFlight: [PairKey: Task<Verdict, any Error>] = [:]
        /// Bumped by every eviction; a lookup remembers its answer only if it did not change.
        var generation: UInt64 = 0
        var feedHealthyUntil: ContinuousClock.Instant?
    }

    public static let unfollowedTTL: Duration = .seconds(2)
    public let positiveTTL: Duration
    public let negativeTTL: Duration
    /// Upper bound on remembered pairs (a flood of distinct bad URLs cannot grow memory).
    public let capacity: Int
    private let lookup: @Sendable (PairKey) async throws -> PairInfo?
    private let now: @Sendable () -> ContinuousClock.Instant
    private let metrics: AssetsMetrics
    private let state = Mutex(State())

    /// - Parameter lookup: asks the registry (`RegistryClient.lookup`); nil means "not servable".
    public init(positiveTTL: Duration, negativeTTL: Duration, capacity: Int = 100_000, metrics: AssetsMetrics,
                now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
                lookup: @escaping @Sendable (PairKey) async throws -> PairInfo?) {
        self.positiveTTL = positiveTTL
        self.negativeTTL = negativeTTL
        self.capacity = capacity
        self.metrics = metrics
        self.now = now
        self.lookup = lookup
    }

    /// The remembered verdict if it may be used now; nil means ask (`verdict`).
    public func cached(_ key: PairKey) -> Verdict? {
        let t = now()
        let hit = state.withLock { s -> Verdict? in
            guard let r = s.entries[key], t < r.expires else { return nil }
            if case .allowed = r.verdict, !Self.followed(s, t), t - r.checkedAt >= Self.unfollowedTTL { return nil }
            return r.verdict
        }
        if hit != nil { metrics.lookupCacheHits.inc() }
        return hit
    }

    /// The verdict, from memory or from the registry (one call per pair at a time).
    /// - Throws: 503 `registry_unavailable` when the registry cannot answer and nothing positive is remembered.
    public func verdict(_ key: PairKey) async throws -> Verdict {
        if let hit = cached(key) { return hit }
        let task = state.withLock { s -> Task<Verdict, any Error> in
            if let running = s.inFlight[key] { return running }
            let generation = s.generation
            let task = Task { try await self.ask(key, generation: generation) }
            s.inFlight[key] = task
            return task
        }
        return try await task.value
    }

    /// Drops every answer about `name` (a change-feed event about the extension or a version).
    public func evict(extension name: String) {
        let dropped = state.withLock { s -> Int in
            s.generation += 1
            let before = s.entries.count
            s.entries = s.entries.filter { $0.key.extensionName != name }
            return before - s.entries.count
        }
        metrics.feedEvictions.add(UInt64(dropped))
    }

    /// Drops every answer (a change-feed resync).
    public func evictAll() {
        let dropped = state.withLock { s -> Int in
            s.generation += 1
            defer { s.entries = [:] }
            return s.entries.count
        }
        metrics.feedEvictions.add(UInt64(dropped))
    }

    /// The change feed answered now and will be asked again within `wait`.
    public func feedAnswered(wait: Duration) {
        let until = now() + wait + .seconds(5)
        state.withLock { $0.feedHealthyUntil = until }
    }

    /// The change feed failed: positive answers are re-checked after `unfollowedTTL` until it answers again.
    public func feedFailed() {
        state.withLock { $0.feedHealthyUntil = nil }
    }

    private static func followed(_ s: State, _ t: ContinuousClock.Instant) -> Bool {
        s.feedHealthyUntil.map { t < $0 } ?? false
    }

    private func ask(_ key: PairKey, generation: UInt64) async throws -> Verdict {
        let answer: Verdict
        do {
            answer = try await lookup(key).map { .allowed($0) } ?? .denied
            metrics.lookups.labels(answer == .denied ? "denied" : "allowed").inc()
        } catch {
            metrics.lookups.labels("error").inc()
            let stale = state.withLock { s -> Verdict? in
                s.inFlight[key] = nil
                if case .allowed = s.entries[key]?.verdict { return s.entries[key]?.verdict }
                return nil
            }
            if let stale { return stale }  // registry down: keep serving what was allowed
            throw error
        }
        let t = now()
        state.withLock { s in
            s.inFlight[key] = nil
            guard s.generation == generation else { return }
            if s.entries.count >= capacity, s.entries[key] == nil {
                s.entries = s.entries.filter { t < $0.value.expires }
                if s.entries.count >= capacity { s.entries.removeAll(keepingCapacity: true) }
            }
            let ttl = answer == .denied ? negativeTTL : positiveTTL
            if ttl > .zero { s.entries[key] = Remembered(verdict: answer, checkedAt: t, expires: t + ttl) }
        }
        return answer
    }
}
