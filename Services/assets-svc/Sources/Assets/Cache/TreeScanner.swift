import Bundle
import Shared

#if canImport(Glibc)
import Glibc
#endif

/// Builds a `UITree` from a directory in the cache: walks `<hex>/ui` by descriptor (`openat`
/// and `fstatat` with `O_NOFOLLOW`/`AT_SYMLINK_NOFOLLOW`), indexes regular files with one link
/// and hashes each for its ETag. Symlinks, devices, FIFOs, hard links and hidden names are left
/// out of the index, so they are never served. Blocking: run it on a `BlockingPool`.
enum TreeScanner {
    static let maxFiles = 100_000
    static let maxDepth = 64

    /// Loads the tree of `hex` below `rootFD`. Files of at most `AssetResponder.inlineBodyLimit`
    /// bytes stay in memory (the bytes hashed for the ETag) while `budget` has room. Throws
    /// `cache_corrupt` when `<hex>` is not a directory or the tree is over the walk's limits.
    static func load(_ hash: ContentHash, rootFD: Int32, budget: MemoryBudget) throws(AppError) -> UITree {
        let treeFD = openat(rootFD, hash.hex, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard treeFD >= 0 else { throw corrupt(hash, "cannot open its directory (errno \(errno))") }
        defer { close(treeFD) }
        let uiFD = openat(treeFD, "ui", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard uiFD >= 0 else {
            if errno == ENOENT { return UITree(hash: hash, directoryFD: -1, files: [:]) }  // a bundle without a UI
            throw corrupt(hash, "cannot open ui/ (errno \(errno))")
        }
        var files: [String: TreeFile] = [:]
        var reserved: Int64 = 0
        do {
            try walk(uiFD, prefix: "", depth: 0) { (path, fd, size) throws(AppError) in
                guard files.count < maxFiles else { throw corrupt(hash, "more than \(maxFiles) files") }
                let keep = size <= AssetResponder.inlineBodyLimit && budget.reserve(size)
                if keep { reserved += size }
                let (etag, bytes) = try index(fd, size: size, keep: keep, path: path, hash: hash)
                files[path] = TreeFile(size: size, etag: etag, contentType: MIMETypes.type(of: path), resident: bytes)
            }
        } catch {
            close(uiFD)
            budget.release(reserved)
            throw error
        }
        for path in files.keys {
            let brotli = files[path + ".br"] != nil
            let gzip = files[path + ".gz"] != nil
            if brotli || gzip {
                files[path]?.hasBrotli = brotli
                files[path]?.hasGzip = gzip
            }
        }
        return UITree(hash: hash, directoryFD: uiFD, files: files, budget: budget)
    }

    /// Bytes of the regular files below `<hex>` (for the LRU index at start-up; nothing is hashed).
    static func size(of hex: String, rootFD: Int32) -> Int64? {
        let fd = openat(rootFD, hex, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var total: Int64 = 0
        do {
            try walk(fd, prefix: "", depth: 0, hidden: true) { (_, _, size) throws(AppError) in total += size }
        } catch {
            close(fd)
            return nil
        }
        close(fd)
        return total
    }

    /// Calls `visit(path, fd, size)` for every regular file with one link below `dirFD`
    /// (not closed here); `fd` is open for the duration of the call only.
    private static func walk(_ dirFD: Int32, prefix: String, depth: Int, hidden: Bool = false,
                             _ visit: (String, Int32, Int64) throws(AppError) -> Void) throws(AppError) {
        guard depth < maxDepth else { throw AppError(.cacheCorrupt, status: 500, "tree deeper than \(maxDepth) levels") }
        let listFD = dup(dirFD)
        guard listFD >= 0, let dir = fdopendir(listFD) else {
            if listFD >= 0 { close(listFD) }
            throw AppError(.cacheCorrupt, status: 500, "cannot list \(prefix.isEmpty ? "ui/" : prefix)")
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." || (!hidden && name.hasPrefix(".")) { continue }
            names.append(name)
        }
        for name in names.sorted() {
            var st = stat()
            guard fstatat(dirFD, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            let path = prefix.isEmpty ? name : prefix + "/" + name
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                let sub = openat(dirFD, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard sub >= 0 else { continue }
                defer { close(sub) }
                try walk(sub, prefix: path, depth: depth + 1, hidden: hidden, visit)
            case S_IFREG:
                guard st.st_nlink == 1 else { continue }
                let fd = openat(dirFD, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
                guard fd >= 0 else { continue }
                defer { close(fd) }
                try visit(path, fd, Int64(st.st_size))
            default:
                continue  // symlinks, devices, FIFOs, sockets: never indexed
            }
        }
    }

    /// Reads the file once: its ETag, and its bytes when `keep` (the caller checked `size` is small).
    private static func index(_ fd: Int32, size: Int64, keep: Bool, path: String,
                             hash: ContentHash) throws(AppError) -> (etag: String, bytes: [UInt8]?) {
        let sha = SHA256()
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        var kept: [UInt8] = []
        if keep { kept.reserveCapacity(Int(size)) }
        var total: Int64 = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw corrupt(hash, "cannot read \(path) (errno \(errno))")
            }
            if n == 0 { break }
            total += Int64(n)
            guard total <= size else { throw corrupt(hash, "\(path) changed while it was read") }
            buffer.withUnsafeBytes { sha.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            if keep { kept.append(contentsOf: buffer[0..<n]) }
        }
        guard total == size else { throw corrupt(hash, "\(path) changed while it was read") }
        return ("\"" + Hex.encode(Array(sha.finalize().prefix(16))) + "\"", keep ? kept : nil)
    }

    private static func corrupt(_ hash: ContentHash, _ why: String) -> AppError {
        AppError(.cacheCorrupt, status: 500, "cached tree of \(hash): \(why)")
    }
}
