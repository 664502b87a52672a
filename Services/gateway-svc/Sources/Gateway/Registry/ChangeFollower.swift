import Shared
import Synchronization

/// Follows the registry's change feed (long polls) and applies every change to the resolve
/// cache and the API-key cache. A resynchronisation (first start, pruned feed) drops both caches.
/// While the feed cannot be read, `InstallCache.feedConnected` is false and cached answers live
/// for 2 s only.
final class ChangeFollower: Service, Sendable {
    let registry: RegistryClient
    let installs: InstallCache
    let apiKeys: APIKeyDirectory
    let logger: Logger
    let waitMs: Int

    init(registry: RegistryClient, installs: InstallCache, apiKeys: APIKeyDirectory, logger: Logger, waitMs: Int = 20_000) {
        self.registry = registry
        self.installs = installs
        self.apiKeys = apiKeys
        self.logger = logger
        self.waitMs = waitMs
    }

    func run() async throws {
        var since: Int64?
        var failures = 0
        while !Task.isCancelled {
            do {
                let page = try await registry.changes(since: since, waitMs: since == nil ? 0 : waitMs)
                if page.resync {
                    installs.clear()
                    apiKeys.clear()
                    if since != nil { logger.info("change feed resynchronised", ["registry.next_since": .int(page.next)]) }
                } else {
                    for change in page.changes { apply(change) }
                }
                since = page.next
                installs.feedConnected.store(true, ordering: .relaxed)
                failures = 0
            } catch is CancellationError {
                break
            } catch {
                installs.feedConnected.store(false, ordering: .relaxed)
                failures += 1
                if failures == 1 || failures % 20 == 0 {
                    logger.notice("change feed unavailable", ["error": .string(AppError.wrapping(error).message),
                                                              "registry.failures": .int(Int64(failures))])
                }
                try? await Task.sleep(for: .milliseconds(min(5000, 250 * failures)))
            }
        }
        installs.feedConnected.store(false, ordering: .relaxed)
    }

    func apply(_ change: Change) {
        if change.kind.hasPrefix("api_key.") {
            if let id = change.keyID { apiKeys.evict(keyID: id) } else { apiKeys.clear() }
            return
        }
        installs.apply(change)
    }
}
