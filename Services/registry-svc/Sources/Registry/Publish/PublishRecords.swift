import Bundle
import Foundation
import Postgres
import Shared

/// The rows of one publish: reading what exists for a name and version, and inserting the
/// extension (if new), the bundle with its entry index, the version and the audit row.
enum PublishRecords {
    /// What the registry already has under the bundle's name.
    struct Existing: Sendable {
        var registryID: String
        var publisher: String
        var killed: Bool
        var version: (id: String, contentHash: String, publishedAt: Date, keyID: String?)?
    }

    /// Serialises every publish of one extension name (ownership, version uniqueness, objects).
    static func lock(name: String, in tx: PostgresTransaction) async throws {
        _ = try await tx.query("SELECT pg_advisory_xact_lock(4242003, hashtext($1))", [.text(name)])
    }

    static func existing(name: String, version: String, in tx: PostgresTransaction) async throws -> Existing? {
        let rows = try await tx.query("""
            SELECT r.id::text AS registry_id, r.publisher, r.state, v.id::text AS version_id, v.content_hash,
                   v.published_at, v.signing_key_id
              FROM extension_registry r
              LEFT JOIN extension_version v ON v.registry_id = r.id AND v.version = $2
             WHERE r.name = $1
            """, [.text(name), .text(version)])
        guard let row = rows.first else { return nil }
        var existing = Existing(registryID: try row.decode("registry_id"), publisher: try row.decode("publisher"),
                                killed: try row.decode("state", as: String.self) == "killed")
        if let id = try row.decode("version_id", as: String?.self) {
            existing.version = (id, try row.decode("content_hash"), try row.decode("published_at"),
                                try row.decode("signing_key_id", as: String?.self))
        }
        return existing
    }

    /// Inserts everything and returns (registry id, version id).
    static func insert(_ bundle: InspectedBundle, signature: BundleSignature?, keyID: KeyID?, firstSeen: Date,
                       audit: AuditContext, in tx: PostgresTransaction) async throws -> (String, String) {
        let m = bundle.manifest
        let hash = bundle.contentHash.description
        try await tx.execute("""
            INSERT INTO extension_registry (publisher, name) VALUES ($1, $2) ON CONFLICT (publisher, name) DO NOTHING
            """, [.text(m.publisher), .text(m.name)])
        let registryID: String = try await tx.query("SELECT id::text AS id FROM extension_registry WHERE name = $1",
                                                     [.text(m.name)]).single("extension").decode("id")
        let index = bundle.scan.index
        try await tx.execute("""
            INSERT INTO extension_bundle (content_hash, size_bytes, uncompressed_bytes, entry_count, storage_key)
            VALUES ($1, $2, $3, $4, $5)
            """, [.text(hash), .int(index.compressedSize), .int(index.uncompressedSize), .int(index.entries.count),
                  .text(BundleStoreKeys.bundle(bundle.contentHash))])
        let files = index.entries.filter { $0.kind == .file }
        try await tx.execute("""
            INSERT INTO extension_bundle_entry (content_hash, path, size_bytes, sha256)
            SELECT $1, e.path, e.size::bigint, decode(e.sha, 'hex')
              FROM unnest($2::text[], $3::text[], $4::text[]) AS e(path, size, sha)
            """, [.text(hash), .textArray(files.map(\.path)), .textArray(files.map { String($0.size) }),
                  .textArray(files.map { $0.sha256 ?? "" })])
        let versionID: String = try await tx.query("""
            INSERT INTO extension_version (registry_id, version, content_hash, signature, signing_key_id, signed_at, runtime,
                                           manifest, capabilities, endpoints, precompiled, published_at, published_by)
            VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::text[], $10::jsonb, $11::jsonb, $12, $13)
            RETURNING id::text AS id
            """, [.text(registryID), .text(m.version.description), .text(hash),
                  signature.map { .bytes($0.signature) } ?? .null, .optional(keyID?.rawValue),
                  signature.map { .timestamp($0.signedAt) } ?? .null, .text(m.runtime), .jsonb(bundle.manifestJSON),
                  .textArray(m.capabilities.map(\.rawValue)), .jsonb(endpointsJSON(m).jsonText),
                  .jsonb(precompiledJSON(m).jsonText), .timestamp(firstSeen), .text(audit.actor)])
            .single("version").decode("id")
        try await AuditLog.platform(audit, action: "extension.published", targetType: "extension_version",
                                    targetID: versionID, details: [
                                        "extension": .string(m.name), "version": .string(m.version.description),
                                        "content_hash": .string(hash), "signing_key_id": .optional(keyID?.rawValue),
                                    ], in: tx)
        return (registryID, versionID)
    }

    static func endpointsJSON(_ m: Manifest) -> JSONValue {
        .array(m.endpoints.map {
            ["method": .string($0.method.rawValue), "path": .string($0.path.description), "handler": .string($0.handler)]
        })
    }

    static func precompiledJSON(_ m: Manifest) -> JSONValue {
        var object = JSONObject()
        for triple in m.precompiled.keys.sorted() { object[triple] = .string(m.precompiled[triple] ?? "") }
        return .object(object)
    }
}
