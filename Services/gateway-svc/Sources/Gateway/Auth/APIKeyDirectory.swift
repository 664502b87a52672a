import Foundation
import HTTPCore
import Postgres
import Shared
import Synchronization

/// Tenant API keys: SHA-256 of the key → tenant, scopes and expiry, looked up through the
/// audited cross-tenant function `alga_api_key_lookup` and cached for a short time (unknown
/// keys for a shorter one). Revocations reach the cache through the change feed
/// (`api_key.revoked`, `evict(keyID:)`). `last_used_at` is written in batches, never per request.
final class APIKeyDirectory: Sendable {
    enum Cached: Sendable {
        case valid(Principal)
        case invalid
        case unknown
    }

    private struct Entry {
        var principal: Principal?
        var validUntil: UInt64
    }

    private let pool: PostgresPool?
    private let ttlNanos: UInt64
    private let negativeTTLNanos: UInt64
    private let entries = Mutex<[TokenDigest: Entry]>([:])
    private let used = Mutex<[String: String]>([:])  // key id → tenant
    private let maxEntries = 100_000
    private let logger: Logger
    let lookups: Counter

    init(pool: PostgresPool?, settings: AuthSettings, metrics: MetricsRegistry, logger: Logger) {
        self.pool = pool
        ttlNanos = UInt64(settings.apiKeyCacheMilliseconds) * 1_000_000
        negativeTTLNanos = UInt64(settings.apiKeyNegativeCacheMilliseconds) * 1_000_000
        self.logger = logger
        lookups = metrics.counter("gateway_api_key_lookups_total", help: "API key lookups that went to the database.")
    }

    /// The cached answer for `key` (no I/O; safe on network threads).
    func cached(_ digest: TokenDigest, now: UInt64, unixNow: Int64) -> Cached {
        entries.withLock { map -> Cached in
            guard let e = map[digest] else { return .unknown }
            guard now < e.validUntil else {
                map[digest] = nil
                return .unknown
            }
            guard let p = e.principal else { return .invalid }
            if let exp = p.expiresAt, unixNow >= exp { return .invalid }
            return .valid(p)
        }
    }

    /// Looks `key` up in the database and caches the answer. Throws 401 `invalid_api_key`, or 503
    /// when the database is unavailable (authentication fails closed).
    func lookup(_ key: String, digest: TokenDigest) async throws -> Principal {
        guard let pool else {
            throw AppError(.unavailable, status: 503, "API keys need the gateway's database (DATABASE_URL)")
        }
        lookups.inc()
        let hash = SHA256.hash(key)
        let row = try await pool.withTransaction(tenant: nil, readOnly: true) { tx in
            try await tx.query("""
                SELECT key_id::text AS key_id, tenant_id, array_to_json(scopes)::text AS scopes,
                       extract(epoch FROM expires_at)::bigint AS expires_at
                  FROM alga_api_key_lookup($1)
                """, [.bytes(hash)]).first
        }
        let now = Now.nanoseconds()
        guard let row else {
            store(digest, nil, until: now + negativeTTLNanos)
            throw AuthError.invalidAPIKey()
        }
        let scopesText: String = try row.decode("scopes")
        let scopes = (try? JSONValue.parse(scopesText))?.arrayValue?.compactMap(\.stringValue) ?? []
        let principal = Principal(kind: .apiKey, tenantID: try row.decode("tenant_id"), apiKeyID: try row.decode("key_id"),
                                  scopes: scopes, expiresAt: try row.decode("expires_at", as: Int64?.self))
        store(digest, principal, until: now + ttlNanos)
        return principal
    }

    private func store(_ digest: TokenDigest, _ principal: Principal?, until: UInt64) {
        entries.withLock { map in
            if map.count >= maxEntries { map.removeAll(keepingCapacity: true) }
            map[digest] = Entry(principal: principal, validUntil: until)
        }
    }

    /// Drops every cached entry of `keyID` (a revocation from the change feed).
    func evict(keyID: String) {
        entries.withLock { map in map = map.filter { $0.value.principal?.apiKeyID != keyID } }
    }

    /// Drops the whole cache (the change feed asked for a resynchronisation).
    func clear() { entries.withLock { $0.removeAll() } }

    /// Remembers that `principal`'s key was used; `flushLastUsed` writes it.
    func noteUsed(_ principal: Principal) {
        guard let id = principal.apiKeyID else { return }
        if used.withLock({ $0[id] }) == nil { used.withLock { $0[id] = principal.tenantID } }
    }

    /// Writes `last_used_at` of the keys used since the last flush, one transaction per tenant.
    func flushLastUsed() async {
        guard let pool else { return }
        let batch = used.withLock { u -> [String: String] in
            defer { u.removeAll() }
            return u
        }
        let byTenant = Dictionary(grouping: batch, by: \.value).mapValues { $0.map(\.key) }
        for (tenant, ids) in byTenant {
            do {
                try await pool.withTransaction(tenant: tenant) { tx in
                    try await tx.execute("UPDATE gateway_api_key SET last_used_at = now() WHERE id = ANY($1::uuid[])",
                                         [.textArray(ids)])
                }
            } catch {
                logger.notice("api key last_used_at update failed", ["ext.tenant_id": .string(tenant),
                                                                      "error": .string(AppError.wrapping(error).message)])
            }
        }
    }
}
