import Foundation
import Shared

/// An `ObjectStore` in a local directory: the embedded default. Each key is a file under `root`;
/// writes go to a temporary file in `root/.tmp` and are published with `rename(2)` (atomic), and
/// write-once puts use `link(2)`, which fails if the target exists, so concurrent writers never
/// see or leave a partial object.
public final class LocalDirectoryObjectStore: ObjectStore {
    public let root: String
    private let tmp: String

    public init(root: String) throws {
        self.root = root.hasSuffix("/") ? String(root.dropLast()) : root
        self.tmp = self.root + "/.tmp"
        do {
            try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        } catch {
            throw AppError(.objectStoreUnavailable, status: 503, "cannot create object store directory \(root)",
                           cause: SendableDescription(error))
        }
    }

    private func path(_ key: String) throws(AppError) -> String {
        try ObjectKey.validate(key)
        return root + "/" + key
    }

    private func tempPath() -> String { tmp + "/" + RequestID.generate() }

    private func ensureParent(of path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    public func putIfAbsent(key: String, fileAt source: String) async throws -> Bool {
        let dest = try path(key)
        let staged = tempPath()
        defer { unlink(staged) }
        try copyFile(from: source, to: staged)
        try ensureParent(of: dest)
        if link(staged, dest) == 0 { return true }
        if errno == EEXIST { return false }
        throw ioError("link", dest)
    }

    public func put(key: String, bytes: [UInt8]) async throws {
        let dest = try path(key)
        let staged = tempPath()
        defer { unlink(staged) }
        try writeFile(staged, bytes)
        try ensureParent(of: dest)
        guard rename(staged, dest) == 0 else { throw ioError("rename", dest) }
    }

    public func get(key: String, maxBytes: Int) async throws -> [UInt8]? {
        var out = [UInt8]()
        let info = try await stream(key: key, maxBytes: Int64(maxBytes)) { out.append(contentsOf: $0) }
        return info == nil ? nil : out
    }

    public func stream(key: String, maxBytes: Int64,
                       chunk: (UnsafeRawBufferPointer) throws -> Void) async throws -> ObjectInfo? {
        let p = try path(key)
        let fd = open(p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw ioError("open", p)
        }
        defer { close(fd) }
        var total: Int64 = 0
        let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { buf.deallocate() }
        while true {
            let n = read(fd, buf.baseAddress, buf.count)
            if n < 0 { if errno == EINTR { continue }; throw ioError("read", p) }
            if n == 0 { break }
            total += Int64(n)
            if total > maxBytes {
                throw AppError(.objectTooLarge, status: 413, "object \(key) exceeds \(maxBytes) bytes")
            }
            try chunk(UnsafeRawBufferPointer(rebasing: buf[0..<n]))
        }
        return ObjectInfo(key: key, size: total)
    }

    public func head(key: String) async throws -> ObjectInfo? {
        let p = try path(key)
        var st = stat()
        if lstat(p, &st) != 0 {
            if errno == ENOENT { return nil }
            throw ioError("stat", p)
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return ObjectInfo(key: key, size: Int64(st.st_size))
    }

    public func delete(key: String) async throws {
        let p = try path(key)
        if unlink(p) != 0 && errno != ENOENT { throw ioError("unlink", p) }
    }

    public func list(prefix: String) async throws -> [ObjectInfo] {
        var out = [ObjectInfo]()
        guard let e = FileManager.default.enumerator(atPath: root) else { return out }
        while let rel = e.nextObject() as? String {
            if rel == ".tmp" { e.skipDescendants(); continue }
            if rel.hasPrefix(prefix), let info = try await head(key: rel) { out.append(info) }
        }
        return out.sorted { $0.key < $1.key }
    }

    public func ping() async throws {
        var st = stat()
        guard stat(tmp, &st) == 0, access(tmp, W_OK) == 0 else {
            throw AppError(.objectStoreUnavailable, status: 503, "object store directory \(root) is not writable")
        }
    }

    // MARK: - file helpers

    private func ioError(_ op: String, _ path: String) -> AppError {
        let msg = String(cString: strerror(errno))
        return AppError(.objectStoreUnavailable, status: 503, "object store \(op) failed: \(msg)",
                        cause: SendableDescription(IOFailure(op: op, path: path, message: msg)))
    }

    private func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ioError("create", path) }
        defer { close(fd) }
        try bytes.withUnsafeBytes { try writeAll(fd, $0, path) }
        guard fsync(fd) == 0 else { throw ioError("fsync", path) }
    }

    private func copyFile(from source: String, to dest: String) throws {
        let src = open(source, O_RDONLY | O_CLOEXEC)
        guard src >= 0 else { throw ioError("open", source) }
        defer { close(src) }
        let dst = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard dst >= 0 else { throw ioError("create", dest) }
        defer { close(dst) }
        let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { buf.deallocate() }
        while true {
            let n = read(src, buf.baseAddress, buf.count)
            if n < 0 { if errno == EINTR { continue }; throw ioError("read", source) }
            if n == 0 { break }
            try writeAll(dst, UnsafeRawBufferPointer(rebasing: buf[0..<n]), dest)
        }
        guard fsync(dst) == 0 else { throw ioError("fsync", dest) }
    }

    private func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, _ path: String) throws {
        var off = 0
        while off < bytes.count {
            let n = write(fd, bytes.baseAddress! + off, bytes.count - off)
            if n < 0 { if errno == EINTR { continue }; throw ioError("write", path) }
            off += n
        }
    }
}

struct IOFailure: Error, Sendable, CustomStringConvertible {
    let op: String, path: String, message: String
    var description: String { "\(op) \(path): \(message)" }
}
