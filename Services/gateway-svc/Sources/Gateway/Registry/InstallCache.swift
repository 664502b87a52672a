import HTTPCore
import Shared
import Synchronization

/// Resolve answers by (tenant, extension name), kept in memory and invalidated by the change
/// feed (`ChangeFollower`), so a disable, yank, kill or uninstall takes effect within the feed's
/// latency. TTLs are a safety net: long while the feed is connected, `staleTTL` (2 s) while it is
/// not. A fetch that raced with an invalidation is used once but not cached. When the registry
/// cannot answer, an expired (never invalidated) entry keeps serving for up to `maxStale`.
final class InstallCache: Sendable {
    struct Key: Hashable, Sendable {
        let tenant: String
        let name: String
    }

    private struct Entry {
        var install: ResolvedInstall?
        var fetchedAt: UInt64
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var generation: UInt64 = 0
    }

    private let registry: RegistryClient
    private let state = LockedBox(State())
    let feedConnected = Atomic<Bool>(false)
    private let positiveTTL: UInt64 = 300_000_000_000
    private let negativeTTL: UInt64 = 10_000_000_000
    private let staleTTL: UInt64 = 2_000_000_000
    private let maxStale: UInt64 = 600_000_000_000
    private let maxEntries = 200_000
    let hits: Counter
    let misses: Counter

    init(registry: RegistryClient, metrics: MetricsRegistry) {
        self.registry = registry
        hits = metrics.counter("gateway_resolve_cache_hits_total", help: "Resolutions answered from the cache.")
        misses = metrics.counter("gateway_resolve_cache_misses_total", help: "Resolutions fetched from the registry.")
        metrics.gauge("gateway_resolve_cache_entries", help: "Cached resolutions.") { [state] in
            Double(state.withLock { $0.entries.count })
        }
    }

    /// The tenant's runnable install of `name`; throws 404 `extension_not_found` (one answer for
    /// unknown, disabled, yanked and killed, so nothing leaks across tenants) or 503.
    func resolve(tenant: String, name: String) async throws -> ResolvedInstall {
        let key = Key(tenant: tenant, name: name)
        let now = Now.nanoseconds()
        let connected = feedConnected.load(ordering: .relaxed)
        let (cached, generation) = state.withLock { s in (s.entries[key], s.generation) }
        if let cached {
            let ttl = connected ? (cached.install == nil ? negativeTTL : positiveTTL) : staleTTL
            if now &- cached.fetchedAt < ttl {
                hits.inc()
                return try Self.answer(cached.install)
            }
        }
        misses.inc()
        let fetched: ResolvedInstall?
        do {
            switch try await registry.resolve(tenant: tenant, extension: name) {
            case .found(let install): fetched = install
            case .notRunnable: fetched = nil
            }
        } catch {
            if let install = cached?.install, now &- (cached?.fetchedAt ?? 0) < maxStale { return install }
            throw AppError(.unavailable, status: 503, "extension resolution is unavailable", cause: SendableDescription(error))
        }
        state.withLock { s in
            guard s.generation == generation else { return }
            if s.entries.count >= maxEntries { s.entries.removeAll(keepingCapacity: true) }
            s.entries[key] = Entry(install: fetched, fetchedAt: Now.nanoseconds())
        }
        return try Self.answer(fetched)
    }

    private static func answer(_ install: ResolvedInstall?) throws(AppError) -> ResolvedInstall {
        guard let install else { throw AppError(.extensionNotFound, status: 404, "no such extension for this tenant") }
        return install
    }

    /// Applies one change-feed row.
    func apply(_ change: Change) {
        state.withLock { s in
            s.generation &+= 1
            switch change.kind {
            case let k where k.hasPrefix("install."):
                guard let tenant = change.tenantID else { s.entries.removeAll(); return }
                s.entries = s.entries.filter { $0.key.tenant != tenant }
            case "extension.killed", "extension.revived", "version.yanked", "version.restored", "key.revoked":
                s.entries = s.entries.filter { entry in
                    guard let install = entry.value.install else { return false }
                    return change.registryID != nil && install.extensionID != change.registryID
                }
            default:
                break
            }
        }
    }

    /// Drops everything (a change-feed resynchronisation).
    func clear() {
        state.withLock { s in
            s.generation &+= 1
            s.entries.removeAll()
        }
    }
}
