import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A small configuration file (keys, credentials) parsed into a value and re-read whenever its
/// inode, size or modification time changes, so it can rotate without a restart. A missing or
/// unreadable file, or one over `maxBytes`, parses as `parse([])` (never as a stale value): the
/// caller decides what an empty file means (every user here fails closed).
public final class WatchedFile<Value: Sendable>: Sendable {
    private struct Cache {
        var stamp: [Int64]
        var value: Value
    }

    public let path: String
    public let maxBytes: Int
    private let parse: @Sendable ([UInt8]) -> Value
    private let cache: Mutex<Cache?> = Mutex(nil)

    public init(path: String, maxBytes: Int = 64 << 10, parse: @escaping @Sendable ([UInt8]) -> Value) {
        self.path = path
        self.maxBytes = maxBytes
        self.parse = parse
    }

    /// The parsed content as of now (one `stat` per call; the file is read only when it changed).
    public var value: Value {
        var st = stat()
        guard stat(path, &st) == 0 else { return parse([]) }
        let stamp = [Int64(st.st_ino), Int64(st.st_size), Int64(st.st_mtim.tv_sec), Int64(st.st_mtim.tv_nsec)]
        if let hit = cache.withLock({ $0?.stamp == stamp ? $0?.value : nil }) { return hit }
        let value = parse(Self.read(path, maxBytes: maxBytes) ?? [])
        cache.withLock { $0 = Cache(stamp: stamp, value: value) }
        return value
    }

    /// The file's bytes; nil when it cannot be opened or holds more than `maxBytes`.
    static func read(_ path: String, maxBytes: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var data = [UInt8](repeating: 0, count: maxBytes + 1)
        var n = 0
        while n < data.count {
            let r = data.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + n, $0.count - n) }
            if r < 0 && errno == EINTR { continue }
            if r <= 0 { break }
            n += r
        }
        return n > maxBytes ? nil : Array(data[0..<n])
    }

    /// The non-empty, non-comment (`#`) lines of `bytes`, each split on runs of spaces and tabs.
    public static func fields(_ bytes: [UInt8]) -> [[String]] {
        String(decoding: bytes, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).compactMap { line in
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard let first = parts.first, !first.hasPrefix("#") else { return nil }
            return parts
        }
    }
}
