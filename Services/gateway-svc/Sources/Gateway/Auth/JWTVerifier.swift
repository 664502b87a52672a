import ServiceKit
import Shared

/// Verifies compact JWS bearer tokens (RFC 7519): `EdDSA` (Ed25519) and `HS256` signatures with
/// keys from the key file, then `exp`, `nbf` (with leeway), `iss`, `aud`, the tenant claim and the
/// user (`sub`, optional `name`, `email`, `user_type`). Every failure throws 401 with a reason
/// that names the check, never the token.
struct JWTVerifier: Sendable {
    static let maxTokenBytes = 8192

    let keys: WatchedFile<JWTKeySet>?
    let issuer: String
    let audience: String
    let tenantClaim: String
    let leewaySeconds: Int64

    init(settings: AuthSettings) {
        keys = settings.jwtKeysFile.map { WatchedFile(path: $0, parse: JWTKeySet.parse) }
        issuer = settings.issuer ?? ""
        audience = settings.audience ?? ""
        tenantClaim = settings.tenantClaim
        leewaySeconds = Int64(settings.leewaySeconds)
    }

    /// The key set now (re-read if the file changed); empty without a key file.
    var keySet: JWTKeySet { keys?.value ?? JWTKeySet() }

    /// The principal `token` authenticates at `now` (Unix seconds).
    func verify(_ token: String, now: Int64, keySet: JWTKeySet) throws(AppError) -> Principal {
        guard token.utf8.count <= Self.maxTokenBytes else { throw AuthError.invalidToken("longer than \(Self.maxTokenBytes) bytes") }
        let bytes = Array(token.utf8)
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
            throw AuthError.invalidToken("not a compact JWS (header.payload.signature)")
        }
        guard let headerBytes = Base64URL.decode(Substring(decoding: parts[0], as: UTF8.self)),
              let header = try? JSONValue.parse(headerBytes), case .object = header else {
            throw AuthError.invalidToken("header is not base64url JSON")
        }
        guard let alg = header["alg"]?.stringValue, alg == "EdDSA" || alg == "HS256" else {
            throw AuthError.invalidToken("alg must be EdDSA or HS256")
        }
        guard header["crit"] == nil else { throw AuthError.invalidToken("crit header parameters are not supported") }
        let kid = header["kid"]?.stringValue
        let candidates = keySet.keys.filter { $0.algorithm == alg && (kid == nil || $0.id == kid) }
        guard !candidates.isEmpty else { throw AuthError.invalidToken("no \(alg) key\(kid.map { " with kid '\($0.prefix(64))'" } ?? "")") }
        guard let signature = Base64URL.decode(Substring(decoding: parts[2], as: UTF8.self)) else {
            throw AuthError.invalidToken("signature is not base64url")
        }
        let signed = bytes[0..<(parts[0].count + 1 + parts[1].count)]
        guard candidates.prefix(8).contains(where: { $0.verifies(signature, signed) }) else {
            throw AuthError.invalidToken("bad signature")
        }
        guard let payloadBytes = Base64URL.decode(Substring(decoding: parts[1], as: UTF8.self)),
              let claims = try? JSONValue.parse(payloadBytes), case .object = claims else {
            throw AuthError.invalidToken("payload is not base64url JSON")
        }
        return try principal(claims, now: now)
    }

    private func principal(_ claims: JSONValue, now: Int64) throws(AppError) -> Principal {
        guard let exp = Self.seconds(claims["exp"]) else { throw AuthError.invalidToken("exp is missing or not a number") }
        guard now < exp + leewaySeconds else { throw AuthError.expired() }
        if let nbfValue = claims["nbf"] {
            guard let nbf = Self.seconds(nbfValue) else { throw AuthError.invalidToken("nbf is not a number") }
            guard now + leewaySeconds >= nbf else { throw AuthError.invalidToken("not valid yet (nbf)") }
        }
        guard claims["iss"]?.stringValue == issuer else { throw AuthError.invalidToken("issuer is not accepted") }
        let audiences: [String]
        switch claims["aud"] {
        case .string(let s): audiences = [s]
        case .array(let list): audiences = list.compactMap(\.stringValue)
        default: audiences = []
        }
        guard audiences.contains(audience) else { throw AuthError.invalidToken("audience is not accepted") }
        guard let tenant = claims[tenantClaim]?.stringValue, Principal.isValidTenant(tenant) else {
            throw AuthError.invalidToken("claim '\(tenantClaim)' must name a tenant (1-128 of A-Z a-z 0-9 . _ : -)")
        }
        guard let sub = claims["sub"]?.stringValue, (1...256).contains(sub.utf8.count),
              sub.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw AuthError.invalidToken("claim 'sub' must be 1-256 visible ASCII characters")
        }
        let name = try Self.text(claims, "name")
        let email = try Self.text(claims, "email")
        var userType: String?
        if let t = claims["user_type"] {
            guard let s = t.stringValue, (1...64).contains(s.utf8.count), s.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
                throw AuthError.invalidToken("claim 'user_type' must be 1-64 visible ASCII characters")
            }
            userType = s
        }
        return Principal(kind: .user, tenantID: tenant, user: ExecuteUser(id: sub, name: name, email: email, type: userType),
                         expiresAt: exp + leewaySeconds)
    }

    private static func text(_ claims: JSONValue, _ name: String) throws(AppError) -> String? {
        guard let value = claims[name] else { return nil }
        guard let s = value.stringValue, s.utf8.count <= 256, !s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { throw AuthError.invalidToken("claim '\(name)' must be text of at most 256 bytes") }
        return s
    }

    /// A NumericDate (seconds, possibly fractional) as whole seconds.
    static func seconds(_ value: JSONValue?) -> Int64? {
        guard let n = value?.numberValue else { return nil }
        if let i = n.int64Value { return i }
        let d = n.doubleValue
        guard d.isFinite, abs(d) < 1e15 else { return nil }
        return Int64(d.rounded(.down))
    }
}
