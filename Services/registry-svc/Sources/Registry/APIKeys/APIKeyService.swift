import Foundation
import Postgres
import Shared

/// Tenant API keys for the gateway's public API (docs/registry.md, "API keys"): a tenant
/// administrator issues a key (shown once; only its SHA-256 and a short display prefix are
/// stored), lists keys and revokes them. Scopes limit a key to extensions (`ext:<name>`, or
/// `ext:*`; none means every extension of the tenant). Revocations reach the gateways through the
/// change feed (`api_key.updated`). Every change writes a tenant audit row in its transaction.
struct APIKeyService: Sendable {
    let database: RegistryDatabase

    static let fields: Set<String> = ["name", "scopes", "expires_at"]
    static let columns = """
        id::text AS id, name, key_prefix, array_to_json(scopes)::text AS scopes, created_at, created_by, expires_at,
        revoked_at, last_used_at
        """

    func issue(tenant: String, body: JSONBody, audit: AuditContext) async throws -> JSONObject {
        let name = try body.requiredString("name")
        guard (1...128).contains(name.count), !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw AppError.badRequest("name: 1-128 characters without control characters")
        }
        let scopes = try body.strings("scopes", maxCount: 64) ?? []
        for (i, scope) in scopes.enumerated() where !Self.isScope(scope) {
            throw AppError.badRequest("scopes[\(i)]: must be ext:* or ext:<extension name>")
        }
        let expires = try body.time("expires_at")
        if let expires, expires.date <= Date() { throw AppError.badRequest("expires_at: must be in the future") }
        let (key, prefix) = Self.generate()
        var result = try await database.pool.withTransaction(tenant: tenant) { tx in
            let row: PostgresRow
            do {
                row = try await tx.query("""
                    INSERT INTO gateway_api_key (tenant_id, name, key_hash, key_prefix, scopes, created_by, expires_at)
                    VALUES ($1, $2, $3, $4, $5::text[], $6, $7) RETURNING \(Self.columns)
                    """, [.text(tenant), .text(name), .bytes(SHA256.hash(key)), .text(prefix), .textArray(scopes),
                          .text(audit.actor), expires.map { .timestamp($0.date) } ?? .null]).single("api key")
            } catch let error as AppError where error.postgres?.constraint == "gateway_api_key_tenant_name_key" {
                throw AppError(.apiKeyExists, status: 409, "this tenant already has an API key named \(Authenticator.shown(name))")
            }
            let json = try Self.json(row)
            try await AuditLog.tenant(audit, tenant: tenant, action: "api_key.created", targetType: "api_key",
                                      targetID: json["id"]?.stringValue,
                                      details: ["name": .string(name), "key_prefix": .string(prefix), "scopes": .strings(scopes)],
                                      in: tx)
            return json
        }
        result["key"] = .string(key)
        return result
    }

    func list(tenant: String) async throws -> [JSONValue] {
        try await database.pool.withTransaction(tenant: tenant, readOnly: true) { tx in
            try await tx.query("SELECT \(Self.columns) FROM gateway_api_key ORDER BY created_at, id LIMIT 1000")
                .map { .object(try Self.json($0)) }
        }
    }

    func revoke(tenant: String, id: String, audit: AuditContext) async throws -> JSONObject {
        guard UUIDString.isValid(id) else { throw Self.notFound(id) }
        return try await database.pool.withTransaction(tenant: tenant) { tx in
            guard let row = try await tx.query("""
                UPDATE gateway_api_key SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1::uuid RETURNING \(Self.columns)
                """, [.text(id)]).first else { throw Self.notFound(id) }
            let json = try Self.json(row)
            try await AuditLog.tenant(audit, tenant: tenant, action: "api_key.revoked", targetType: "api_key", targetID: id,
                                      details: ["name": json["name"] ?? .null], in: tx)
            return json
        }
    }

    /// `ak_<8 characters>_<43 characters>`: 32 random bytes of secret; the display prefix is `ak_<8 characters>`.
    static func generate() -> (key: String, prefix: String) {
        let prefix = "ak_" + String(base64URL(SecureRandom.bytes(6)))
        return (prefix + "_" + base64URL(SecureRandom.bytes(32)), prefix)
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        String(Base64.encode(bytes).compactMap { c -> Character? in
            switch c {
            case "+": "-"
            case "/": "_"
            case "=": nil
            default: c
            }
        })
    }

    static func isScope(_ s: String) -> Bool {
        guard s.hasPrefix("ext:") else { return false }
        let name = s.dropFirst(4)
        return name == "*" || ((3...128).contains(name.count) && name.contains(".")
            && name.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 0x2E || $0 == 0x2D })
    }

    static func json(_ row: PostgresRow) throws(AppError) -> JSONObject {
        [
            "id": .string(try row.decode("id")), "name": .string(try row.decode("name")),
            "key_prefix": .string(try row.decode("key_prefix")), "scopes": .stored(try row.decode("scopes"), fallback: []),
            "created_at": .time(Timestamp(try row.decode("created_at"))), "created_by": .string(try row.decode("created_by")),
            "expires_at": .time(try row.decode("expires_at", as: Date?.self).map(Timestamp.init)),
            "revoked_at": .time(try row.decode("revoked_at", as: Date?.self).map(Timestamp.init)),
            "last_used_at": .time(try row.decode("last_used_at", as: Date?.self).map(Timestamp.init)),
        ]
    }

    static func notFound(_ id: String) -> AppError {
        AppError(.apiKeyNotFound, status: 404, "this tenant has no API key \(Authenticator.shown(id))")
    }
}
