import Bundle
import Foundation
import Postgres
import Shared

/// A version as install and upgrade need it: found, not yanked, its extension not killed, and
/// its signature still trusted at its first-seen time (publish time) — the install-time
/// re-check of docs/signing.md, so a revocation blocks new installs of what it no longer covers.
struct InstallableVersion: Sendable {
    var registryID: String
    var name: String
    var publisher: String
    var versionID: String
    var version: String
    var contentHash: String
    var capabilities: [Capability]

    static let columns = """
        r.id::text AS registry_id, r.name, r.publisher, r.state AS extension_state, v.id::text AS version_id, v.version,
        v.state, v.content_hash, v.signature, v.signing_key_id, v.signed_at, v.published_at,
        to_json(v.capabilities)::text AS capabilities
        """

    /// `version` nil picks the latest active version (releases before pre-releases).
    static func find(name: String, version: String?, allowUnsigned: Bool, in tx: PostgresTransaction) async throws -> InstallableVersion {
        let rows: PostgresRows
        if let version {
            rows = try await tx.query("""
                SELECT \(columns) FROM extension_registry r JOIN extension_version v ON v.registry_id = r.id
                 WHERE r.name = $1 AND v.version = $2
                """, [.text(name), .text(version)])
        } else {
            rows = try await tx.query("""
                SELECT \(columns) FROM extension_registry r JOIN extension_version v ON v.registry_id = r.id
                 WHERE r.name = $1 AND v.state = 'active'
                 ORDER BY (v.semver_prerelease IS NULL) DESC, v.semver_major DESC, v.semver_minor DESC, v.semver_patch DESC,
                          v.semver_prerelease DESC, v.version DESC LIMIT 1
                """, [.text(name)])
        }
        guard let row = rows.first else {
            guard try await tx.query("SELECT 1 FROM extension_registry WHERE name = $1", [.text(name)]).first != nil else {
                throw Catalog.extensionNotFound(name)
            }
            throw AppError(.versionNotFound, status: 404, version.map { "extension \(Authenticator.shown(name)) has no version \(Authenticator.shown($0))" }
                ?? "extension \(Authenticator.shown(name)) has no active version")
        }
        guard try row.decode("extension_state", as: String.self) == "active" else {
            throw AppError(.extensionKilled, status: 409, "extension \(name) was killed and cannot be installed")
        }
        let found = InstallableVersion(
            registryID: try row.decode("registry_id"), name: try row.decode("name"), publisher: try row.decode("publisher"),
            versionID: try row.decode("version_id"), version: try row.decode("version"),
            contentHash: try row.decode("content_hash"),
            capabilities: (JSONValue.stored(try row.decode("capabilities")).arrayValue ?? [])
                .compactMap { $0.stringValue.flatMap(Capability.init(rawValue:)) })
        guard try row.decode("state", as: String.self) == "active" else {
            throw AppError(.versionYanked, status: 409, "\(name) \(found.version) was yanked and cannot be installed")
        }
        _ = try await TrustStore.verify(try storedSignature(row, publisher: found.publisher),
                                        contentHash: try ContentHash(parsing: found.contentHash), publisher: found.publisher,
                                        firstSeen: try row.decode("published_at"), allowUnsigned: allowUnsigned, in: tx)
        return found
    }

    /// The signature as published (bytes, key and signed_at are stored with the version).
    static func storedSignature(_ row: PostgresRow, publisher: String) throws -> BundleSignature? {
        guard let bytes = try row.decode("signature", as: [UInt8]?.self),
              let key = try row.decode("signing_key_id", as: String?.self), let keyID = KeyID(key),
              let signedAt = try row.decode("signed_at", as: Date?.self) else { return nil }
        return BundleSignature(keyID: keyID, publisher: publisher, contentHash: try ContentHash(parsing: try row.decode("content_hash")),
                               signedAt: signedAt, signature: bytes)
    }

    /// Throws `grant_not_declared` unless every grant is among the version's capabilities.
    func checkGrants(_ grants: [Capability]) throws(AppError) {
        for cap in grants where !capabilities.contains(cap) {
            throw AppError(.grantNotDeclared, status: 400,
                           "granted_caps: \(cap.rawValue) is not declared by \(name) \(version) (declares: "
                               + capabilities.map(\.rawValue).joined(separator: ", ") + ")")
        }
    }
}
