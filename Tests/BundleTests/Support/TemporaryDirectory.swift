import Foundation

/// A fresh directory under the system temporary directory, removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init(_ label: String = "bundle-tests") {
        let base = FileManager.default.temporaryDirectory.path
        path = base + "/\(label)-\(UUID().uuidString.lowercased())"
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            preconditionFailure("BUG in TemporaryDirectory: cannot create \(path): \(error)")
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func sub(_ name: String) -> String { path + "/" + name }

    /// Writes `contents` at `relative`, creating parent directories.
    @discardableResult
    func write(_ relative: String, _ contents: [UInt8]) -> String {
        let full = sub(relative)
        let parent = (full as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: full, contents: Data(contents)) else {
            preconditionFailure("BUG in TemporaryDirectory: cannot write \(full)")
        }
        return full
    }

    @discardableResult
    func write(_ relative: String, _ text: String) -> String { write(relative, Array(text.utf8)) }

    func mkdir(_ relative: String) {
        try? FileManager.default.createDirectory(atPath: sub(relative), withIntermediateDirectories: true)
    }
}

/// Every path (files and directories, relative, sorted) under `root`; empty if it does not exist.
func treeListing(_ root: String) -> [String] {
    guard let e = FileManager.default.enumerator(atPath: root) else { return [] }
    var out = [String]()
    while let p = e.nextObject() as? String { out.append(p) }
    return out.sorted()
}

func readFile(_ path: String) -> [UInt8]? {
    FileManager.default.contents(atPath: path).map { Array($0) }
}
