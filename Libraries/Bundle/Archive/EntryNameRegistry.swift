import Shared

/// Remembers every name seen in one archive and refuses duplicates, names that differ only in
/// case (they would collide on a case-insensitive file system), and files used as directories.
/// Parent directories need no entry of their own; they are recorded as implied.
struct EntryNameRegistry {
    private enum Kind { case file, directory, impliedDirectory }

    private var kinds: [String: Kind] = [:]
    private var folded: [String: String] = [:]

    mutating func register(_ path: String, kind: BundleEntryKind) throws(AppError) {
        var ancestor = Substring("")
        let segments = path.split(separator: "/")
        for segment in segments.dropLast() {
            ancestor = ancestor.isEmpty ? segment : Substring(String(ancestor) + "/" + segment)
            let name = String(ancestor)
            switch kinds[name] {
            case .file:
                throw AppError(.bundlePathConflict, status: 400, "entry '\(path)': '\(name)' is a file, not a directory")
            case .directory, .impliedDirectory:
                continue
            case nil:
                try checkCase(name, for: path)
                kinds[name] = .impliedDirectory
                folded[BundlePath.foldedCase(name)] = name
            }
        }
        switch (kinds[path], kind) {
        case (nil, _):
            try checkCase(path, for: path)
            kinds[path] = kind == .file ? .file : .directory
            folded[BundlePath.foldedCase(path)] = path
        case (.impliedDirectory, .directory):
            kinds[path] = .directory
        case (.file, .file), (.directory, .directory):
            throw AppError(.bundleDuplicateEntry, status: 400, "entry '\(path)': duplicate entry")
        default:
            throw AppError(.bundlePathConflict, status: 400,
                           "entry '\(path)': a file and a directory have the same name")
        }
    }

    private func checkCase(_ name: String, for path: String) throws(AppError) {
        if let other = folded[BundlePath.foldedCase(name)], other != name {
            throw AppError(.bundleCaseConflict, status: 400,
                           "entry '\(path)': '\(name)' differs from '\(other)' only in letter case")
        }
    }
}
