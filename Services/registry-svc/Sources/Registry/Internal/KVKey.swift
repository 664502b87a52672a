import Shared

/// KV keys and prefixes: 1–256 bytes of UTF-8 without control characters.
enum KVKey {
    static func validate(_ key: String, field: String) throws(AppError) {
        guard (1...256).contains(key.utf8.count),
              key.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
            throw AppError.badRequest("\(field): must be 1-256 bytes of UTF-8 without control characters")
        }
    }
}
