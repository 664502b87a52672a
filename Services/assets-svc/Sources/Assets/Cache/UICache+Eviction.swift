import Bundle
import Foundation
import HTTPCore
import Shared
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

extension UICache {
    static let stagingPrefix = ".staging-"
    static let evictedPrefix = ".evicted-"

    /// Removes least recently used unpinned trees until the cache fits in `maxBytes` (or only
    /// pinned and loading trees are left; `release` tries again when pins drop).
    func evictIfNeeded() {
        let victims = state.withLock { s -> [String] in
            guard s.total > maxBytes else { return [] }
            let candidates = s.entries.filter { $0.value.pins == 0 && s.loading[$0.key] == nil }
                .sorted { $0.value.lastUse < $1.value.lastUse }
            var moved: [String] = []
            for (hex, entry) in candidates {
                guard s.total > maxBytes else { break }
                s.entries[hex] = nil
                s.total -= entry.bytes
                if let path = moveAside(hex) { moved.append(path) }
                metrics.evictions.inc()
                logger.debug("ui tree evicted", ["bundle.content_hash": .string("sha256:" + hex), "cache.tree_bytes": .int(entry.bytes)])
            }
            return moved
        }
        for path in victims { removeLater(path) }
    }

    /// Renames `<root>/<hex>` to a unique `.evicted-…` name (call under the state lock, so no
    /// request can find the tree between the index update and the rename); nil if absent.
    func moveAside(_ hex: String) -> String? {
        let aside = Self.evictedPrefix + hex + "-" + RequestID.generate()
        guard renameat(rootFD, hex, rootFD, aside) == 0 else { return nil }
        return root + "/" + aside
    }

    /// Deletes a renamed tree on the blocking pool (never on the caller's thread).
    func removeLater(_ path: String) {
        let logger = logger
        Task { [pool] in
            do {
                try await pool.run { try FileManager.default.removeItem(atPath: path) }
            } catch {
                logger.warning("cannot remove an evicted tree", ["cache.path": .string(path), "error": .string("\(error)")])
            }
        }
    }

    /// Start-up: every `<hex>` directory becomes an unindexed entry (by modification time, oldest
    /// first), debris of interrupted extractions and evictions is removed, anything else is left alone.
    func rebuildIndex() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        var found: [(hex: String, bytes: Int64, mtime: Int64)] = []
        for name in names {
            if name.hasPrefix(Self.stagingPrefix) || name.hasPrefix(Self.evictedPrefix) {
                try? FileManager.default.removeItem(atPath: root + "/" + name)
                continue
            }
            guard (try? ContentHash(hex: name)) != nil else { continue }
            var st = stat()
            guard fstatat(rootFD, name, &st, AT_SYMLINK_NOFOLLOW) == 0, (st.st_mode & S_IFMT) == S_IFDIR,
                  let bytes = TreeScanner.size(of: name, rootFD: rootFD) else { continue }
            found.append((name, bytes, Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)))
        }
        state.withLock { s in
            for item in found.sorted(by: { $0.mtime < $1.mtime }) {
                s.clock += 1
                s.entries[item.hex] = Entry(tree: nil, bytes: item.bytes, lastUse: s.clock, pins: 0, touchedAt: 0)
                s.total += item.bytes
            }
        }
        if !found.isEmpty {
            logger.info("cache index rebuilt", ["cache.trees": .int(Int64(found.count)),
                                                "cache.bytes": .int(found.reduce(0) { $0 + $1.bytes })])
        }
    }
}
