import HTTPCore
import Shared

/// Follows the registry's change feed for the life of the process and keeps the `PairCache`
/// honest: an event about an extension or one of its versions (published, yanked, restored,
/// killed, revived) drops the cached answers about that extension at once; a resync drops them
/// all. The feed is a long poll the registry wakes on each change, so a yank reaches the cache
/// within milliseconds. On failure it retries with a backoff (100 ms doubling to 5 s) from the
/// last position, and tells the cache, which then re-checks positive answers after 2 s.
public struct ChangeFeedFollower: Service {
    public let client: RegistryClient
    public let cache: PairCache
    public let waitMilliseconds: Int
    let metrics: AssetsMetrics
    let logger: Logger

    public init(client: RegistryClient, cache: PairCache, waitMilliseconds: Int, metrics: AssetsMetrics, logger: Logger) {
        self.client = client
        self.cache = cache
        self.waitMilliseconds = waitMilliseconds
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        var since: Int64?
        var backoff = Duration.milliseconds(100)
        var failing = false
        while !Task.isCancelled {
            do {
                let page = try await client.changes(since: since, waitMilliseconds: waitMilliseconds)
                cache.feedAnswered(wait: .milliseconds(waitMilliseconds))
                metrics.feedUp.set(1)
                if failing {
                    logger.info("change feed answering again", ["feed.since": .int(since ?? -1)])
                    failing = false
                }
                backoff = .milliseconds(100)
                apply(page, resyncing: since != nil)
                since = page.nextSince
            } catch {
                if Task.isCancelled { break }
                cache.feedFailed()
                metrics.feedUp.set(0)
                if !failing {
                    logger.warning("change feed failing; retrying", ["error": .string(AppError.wrapping(error).message)])
                    failing = true
                }
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(5))
            }
        }
    }

    /// Drops what `page` makes stale. The very first page is a resync by definition (no
    /// position yet); it drops answers cached before the feed was followed.
    func apply(_ page: ChangePage, resyncing: Bool) {
        if page.resync {
            if resyncing { logger.info("change feed resync: dropping every cached lookup", ["feed.next_since": .int(page.nextSince)]) }
            cache.evictAll()
            return
        }
        var names: Set<String> = []
        for change in page.changes where ChangePage.affectsLookups(change) {
            if let name = change.extensionName { names.insert(name) }
        }
        for name in names { cache.evict(extension: name) }
    }
}
