#if canImport(Glibc)
import Glibc
#endif

/// A request body: absent, in memory, or spooled to a temporary file (routes that opt in with
/// `RouteOptions.spoolThreshold`, e.g. bundle uploads of tens of MiB).
public enum RequestBody: Sendable {
    case empty
    case bytes([UInt8])
    case file(SpooledFile)

    public var count: Int64 {
        switch self {
        case .empty: 0
        case .bytes(let b): Int64(b.count)
        case .file(let f): f.size
        }
    }

    /// The body in memory; a spooled body is read back, so call this only on small bodies.
    public func readAll() throws -> [UInt8] {
        switch self {
        case .empty: return []
        case .bytes(let b): return b
        case .file(let f): return try f.readAll()
        }
    }
}

/// A temporary file holding a request body. The file is unlinked when the last reference goes
/// away (after the response is sent, unless a handler keeps the request). A handler that wants
/// to keep the content hard-links or copies `path` elsewhere first.
public final class SpooledFile: Sendable {
    public let path: String
    public let size: Int64

    init(path: String, size: Int64) {
        self.path = path
        self.size = size
    }

    deinit { unlink(path) }

    func readAll() throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SpoolError.io("open", errno) }
        defer { close(fd) }
        var out = [UInt8](repeating: 0, count: Int(size))
        var off = 0
        while off < out.count {
            let n = out.withUnsafeMutableBytes { read(fd, $0.baseAddress! + off, $0.count - off) }
            if n < 0 { if errno == EINTR { continue }; throw SpoolError.io("read", errno) }
            if n == 0 { break }
            off += n
        }
        return Array(out[0..<off])
    }
}

struct SpoolError: Error, CustomStringConvertible {
    let operation: String
    let errnoValue: Int32

    static func io(_ op: String, _ e: Int32) -> SpoolError { SpoolError(operation: op, errnoValue: e) }

    var description: String { "spool file \(operation) failed: \(String(cString: strerror(errnoValue)))" }
}
