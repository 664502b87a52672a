/// Tenant API keys as the registry issues them: `ak_` followed by 16–128 characters of
/// `[A-Za-z0-9_-]` (the registry's keys are `ak_<8-character id>_<43-character secret>`). Only
/// the SHA-256 of a key is ever stored or cached.
enum APIKeyFormat {
    static let prefix = "ak_"

    static func looksLikeAPIKey(_ credential: String) -> Bool { credential.hasPrefix(prefix) }

    static func isWellFormed(_ credential: String) -> Bool {
        let u = credential.utf8
        guard credential.hasPrefix(prefix), (prefix.utf8.count + 16...prefix.utf8.count + 128).contains(u.count) else { return false }
        return u.dropFirst(prefix.utf8.count).allSatisfy {
            (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) || $0 == UInt8(ascii: "_")
                || $0 == UInt8(ascii: "-")
        }
    }
}
