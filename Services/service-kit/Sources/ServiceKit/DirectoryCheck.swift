import Foundation
import HTTPCore

/// Readiness of a local directory the service writes (its cache): it exists (created if
/// missing) and a file can be created in it.
public enum DirectoryCheck {
    public static func check(_ name: String, path: String) -> ReadinessCheck {
        ReadinessCheck(name) {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                return "cannot create \(path)"
            }
            let probe = path + "/.ready-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
            guard FileManager.default.createFile(atPath: probe, contents: Data()) else { return "\(path) is not writable" }
            try? FileManager.default.removeItem(atPath: probe)
            return nil
        }
    }
}
