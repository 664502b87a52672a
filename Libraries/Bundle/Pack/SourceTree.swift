import Foundation
import Shared

/// The files and directories under a packing root, in the order they go into the archive:
/// byte order of their archive paths (a directory sorts as `name/`, so it precedes its contents).
/// Symbolic links and special files are refused, as are names extraction would refuse.
struct SourceTree {
    struct Item {
        var path: String
        var kind: BundleEntryKind
        var size: Int64
        var fullPath: String
    }

    private(set) var items: [Item] = []

    init(root: String, limits: BundleLimits) throws(AppError) {
        var st = stat()
        guard stat(root, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
            throw AppError(.bundleSourceInvalid, status: 400, "\(root) is not a directory")
        }
        var names = EntryNameRegistry()
        try walk(root, relative: "", limits: limits, names: &names)
        items.sort { Self.sortKey($0).lexicographicallyPrecedes(Self.sortKey($1)) }
        guard items.count <= limits.maxEntries else {
            throw AppError(.bundleTooManyEntries, status: 413, "source tree has more than \(limits.maxEntries) entries")
        }
    }

    private static func sortKey(_ item: Item) -> [UInt8] {
        Array(item.path.utf8) + (item.kind == .directory ? [UInt8(ascii: "/")] : [])
    }

    private mutating func walk(_ dir: String, relative: String, limits: BundleLimits,
                               names: inout EntryNameRegistry) throws(AppError) {
        let children: [String]
        do { children = try FileManager.default.contentsOfDirectory(atPath: dir) } catch {
            throw BundleIO.error("list", dir, errno: EACCES)
        }
        for name in children {
            let full = dir + "/" + name
            let rel = relative.isEmpty ? name : relative + "/" + name
            var st = stat()
            guard lstat(full, &st) == 0 else { throw BundleIO.error("stat", full) }
            let kind: BundleEntryKind
            switch st.st_mode & S_IFMT {
            case S_IFREG: kind = .file
            case S_IFDIR: kind = .directory
            case S_IFLNK:
                throw AppError(.bundleSourceInvalid, status: 400, "\(rel): symbolic links cannot be packed")
            default:
                throw AppError(.bundleSourceInvalid, status: 400, "\(rel): only regular files and directories can be packed")
            }
            let path = try BundlePath.validate(rel, isDirectory: kind == .directory, limits: limits)
            try names.register(path, kind: kind)
            items.append(Item(path: path, kind: kind, size: kind == .file ? Int64(st.st_size) : 0, fullPath: full))
            guard items.count <= limits.maxEntries else {
                throw AppError(.bundleTooManyEntries, status: 413, "source tree has more than \(limits.maxEntries) entries")
            }
            if kind == .directory { try walk(full, relative: rel, limits: limits, names: &names) }
        }
    }
}
