import ServiceKit
import Shared

/// The keys of `GATEWAY_JWT_KEYS_FILE`: `<kid> EdDSA <base64 raw 32-byte public key>` and
/// `<kid> HS256 <base64 secret of at least 32 bytes>` lines, `#` comments. Invalid lines are
/// skipped and counted (never echoed: a line may hold a secret).
struct JWTKeySet: Sendable {
    var keys: [JWTKey] = []
    var invalidLines = 0
    /// Differs whenever the file's content differs, so cached verifications of removed keys end.
    var generation: UInt64 = 0

    static func parse(_ bytes: [UInt8]) -> JWTKeySet {
        var set = JWTKeySet(generation: SHA256.hash(bytes).prefix(8).reduce(0) { $0 << 8 | UInt64($1) })
        for fields in WatchedFile<JWTKeySet>.fields(bytes) {
            guard fields.count == 3, (1...64).contains(fields[0].utf8.count), !set.keys.contains(where: { $0.id == fields[0] }),
                  let raw = try? Base64.decode(fields[2]) else {
                set.invalidLines += 1
                continue
            }
            switch fields[1] {
            case "EdDSA":
                guard let key = try? Ed25519.PublicKey(rawRepresentation: raw) else { set.invalidLines += 1; continue }
                set.keys.append(JWTKey(id: fields[0], material: .edDSA(key)))
            case "HS256":
                guard raw.count >= 32 else { set.invalidLines += 1; continue }
                set.keys.append(JWTKey(id: fields[0], material: .hs256(raw)))
            default:
                set.invalidLines += 1
            }
        }
        return set
    }
}
