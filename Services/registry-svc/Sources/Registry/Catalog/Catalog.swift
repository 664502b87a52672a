import Foundation
import Postgres
import Shared

/// Read side of the registry: extensions and their versions, with keyset pagination (stable
/// under concurrent publishes) and filters. Everything here is global (no tenant data).
struct Catalog: Sendable {
    let database: RegistryDatabase

    /// The highest active version of an extension: releases before pre-releases, then SemVer order.
    static let latestVersion = """
        LEFT JOIN LATERAL (
            SELECT v.version, v.content_hash, v.published_at FROM extension_version v
             WHERE v.registry_id = r.id AND v.state = 'active'
             ORDER BY (v.semver_prerelease IS NULL) DESC, v.semver_major DESC, v.semver_minor DESC, v.semver_patch DESC,
                      v.semver_prerelease DESC, v.version DESC
             LIMIT 1) lv ON true
        """
    static let extensionColumns = """
        r.id::text AS id, r.name, r.publisher, r.state, r.killed_at, r.kill_reason, r.created_at,
        lv.version AS latest_version, lv.content_hash AS latest_hash, lv.published_at AS latest_published_at
        """

    func extensions(_ filter: CatalogFilter, page: PageRequest) async throws -> ([JSONValue], String?) {
        let rows = try await database.pool.withTransaction(tenant: nil, readOnly: true) { tx in
            try await tx.query("""
                SELECT \(Self.extensionColumns) FROM extension_registry r \(Self.latestVersion)
                 WHERE ($1::text IS NULL OR r.publisher = $1) AND ($2::text IS NULL OR r.state = $2)
                   AND ($3::text IS NULL OR starts_with(r.name, $3)) AND ($4::text IS NULL OR r.name > $4)
                 ORDER BY r.name LIMIT $5
                """, [.optional(filter.publisher), .optional(filter.state), .optional(filter.namePrefix),
                      .optional(page.cursor?.first), .int(page.limit + 1)])
        }
        let items = try rows.prefix(page.limit).map(Self.extensionJSON)
        let next = rows.count > page.limit ? PageRequest.encode([try rows[page.limit - 1].decode("name")]) : nil
        return (items, next)
    }

    func extensionDetail(name: String) async throws -> JSONValue {
        let row = try await database.pool.withTransaction(tenant: nil, readOnly: true) { tx in
            try await tx.query("""
                SELECT \(Self.extensionColumns),
                       (SELECT count(*) FROM extension_version v WHERE v.registry_id = r.id) AS version_count
                  FROM extension_registry r \(Self.latestVersion) WHERE r.name = $1
                """, [.text(name)]).first
        }
        guard let row else { throw Self.extensionNotFound(name) }
        guard case .object(var object) = try Self.extensionJSON(row) else { preconditionFailure("BUG in Catalog: not an object") }
        object["version_count"] = .int(try row.decode("version_count", as: Int64.self))
        return .object(object)
    }

    static let versionOrder = """
        v.semver_major DESC, v.semver_minor DESC, v.semver_patch DESC, (v.semver_prerelease IS NULL) DESC,
        coalesce(v.semver_prerelease, '') DESC, v.version DESC
        """
    static let versionColumns = """
        v.id::text AS id, v.version, v.state, v.content_hash, v.signing_key_id, v.signed_at, v.runtime,
        to_json(v.capabilities)::text AS capabilities, v.published_at, v.published_by, v.yanked_at, v.yank_reason,
        v.semver_major::text AS c_major, v.semver_minor::text AS c_minor, v.semver_patch::text AS c_patch,
        (v.semver_prerelease IS NULL) AS c_release, coalesce(v.semver_prerelease, '') AS c_pre
        """

    func versions(name: String, _ filter: CatalogFilter, page: PageRequest) async throws -> ([JSONValue], String?) {
        let c = page.cursor
        if let c {
            let digits = { (s: String) in !s.isEmpty && s.utf8.allSatisfy { (48...57).contains($0) } }
            guard digits(c[0]), digits(c[1]), digits(c[2]), c[3] == "true" || c[3] == "false" else { throw PageRequest.invalid() }
        }
        let rows = try await database.pool.withTransaction(tenant: nil, readOnly: true) { tx in
            guard try await tx.query("SELECT 1 FROM extension_registry WHERE name = $1", [.text(name)]).first != nil else {
                throw Self.extensionNotFound(name)
            }
            return try await tx.query("""
                SELECT \(Self.versionColumns) FROM extension_version v JOIN extension_registry r ON r.id = v.registry_id
                 WHERE r.name = $1 AND ($2::text IS NULL OR v.state = $2) AND ($3 OR v.semver_prerelease IS NULL)
                   AND ($4::text IS NULL OR (v.semver_major, v.semver_minor, v.semver_patch, (v.semver_prerelease IS NULL),
                                             coalesce(v.semver_prerelease, ''), v.version)
                                          < ($4::numeric, $5::numeric, $6::numeric, $7::boolean, $8, $9))
                 ORDER BY \(Self.versionOrder) LIMIT $10
                """, [.text(name), .optional(filter.state), .bool(filter.includePrerelease), .optional(c?[0]),
                      .optional(c?[1]), .optional(c?[2]), .optional(c?[3]), .optional(c?[4]), .optional(c?[5]),
                      .int(page.limit + 1)])
        }
        let items = try rows.prefix(page.limit).map { row throws(AppError) in JSONValue.object(try Self.versionJSON(row)) }
        var next: String?
        if rows.count > page.limit {
            let last = rows[page.limit - 1]
            next = PageRequest.encode([try last.decode("c_major"), try last.decode("c_minor"), try last.decode("c_patch"),
                                       try last.decode("c_release", as: Bool.self) ? "true" : "false",
                                       try last.decode("c_pre"), try last.decode("version")])
        }
        return (items, next)
    }

    func versionDetail(name: String, version: String) async throws -> JSONValue {
        let row = try await database.pool.withTransaction(tenant: nil, readOnly: true) { tx in
            try await tx.query("""
                SELECT \(Self.versionColumns), r.name, r.publisher, r.state AS extension_state, v.manifest::text AS manifest,
                       v.endpoints::text AS endpoints, v.precompiled::text AS precompiled, b.size_bytes, b.uncompressed_bytes,
                       b.entry_count
                  FROM extension_version v JOIN extension_registry r ON r.id = v.registry_id
                  JOIN extension_bundle b ON b.content_hash = v.content_hash
                 WHERE r.name = $1 AND v.version = $2
                """, [.text(name), .text(version)]).first
        }
        guard let row else {
            throw AppError(.versionNotFound, status: 404, "extension \(Authenticator.shown(name)) has no version \(Authenticator.shown(version))")
        }
        var object = try Self.versionJSON(row)
        object["extension"] = ["name": .string(try row.decode("name")), "publisher": .string(try row.decode("publisher")),
                               "state": .string(try row.decode("extension_state"))]
        object["manifest"] = .stored(try row.decode("manifest"))
        object["endpoints"] = .stored(try row.decode("endpoints"), fallback: [])
        object["precompiled"] = .stored(try row.decode("precompiled"), fallback: [:])
        object["bundle"] = ["size_bytes": .int(try row.decode("size_bytes", as: Int64.self)),
                            "uncompressed_bytes": .int(try row.decode("uncompressed_bytes", as: Int64.self)),
                            "entry_count": .int(try row.decode("entry_count", as: Int64.self))]
        return .object(object)
    }

    static func extensionJSON(_ row: PostgresRow) throws(AppError) -> JSONValue {
        var latest: JSONValue = .null
        if let version = try row.decode("latest_version", as: String?.self) {
            latest = ["version": .string(version), "content_hash": .string(try row.decode("latest_hash")),
                      "published_at": .time(Timestamp(try row.decode("latest_published_at")))]
        }
        return [
            "id": .string(try row.decode("id")), "name": .string(try row.decode("name")),
            "publisher": .string(try row.decode("publisher")), "state": .string(try row.decode("state")),
            "killed_at": .time(try row.decode("killed_at", as: Date?.self).map(Timestamp.init)),
            "kill_reason": .optional(try row.decode("kill_reason")), "created_at": .time(Timestamp(try row.decode("created_at"))),
            "latest_version": latest,
        ]
    }

    static func versionJSON(_ row: PostgresRow) throws(AppError) -> JSONObject {
        [
            "id": .string(try row.decode("id")), "version": .string(try row.decode("version")),
            "state": .string(try row.decode("state")), "content_hash": .string(try row.decode("content_hash")),
            "signing_key_id": .optional(try row.decode("signing_key_id")),
            "signed_at": .time(try row.decode("signed_at", as: Date?.self).map(Timestamp.init)),
            "runtime": .string(try row.decode("runtime")),
            "capabilities": .stored(try row.decode("capabilities"), fallback: []),
            "published_at": .time(Timestamp(try row.decode("published_at"))),
            "published_by": .string(try row.decode("published_by")),
            "yanked_at": .time(try row.decode("yanked_at", as: Date?.self).map(Timestamp.init)),
            "yank_reason": .optional(try row.decode("yank_reason")),
        ]
    }

    static func extensionNotFound(_ name: String) -> AppError {
        AppError(.extensionNotFound, status: 404, "no extension named \(Authenticator.shown(name))")
    }
}
