import Bundle
import HTTPCore
import Shared
import Synchronization

/// Linked modules in memory, least recently used dropped past `capacity`, keyed by content hash.
/// Loads are single-flight: concurrent requests for a hash share one load. A failed load is not
/// remembered (a tampered bundle never poisons the cache; the next request tries again).
/// Thread-safety: safe from any task.
final class ModuleCache: Sendable {
    private struct State {
        var ready: [ContentHash: (module: LoadedModule, lastUse: UInt64)] = [:]
        var loading: [ContentHash: Task<LoadedModule, any Error>] = [:]
        var clock: UInt64 = 0
    }

    let capacity: Int
    private let loader: ModuleLoader
    private let metrics: RunnerMetrics
    private let state = Mutex(State())

    init(capacity: Int, loader: ModuleLoader, metrics: RunnerMetrics) {
        self.capacity = capacity
        self.loader = loader
        self.metrics = metrics
    }

    /// The module for `hash`, loading it (once, for every concurrent caller) if needed.
    /// - Returns: the module and whether it was already in memory.
    func module(for hash: ContentHash) async throws -> (LoadedModule, hit: Bool) {
        enum Step { case hit(LoadedModule), wait(Task<LoadedModule, any Error>) }
        let step: Step = state.withLock { s in
            s.clock += 1
            if let entry = s.ready[hash] {
                s.ready[hash]?.lastUse = s.clock
                return .hit(entry.module)
            }
            if let task = s.loading[hash] { return .wait(task) }
            let task = Task { [loader] in try await loader.load(hash) }
            s.loading[hash] = task
            Task { [self] in await self.settle(hash, task) }
            return .wait(task)
        }
        switch step {
        case .hit(let module):
            metrics.moduleHits.inc()
            return (module, true)
        case .wait(let task):
            metrics.moduleMisses.inc()
            return (try await task.value, false)
        }
    }

    /// The module for `hash` if it is in memory (counted as a hit), without waiting; nil
    /// otherwise (nothing is counted: the caller goes on with `module(for:)`).
    func cached(_ hash: ContentHash) -> LoadedModule? {
        let hit = state.withLock { s -> LoadedModule? in
            guard let entry = s.ready[hash] else { return nil }
            s.clock += 1
            s.ready[hash]?.lastUse = s.clock
            return entry.module
        }
        if hit != nil { metrics.moduleHits.inc() }
        return hit
    }

    /// Whether `hash` is loaded (for tests and `/warmup`).
    func contains(_ hash: ContentHash) -> Bool { state.withLock { $0.ready[hash] != nil } }

    var count: Int { state.withLock { $0.ready.count } }

    /// Moves a finished load into the LRU (or forgets a failed one).
    private func settle(_ hash: ContentHash, _ task: Task<LoadedModule, any Error>) async {
        let result = await task.result
        let evicted: Int = state.withLock { s in
            s.loading[hash] = nil
            guard case .success(let module) = result else { return 0 }
            s.clock += 1
            s.ready[hash] = (module, s.clock)
            var dropped = 0
            while s.ready.count > capacity, let oldest = s.ready.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
                s.ready[oldest] = nil
                dropped += 1
            }
            return dropped
        }
        if evicted > 0 { metrics.moduleEvictions.add(UInt64(evicted)) }
    }
}
