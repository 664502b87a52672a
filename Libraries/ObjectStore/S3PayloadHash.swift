import Shared

#if canImport(Glibc)
import Glibc
#endif

/// The hex SHA-256 of request bodies, for `x-amz-content-sha256`.
enum S3PayloadHash {
    static func bytes(_ bytes: [UInt8]) -> String { Hex.encode(SHA256.hash(bytes)) }

    /// Hashes the file at `path` in one pass; errors are `object_store_unavailable` naming the file.
    static func file(_ path: String) throws(AppError) -> String {
        func failure(_ op: String) -> AppError {
            AppError(.objectStoreUnavailable, status: 503, "cannot \(op) \(path): \(String(cString: strerror(errno)))")
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("open") }
        defer { close(fd) }
        let hasher = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("read")
            }
            if n == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        return Hex.encode(hasher.finalize())
    }
}
