import Foundation
import Shared

/// File helpers that turn Foundation's errors into `file_error` naming the path.
enum FileIO {
    static func read(_ path: String) throws(AppError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AppError(.fileError, status: 400, "cannot read \(path) (missing or unreadable)")
        }
        return [UInt8](data)
    }

    static func readText(_ path: String) throws(AppError) -> String {
        String(decoding: try read(path), as: UTF8.self)
    }

    static func write(_ bytes: [UInt8], to path: String, mode: Int? = nil) throws(AppError) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
            if let mode { try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path) }
        } catch {
            throw AppError(.fileError, status: 500, "cannot write \(path): \(error.localizedDescription)")
        }
    }

    static func write(_ text: String, to path: String, mode: Int? = nil) throws(AppError) {
        try write(Array(text.utf8), to: path, mode: mode)
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    /// Copies a directory tree (files and directories only; symlinks are refused).
    static func copyTree(_ source: String, to destination: String, skipping: Set<String> = []) throws(AppError) {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: destination, withIntermediateDirectories: true)
            for name in try fm.contentsOfDirectory(atPath: source).sorted() where !skipping.contains(name) {
                let from = source + "/" + name
                let to = destination + "/" + name
                let attributes = try fm.attributesOfItem(atPath: from)
                switch attributes[.type] as? FileAttributeType {
                case .typeDirectory?: try copyTree(from, to: to)
                case .typeRegular?:
                    if fm.fileExists(atPath: to) { try fm.removeItem(atPath: to) }
                    try fm.copyItem(atPath: from, toPath: to)
                default: throw AppError(.fileError, status: 400, "\(from): only files and directories can be copied")
                }
            }
        } catch let error as AppError {
            throw error
        } catch {
            throw AppError(.fileError, status: 500, "cannot copy \(source) to \(destination): \(error.localizedDescription)")
        }
    }
}
