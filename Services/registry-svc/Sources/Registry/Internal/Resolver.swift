import Foundation
import Postgres
import Shared

/// `GET /v1/internal/resolve?tenant=&extension=` (or `&install=<id>` instead of `extension`, for
/// the gateway's event deliveries): what the gateway needs to run a request for a tenant's
/// install. Answers only for a runnable install: 404 with `install_not_found`,
/// `install_disabled`, `version_yanked` or `extension_killed` otherwise (the gateway turns each
/// into its public 404 without telling tenants apart).
struct Resolver: Sendable {
    /// Which install to resolve: by extension name, or by install id.
    enum Target: Sendable {
        case name(String)
        case install(String)
    }

    let database: RegistryDatabase
    let defaultTimeoutMs: Int
    let defaultMemoryMB: Int

    func resolve(tenant: String, extension name: String) async throws -> JSONObject {
        try await resolve(tenant: tenant, .name(name))
    }

    func resolve(tenant: String, _ target: Target) async throws -> JSONObject {
        let (condition, parameter, shownTarget): (String, PostgresValue, String) = switch target {
        case .name(let n): ("r.name = $1", .text(n), Authenticator.shown(n))
        case .install(let id): ("i.id = $1::uuid", .text(id), "id " + Authenticator.shown(id))
        }
        if case .install(let id) = target, !UUIDString.isValid(id) {
            throw AppError.badRequest("install: must be a UUID")
        }
        return try await database.pool.withTransaction(tenant: tenant, readOnly: true) { [defaultTimeoutMs, defaultMemoryMB] tx in
            guard let row = try await tx.query("""
                SELECT \(InstallRows.columns), v.endpoints::text AS endpoints, v.manifest->'ui'->>'entry' AS ui_entry
                  \(InstallRows.from) WHERE \(condition)
                """, [parameter]).first else {
                throw AppError(.installNotFound, status: 404, "tenant \(Authenticator.shown(tenant)) has no install of \(shownTarget)")
            }
            let name: String = try row.decode("name")
            guard try row.decode("extension_state", as: String.self) == "active" else {
                throw AppError(.extensionKilled, status: 404, "extension \(name) was killed")
            }
            guard try row.decode("version_state", as: String.self) == "active" else {
                throw AppError(.versionYanked, status: 404, "the installed version of \(name) was yanked")
            }
            guard try row.decode("enabled", as: Bool.self) else {
                throw AppError(.installDisabled, status: 404, "the install of \(name) is disabled")
            }
            return [
                "tenant_id": .string(try row.decode("tenant_id")), "install_id": .string(try row.decode("id")),
                "extension": ["id": .string(try row.decode("registry_id")), "name": .string(try row.decode("name")),
                              "publisher": .string(try row.decode("publisher"))],
                "version": ["id": .string(try row.decode("version_id")), "version": .string(try row.decode("version"))],
                "content_hash": .string(try row.decode("content_hash")),
                "endpoints": .stored(try row.decode("endpoints"), fallback: []),
                "grants": .stored(try row.decode("granted_caps"), fallback: []),
                "limits": [
                    "timeout_ms": .int(try row.decode("limit_timeout_ms", as: Int64?.self) ?? Int64(defaultTimeoutMs)),
                    "memory_mb": .int(try row.decode("limit_memory_mb", as: Int64?.self) ?? Int64(defaultMemoryMB)),
                    "fuel": .optionalInt(try row.decode("limit_fuel", as: Int64?.self)),
                ],
                "egress": ["allow": .stored(try row.decode("egress_allowlist"), fallback: [])],
                "config": .stored(try row.decode("config"), fallback: [:]),
                "config_version": .optionalInt(try row.decode("config_version", as: Int64?.self)),
                "ui_entry": .optional(try row.decode("ui_entry")),
            ]
        }
    }

    /// `GET /v1/internal/bundles/{extension}/{content_hash}` (assets service): the pair is
    /// served only while it is a known, active version of an active extension.
    func bundle(extension name: String, contentHash: String) async throws -> JSONObject {
        try await database.pool.withTransaction(tenant: nil, readOnly: true) { tx in
            guard let row = try await tx.query("""
                SELECT r.id::text AS registry_id, r.name, r.state AS extension_state, v.id::text AS version_id, v.version,
                       v.state, v.content_hash, v.manifest->'ui'->>'entry' AS ui_entry, (v.manifest->'assets')::text AS assets
                  FROM extension_version v JOIN extension_registry r ON r.id = v.registry_id
                 WHERE r.name = $1 AND v.content_hash = $2
                """, [.text(name), .text(contentHash)]).first,
                try row.decode("extension_state", as: String.self) == "active",
                try row.decode("state", as: String.self) == "active" else {
                throw AppError.notFound("no active version of \(Authenticator.shown(name)) has content hash \(Authenticator.shown(contentHash))")
            }
            return [
                "extension": ["id": .string(try row.decode("registry_id")), "name": .string(try row.decode("name"))],
                "version": ["id": .string(try row.decode("version_id")), "version": .string(try row.decode("version"))],
                "content_hash": .string(try row.decode("content_hash")), "ui_entry": .optional(try row.decode("ui_entry")),
                "assets": .stored(try row.decode("assets"), fallback: []),
            ]
        }
    }
}
