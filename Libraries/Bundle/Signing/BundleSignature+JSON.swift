import Foundation
import Shared

/// `signature.json`: `{"format":"alga-bundle-signature@1","algorithm":"ed25519","key_id":…,
/// "publisher":…,"content_hash":"sha256:…","signed_at":"2026-01-02T03:04:05Z","signature":"<base64>"}`.
extension BundleSignature {
    static let fields = ["format", "algorithm", "key_id", "publisher", "content_hash", "signed_at", "signature"]

    public func jsonString() -> String {
        "{\"format\":\"\(Self.format)\",\"algorithm\":\"\(Self.algorithm)\",\"key_id\":\"\(keyID)\","
            + "\"publisher\":" + JSONQuoting.quoted(publisher) + ",\"content_hash\":\"\(contentHash)\","
            + "\"signed_at\":\"\(RFC3339Time.format(signedAt))\",\"signature\":\"\(Base64Strict.encode(signature))\"}"
    }

    /// Parses `signature.json`; any problem throws `signature_invalid` naming the field.
    public init(json bytes: [UInt8]) throws(AppError) {
        func invalid(_ path: String, _ why: String) -> AppError {
            AppError(.signatureInvalid, status: 400, "signature \(path): \(why)")
        }
        guard bytes.count <= 16 << 10 else { throw invalid("$", "larger than 16 KiB") }
        let root: StrictJSONValue
        do { root = try StrictJSONParser.parse(bytes) } catch { throw invalid(error.path.description, error.reason) }
        guard let obj = root.objectValue else { throw invalid("$", "must be an object") }
        for key in obj.keys where !Self.fields.contains(key) { throw invalid(key, "unknown field") }
        func text(_ key: String) throws(AppError) -> String {
            guard let v = obj[key] else { throw invalid(key, "required field missing") }
            guard let s = v.stringValue else { throw invalid(key, "must be a string") }
            return s
        }
        guard try text("format") == Self.format else { throw invalid("format", "must be \"\(Self.format)\"") }
        guard try text("algorithm") == Self.algorithm else { throw invalid("algorithm", "must be \"ed25519\"") }
        guard let keyID = KeyID(try text("key_id")) else {
            throw invalid("key_id", "must be ed25519:<16 lowercase hex digits>")
        }
        let publisher = try text("publisher")
        guard ManifestPatterns.matches(ManifestPatterns.publisher, publisher) else {
            throw invalid("publisher", "must be a publisher namespace")
        }
        guard let hash = try? ContentHash(parsing: try text("content_hash")) else {
            throw invalid("content_hash", "must be sha256:<64 lowercase hex>")
        }
        guard let signedAt = RFC3339Time.parse(try text("signed_at")) else {
            throw invalid("signed_at", "must be a UTC time YYYY-MM-DDTHH:MM:SSZ")
        }
        guard let sig = Base64Strict.decode(try text("signature")), sig.count == Ed25519.signatureLength else {
            throw invalid("signature", "must be the base64 of 64 bytes")
        }
        self.init(keyID: keyID, publisher: publisher, contentHash: hash, signedAt: signedAt, signature: sig)
    }
}
