import Shared
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The set of valid service tokens, read from a file (one token per line; blank lines and
/// `#` comments ignored) so tokens can rotate without a restart: the file is re-read when its
/// inode, size or modification time changes. Comparisons are constant-time; tokens are never
/// logged. A missing or unreadable file means no valid token (fail closed).
public final class ServiceTokenFile: Sendable {
    private struct Cache {
        var stamp: [Int64] = []
        var tokens: [[UInt8]] = []
    }

    public let path: String
    private let cache = Mutex(Cache())
    public static let maxBytes = 64 * 1024

    public init(path: String) { self.path = path }

    /// True if `candidate` equals one of the file's tokens.
    public func accepts(_ candidate: String) -> Bool {
        let tokens = current()
        let c = Array(candidate.utf8)
        var ok = false
        for t in tokens where ConstantTime.equals(t, c) { ok = true }
        return ok && !c.isEmpty
    }

    /// How many tokens the file holds now (for start-up logs and readiness).
    public var count: Int { current().count }

    /// The first token: what a client of a token-protected service (the gateway) sends.
    public func firstToken() -> String? { current().first.map { String(decoding: $0, as: UTF8.self) } }

    private func current() -> [[UInt8]] {
        var st = stat()
        guard stat(path, &st) == 0 else {
            cache.withLock { $0 = Cache() }
            return []
        }
        let stamp = [Int64(st.st_ino), Int64(st.st_size), Int64(st.st_mtim.tv_sec), Int64(st.st_mtim.tv_nsec)]
        if let hit = cache.withLock({ $0.stamp == stamp ? $0.tokens : nil }) { return hit }
        let tokens = Self.read(path)
        cache.withLock { $0 = Cache(stamp: stamp, tokens: tokens) }
        return tokens
    }

    private static func read(_ path: String) -> [[UInt8]] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var data = [UInt8](repeating: 0, count: maxBytes)
        var n = 0
        while n < data.count {
            let r = data.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + n, $0.count - n) }
            if r < 0 && errno == EINTR { continue }
            if r <= 0 { break }
            n += r
        }
        return data[0..<n].split(separator: UInt8(ascii: "\n")).compactMap { line in
            var l = Array(line)
            while let last = l.last, last == UInt8(ascii: "\r") || last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { l.removeLast() }
            while let first = l.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { l.removeFirst() }
            if l.isEmpty || l.first == UInt8(ascii: "#") { return nil }
            return l
        }
    }
}
