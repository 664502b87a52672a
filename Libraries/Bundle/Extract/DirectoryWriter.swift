import Foundation
import Shared

/// Entry handler that writes entries under a staging directory, by file descriptor only: every
/// path is resolved one segment at a time with `openat`/`mkdirat` relative to the staging
/// directory's descriptor, with `O_NOFOLLOW`, and files are created with `O_EXCL`, so nothing
/// can be written outside the staging tree even if something raced to plant a link in it.
final class DirectoryWriter: BundleEntryHandler {
    private let rootFD: Int32
    private let rootPath: String
    private let subtree: BundleSubtree
    private let durable: Bool
    /// The last directory a file was created in (archives are sorted, so siblings are adjacent).
    private var cachedParent: (path: String, fd: Int32)?
    private var fileFD: Int32 = -1
    private var filePath = ""
    private(set) var filesWritten = 0
    private(set) var bytesWritten: Int64 = 0

    init(rootFD: Int32, rootPath: String, subtree: BundleSubtree, durable: Bool) {
        self.rootFD = rootFD
        self.rootPath = rootPath
        self.subtree = subtree
        self.durable = durable
    }

    deinit {
        if fileFD >= 0 { close(fileFD) }
        if let cached = cachedParent { close(cached.fd) }
    }

    func beginEntry(_ entry: BundleEntry) throws(AppError) {
        guard subtree.contains(entry.path) else { return }
        switch entry.kind {
        case .directory:
            let fd = try openDirectory(entry.path, create: true)
            close(fd)
        case .file:
            let (parent, name) = Self.split(entry.path)
            Self.requireSafe(name)
            let dirFD = try parentFD(parent)
            filePath = entry.path
            fileFD = openat(dirFD, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            guard fileFD >= 0 else { throw BundleIO.error("create", display(entry.path)) }
        }
    }

    func entryData(_ chunk: UnsafeRawBufferPointer) throws(AppError) {
        guard fileFD >= 0 else { return }
        try BundleIO.writeAll(fileFD, chunk, display(filePath))
        bytesWritten += Int64(chunk.count)
    }

    func endEntry() throws(AppError) {
        guard fileFD >= 0 else { return }
        defer {
            close(fileFD)
            fileFD = -1
        }
        if durable { guard fsync(fileFD) == 0 else { throw BundleIO.error("fsync", display(filePath)) } }
        filesWritten += 1
    }

    // MARK: - descriptors

    private func parentFD(_ parent: String) throws(AppError) -> Int32 {
        if parent.isEmpty { return rootFD }
        if let cached = cachedParent, cached.path == parent { return cached.fd }
        let fd = try openDirectory(parent, create: true)
        if let cached = cachedParent { close(cached.fd) }
        cachedParent = (parent, fd)
        return fd
    }

    /// Opens (creating missing segments) the directory at `path` below the root; the caller closes it.
    private func openDirectory(_ path: String, create: Bool) throws(AppError) -> Int32 {
        var fd = dup(rootFD)
        guard fd >= 0 else { throw BundleIO.error("dup", rootPath) }
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
            let name = String(segment)
            Self.requireSafe(name)
            if create, mkdirat(fd, name, 0o755) != 0, errno != EEXIST {
                let code = errno
                close(fd)
                throw BundleIO.error("mkdir", display(path), errno: code)
            }
            let next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let code = errno
            close(fd)
            guard next >= 0 else { throw BundleIO.error("open directory", display(path), errno: code) }
            fd = next
        }
        return fd
    }

    private func display(_ path: String) -> String { rootPath + "/" + path }

    /// Paths reach this writer only after `BundlePath` validation; a segment that could leave
    /// the directory it is resolved in means that validation was bypassed.
    private static func requireSafe(_ segment: String) {
        guard !segment.isEmpty, segment != ".", segment != "..", !segment.utf8.contains(0) else {
            preconditionFailure("BUG in DirectoryWriter: unvalidated path segment '\(segment)'")
        }
    }

    private static func split(_ path: String) -> (parent: String, name: String) {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return ("", path) }
        return (String(path[..<slash]), String(path[path.index(after: slash)...]))
    }
}
