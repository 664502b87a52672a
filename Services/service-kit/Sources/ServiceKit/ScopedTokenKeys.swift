import Foundation
import Shared

/// The HMAC keys of scoped tokens, shared by the gateway (mints) and the registry (verifies),
/// read from a file that may change at run time: one key per line, `<key id> <base64 key>`,
/// keys of at least 32 bytes, key ids of 1–32 characters of `[A-Za-z0-9_-]`; `#` comments.
/// The first key mints; every listed key verifies, so keys rotate by adding the new key below
/// the old one, rolling the file out, moving it to the top, and later removing the old one.
/// A missing or empty file verifies nothing and mints nothing (fail closed); invalid lines are
/// ignored. Keys are never logged.
public final class ScopedTokenKeys: Sendable {
    struct Ring: Sendable {
        var keys: [(id: String, key: [UInt8])] = []
    }

    private let file: WatchedFile<Ring>

    public init(path: String) {
        file = WatchedFile(path: path) { bytes in
            var ring = Ring()
            for fields in WatchedFile<Ring>.fields(bytes) where fields.count == 2 {
                guard Self.isValidKeyID(fields[0]), let key = try? Base64.decode(fields[1]), key.count >= 32,
                      !ring.keys.contains(where: { $0.id == fields[0] }) else { continue }
                ring.keys.append((fields[0], key))
            }
            return ring
        }
    }

    public var path: String { file.path }

    /// How many keys the file holds now.
    public var count: Int { file.value.keys.count }

    /// The wire form of `token`, signed with the first key; nil when there is no key.
    public func mint(_ token: ScopedToken) -> String? {
        guard let (id, key) = file.value.keys.first,
              ScopedToken.isValidID(token.tenantID), ScopedToken.isValidID(token.installID),
              ScopedToken.isValidID(token.requestID) else { return nil }
        let signed = "\(ScopedToken.prefix).\(id).\(Hex.encode(token.payload))"
        return signed + "." + Hex.encode(HMACSHA256.mac(key: key, message: Array(signed.utf8)))
    }

    /// The token `text` carries, if its MAC verifies under a listed key and it has not expired
    /// at `now`. Throws 401 `scoped_token_invalid` or `scoped_token_expired`.
    public func verify(_ text: String, now: Date = Date()) throws(AppError) -> ScopedToken {
        guard text.utf8.count <= 2048 else { throw invalid("too long") }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == ScopedToken.prefix,
              let payload = Hex.decode(String(parts[2])), let mac = Hex.decode(String(parts[3])), mac.count == 32 else {
            throw invalid("malformed")
        }
        guard let key = file.value.keys.first(where: { $0.id == parts[1] })?.key else { throw invalid("unknown key") }
        let signed = Array(text.utf8.prefix(text.utf8.count - parts[3].utf8.count - 1))
        guard HMACSHA256.verify(key: key, message: signed, mac: mac) else { throw invalid("bad signature") }
        guard let token = ScopedToken(payload: payload) else { throw invalid("malformed payload") }
        let nowSeconds = Int64(now.timeIntervalSince1970.rounded(.down))
        guard token.expiresAt > nowSeconds else {
            throw AppError(.scopedTokenExpired, status: 401, "scoped token expired",
                           headers: [("WWW-Authenticate", "Bearer error=\"invalid_token\"")])
        }
        guard token.expiresAt - nowSeconds <= ScopedToken.maxLifetimeSeconds else {
            throw AppError(.scopedTokenExpired, status: 401,
                           "scoped token lifetime exceeds \(ScopedToken.maxLifetimeSeconds) s",
                           headers: [("WWW-Authenticate", "Bearer error=\"invalid_token\"")])
        }
        return token
    }

    static func isValidKeyID(_ s: String) -> Bool {
        (1...32).contains(s.utf8.count) && s.utf8.allSatisfy {
            (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0)
                || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
        }
    }

    private func invalid(_ why: String) -> AppError {
        AppError(.scopedTokenInvalid, status: 401, "invalid scoped token: \(why)",
                 headers: [("WWW-Authenticate", "Bearer error=\"invalid_token\"")])
    }
}
