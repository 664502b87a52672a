import HTTPCore
import ServiceKit
import Shared
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `Authorization: Bearer <token>` for the execute route's hot path: the same decision as
/// `BearerToken.require` (401 `unauthorized` with `WWW-Authenticate: Bearer` unless the token is
/// in the token file; no file configured or readable: every request refused), at a fraction of
/// the cost per request.
///
/// `ServiceTokenFile` stays the authority: a token it accepted is remembered, with the file's
/// stamp (inode, size, modification time) at that moment, and later requests carrying the same
/// bytes are accepted after one `stat` and a constant-time comparison, with no allocation. Any
/// change of the file (rotation) forgets every remembered token, so a revoked token is refused
/// on the next request. Only accepted tokens are remembered (at most `capacity`), so guessing
/// clients cannot grow it. Thread-safety: safe from any thread.
final class ServiceTokenGate: Sendable {
    static let capacity = 8

    private struct Remembered {
        var stamp: FileStamp?
        var tokens: [[UInt8]] = []
    }

    let file: ServiceTokenFile?
    private let remembered = Mutex(Remembered())

    init(file: ServiceTokenFile?) { self.file = file }

    func require(_ request: HTTPRequest) throws(AppError) {
        guard let file, let header = request.headers["authorization"], accepts(header, file) else {
            throw AppError(.unauthorized, status: 401, "missing or invalid service token",
                           headers: [("WWW-Authenticate", "Bearer")])
        }
    }

    private func accepts(_ header: String, _ file: ServiceTokenFile) -> Bool {
        var header = header
        return header.withUTF8 { bytes -> Bool in
            guard bytes.count > 7, Self.isBearerPrefix(bytes) else { return false }
            let candidate = UnsafeBufferPointer(rebasing: bytes[7...])
            guard let stamp = FileStamp(path: file.path) else { return false }  // no file: no token
            let known = remembered.withLock { r -> Bool in
                r.stamp == stamp && Self.containsConstantTime(r.tokens, candidate)
            }
            if known { return true }
            guard file.accepts(String(decoding: candidate, as: UTF8.self)) else { return false }
            remembered.withLock { r in
                if r.stamp != stamp { r = Remembered(stamp: stamp) }
                if r.tokens.count < Self.capacity { r.tokens.append(Array(candidate)) }
            }
            return true
        }
    }

    /// `bearer ` in any letter case.
    private static func isBearerPrefix(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let prefix: StaticString = "bearer "
        return prefix.withUTF8Buffer { p in
            (0..<7).allSatisfy { i in (b[i] &- 0x41 < 26 ? b[i] | 0x20 : b[i]) == p[i] }
        }
    }

    /// Whether `candidate` equals one of `tokens`, in time that depends only on the lengths.
    private static func containsConstantTime(_ tokens: [[UInt8]], _ candidate: UnsafeBufferPointer<UInt8>) -> Bool {
        var found: UInt8 = 0
        for token in tokens where token.count == candidate.count {
            var diff: UInt8 = 0
            token.withUnsafeBufferPointer { t in
                for i in 0..<t.count { diff |= t[i] ^ candidate[i] }
            }
            found |= diff == 0 ? 1 : 0
        }
        return found != 0 && !candidate.isEmpty
    }
}

/// What identifies one version of a file: inode, size and modification time.
struct FileStamp: Equatable {
    let inode: UInt64
    let size: Int64
    let seconds: Int
    let nanoseconds: Int

    /// The file's current stamp; nil when it cannot be stat'ed.
    init?(path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        inode = UInt64(st.st_ino)
        size = Int64(st.st_size)
        seconds = st.st_mtim.tv_sec
        nanoseconds = st.st_mtim.tv_nsec
    }
}
