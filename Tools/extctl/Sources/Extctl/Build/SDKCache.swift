import Foundation
import Shared

/// Where the compiled Swift guest SDK (module Alga) is kept between builds and projects:
/// `EXTCTL_CACHE_DIR`, else `$XDG_CACHE_HOME/extctl`, else `$HOME/.cache/extctl`, one directory
/// per SHA-256 of the SDK sources and the compiler flags. Compiling the SDK takes most of a
/// Swift build, so only the first project on a machine pays for it.
struct SDKCache {
    let root: String

    init(environment: [String: String]) {
        if let dir = environment["EXTCTL_CACHE_DIR"], !dir.isEmpty {
            root = dir
        } else if let dir = environment["XDG_CACHE_HOME"], !dir.isEmpty {
            root = dir + "/extctl"
        } else {
            root = (environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSTemporaryDirectory()) + "/.cache/extctl"
        }
    }

    /// The directory for these sources and flags (it may not exist yet).
    func directory(for sources: [String], flags: [String]) throws(AppError) -> String {
        let hash = SHA256()
        for flag in flags { hash.update(Array(flag.utf8) + [0]) }
        for source in sources {
            hash.update(Array(((source as NSString).lastPathComponent).utf8) + [0])
            hash.update(try FileIO.read(source))
        }
        return root + "/alga-sdk-" + String(Hex.encode(hash.finalize()).prefix(24))
    }

    static func make(_ directory: String) throws(AppError) {
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw AppError(.fileError, status: 500, "cannot create \(directory): \(error.localizedDescription)")
        }
    }

    /// Moves a finished staging directory into place; if another build got there first, its copy
    /// (built from the same inputs) stays and this one is removed.
    static func publish(_ staging: String, as directory: String) {
        if rename(staging, directory) != 0 { try? FileManager.default.removeItem(atPath: staging) }
    }
}
