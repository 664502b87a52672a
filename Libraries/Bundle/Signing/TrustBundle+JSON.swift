import Foundation
import Shared

/// The trust-bundle file (`SIGNING_TRUST_BUNDLE`):
/// `{"format":"alga-trust-bundle@1","publishers":{"acme":{"keys":[{"key_id":"ed25519:…",
/// "public_key":"<base64 of 32 bytes>","not_before":"2026-01-01T00:00:00Z","not_after":"…"}]}},
/// "revocations":[{"key_id":"ed25519:…","revoked_at":"…","reason":"…"}]}`.
/// `not_after`, `revocations` and `reason` are optional.
extension TrustBundle {
    public init(json bytes: [UInt8]) throws(AppError) {
        func invalid(_ path: FieldPath, _ why: String) -> AppError {
            AppError(.trustBundleInvalid, status: 400, "trust bundle \(path): \(why)")
        }
        let root: StrictJSONValue
        do { root = try StrictJSONParser.parse(bytes) } catch { throw invalid(error.path, error.reason) }
        let r = TrustJSONReader(invalid: invalid)
        let obj = try r.object(root, .root, known: ["format", "publishers", "revocations"],
                               required: ["format", "publishers"])
        guard obj["format"] == .string(Self.format) else {
            throw invalid(.root.appending("format"), "must be \"\(Self.format)\"")
        }
        let publishersPath = FieldPath.root.appending("publishers")
        let publishers = try r.object(obj["publishers"] ?? .null, publishersPath, known: nil)
        var keys: [String: [TrustedKey]] = [:]
        for name in publishers.keys {
            let pPath = publishersPath.appending(name)
            guard ManifestPatterns.matches(ManifestPatterns.publisher, name) else {
                throw invalid(pPath, "not a publisher namespace")
            }
            let p = try r.object(publishers[name] ?? .null, pPath, known: ["keys"], required: ["keys"])
            let list = try r.array(p["keys"] ?? .null, pPath.appending("keys"))
            keys[name] = try list.enumerated().map { (i, item) throws(AppError) in
                try r.key(item, pPath.appending("keys").appending(i))
            }
        }
        var revocations: [KeyRevocation] = []
        if let value = obj["revocations"] {
            let path = FieldPath.root.appending("revocations")
            for (i, item) in try r.array(value, path).enumerated() {
                let at = path.appending(i)
                let o = try r.object(item, at, known: ["key_id", "revoked_at", "reason"],
                                     required: ["key_id", "revoked_at"])
                guard let id = o["key_id"]?.stringValue.flatMap(KeyID.init) else {
                    throw invalid(at.appending("key_id"), "must be ed25519:<16 lowercase hex digits>")
                }
                let revokedAt = try r.time(o["revoked_at"], at.appending("revoked_at"))
                let reason = o["reason"]?.stringValue ?? ""
                revocations.append(KeyRevocation(keyID: id, revokedAt: revokedAt, reason: reason))
            }
        }
        try self.init(keys: keys, revocations: revocations)
    }

    public func jsonString() -> String {
        var out = "{\"format\":\"\(Self.format)\",\"publishers\":{"
        for (i, name) in keys.keys.sorted().enumerated() {
            if i > 0 { out += "," }
            out += JSONQuoting.quoted(name) + ":{\"keys\":["
            for (j, k) in (keys[name] ?? []).enumerated() {
                if j > 0 { out += "," }
                out += "{\"key_id\":\"\(k.keyID)\",\"public_key\":\"\(Base64Strict.encode(k.publicKey.rawRepresentation))\""
                out += ",\"not_before\":\"\(RFC3339Time.format(k.notBefore))\""
                if let end = k.notAfter { out += ",\"not_after\":\"\(RFC3339Time.format(end))\"" }
                out += "}"
            }
            out += "]}"
        }
        out += "},\"revocations\":["
        for (i, r) in revocations.values.sorted(by: { $0.keyID < $1.keyID }).enumerated() {
            if i > 0 { out += "," }
            out += "{\"key_id\":\"\(r.keyID)\",\"revoked_at\":\"\(RFC3339Time.format(r.revokedAt))\",\"reason\":"
                + JSONQuoting.quoted(r.reason) + "}"
        }
        return out + "]}"
    }
}

/// Field readers for the trust-bundle file; every failure names its field.
private struct TrustJSONReader {
    let invalid: (FieldPath, String) -> AppError

    func object(_ v: StrictJSONValue, _ path: FieldPath, known: [String]?,
                required: [String] = []) throws(AppError) -> StrictJSONObject {
        guard let o = v.objectValue else { throw invalid(path, "must be an object") }
        if let known, let extra = o.keys.first(where: { !known.contains($0) }) {
            throw invalid(path.appending(extra), "unknown field")
        }
        if let missing = required.first(where: { o[$0] == nil }) {
            throw invalid(path.appending(missing), "required field missing")
        }
        return o
    }

    func array(_ v: StrictJSONValue, _ path: FieldPath) throws(AppError) -> [StrictJSONValue] {
        guard let a = v.arrayValue else { throw invalid(path, "must be an array") }
        return a
    }

    func time(_ v: StrictJSONValue?, _ path: FieldPath) throws(AppError) -> Date {
        guard let t = v?.stringValue.flatMap(RFC3339Time.parse) else {
            throw invalid(path, "must be a UTC time YYYY-MM-DDTHH:MM:SSZ")
        }
        return t
    }

    func key(_ item: StrictJSONValue, _ at: FieldPath) throws(AppError) -> TrustedKey {
        let o = try object(item, at, known: ["key_id", "public_key", "not_before", "not_after"],
                           required: ["key_id", "public_key", "not_before"])
        guard let raw = o["public_key"]?.stringValue.flatMap(Base64Strict.decode),
              let publicKey = try? Ed25519.PublicKey(rawRepresentation: raw) else {
            throw invalid(at.appending("public_key"), "must be the base64 of a 32-byte Ed25519 public key")
        }
        guard let id = o["key_id"]?.stringValue.flatMap(KeyID.init) else {
            throw invalid(at.appending("key_id"), "must be ed25519:<16 lowercase hex digits>")
        }
        guard id == KeyID(publicKey: publicKey) else {
            throw invalid(at.appending("key_id"), "does not match public_key (expected \(KeyID(publicKey: publicKey)))")
        }
        let notBefore = try time(o["not_before"], at.appending("not_before"))
        let notAfter = o["not_after"] == nil ? nil : try time(o["not_after"], at.appending("not_after"))
        return TrustedKey(publicKey: publicKey, notBefore: notBefore, notAfter: notAfter)
    }
}
