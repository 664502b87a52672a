import Foundation
import Shared

/// The platform's key for compiled-module artefacts (`RUNNER_PLATFORM_KEY_FILE`): the file's
/// content with surrounding whitespace removed, at least 32 bytes. Never logged.
public struct PlatformKey: Sendable {
    let bytes: [UInt8]

    public init(bytes: [UInt8]) throws(ConfigError) {
        guard bytes.count >= 32 else {
            throw ConfigError(variable: "RUNNER_PLATFORM_KEY_FILE", reason: "the key must be at least 32 bytes")
        }
        self.bytes = bytes
    }

    /// Reads the key file.
    public init(file path: String) throws(ConfigError) {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 4096 else {
            throw ConfigError(variable: "RUNNER_PLATFORM_KEY_FILE", reason: "cannot read \(path) (or it exceeds 4 KiB)")
        }
        var bytes = [UInt8](data)
        while let last = bytes.last, last == 0x0A || last == 0x0D || last == 0x20 || last == 0x09 { bytes.removeLast() }
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes.removeFirst() }
        try self.init(bytes: bytes)
    }
}
