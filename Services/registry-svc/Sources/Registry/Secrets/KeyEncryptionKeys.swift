import ServiceKit
import Shared

/// The key-encryption keys of install secrets, held by the registry only, read from a file that
/// may change at run time: one key per line, `<version> <base64 of 32 bytes>`, versions 1 and up.
/// The highest version encrypts new values; every listed version decrypts, so rotation adds a
/// higher version, re-encrypts (issue 9's command) and later drops the old line. A value under a
/// version no longer listed does not decrypt (fails closed). Keys are never logged.
final class KeyEncryptionKeys: Sendable {
    private let file: WatchedFile<[Int: [UInt8]]>

    init(path: String) {
        file = WatchedFile(path: path) { bytes in
            var keys: [Int: [UInt8]] = [:]
            for fields in WatchedFile<[Int: [UInt8]]>.fields(bytes) where fields.count == 2 {
                guard let version = Int(fields[0]), (1...1_000_000).contains(version),
                      let key = try? Base64.decode(fields[1]), key.count == AES256GCM.keyLength else { continue }
                keys[version] = key
            }
            return keys
        }
    }

    /// The version that encrypts new values, with its key; nil when no key is configured.
    var current: (version: Int, key: [UInt8])? {
        file.value.max { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    func key(version: Int) -> [UInt8]? { file.value[version] }
}
