import Foundation
import Postgres
import Shared

/// Rows for one tenant in every tenant-owned table, written the way the services will write
/// them (registry role for registry data, gateway role for gateway data), under RLS.
struct TenantFixture: Sendable {
    let tenant: String
    let registryID: String
    let versionID: String
    let installID: String

    /// The tenant tables this fixture fills; RLS tests require it to cover every tenant table.
    static let tables = [
        "tenant_extension_install", "tenant_extension_install_config", "tenant_extension_install_secret",
        "extension_event_subscription", "tenant_admin_audit_log", "extension_kv_record", "extension_kv_usage",
        "gateway_api_key", "extension_execution_log", "extension_quota_usage", "gateway_idempotency_record",
        "extension_event_outbox", "extension_event_delivery",
    ]

    /// A published extension (global rows), as the registry writes it.
    static func publish(_ db: ScratchDatabase, name: String = "com.example.ext" + uniqueSuffix(),
                        capabilities: [String] = ["storage.kv", "events.subscribe"]) async throws -> (String, String) {
        try await db.registry.withTransaction(tenant: nil) { tx in
            let hash = "sha256:" + Hex.encode(SHA256.hash(name))
            try await tx.execute("""
                INSERT INTO extension_bundle (content_hash, size_bytes, uncompressed_bytes, entry_count, storage_key)
                VALUES ($1, 100, 200, 1, $2)
                """, [.text(hash), .text("bundles/" + hash)])
            let registryID: String = try await tx.query(
                "INSERT INTO extension_registry (publisher, name) VALUES ('acme', $1) RETURNING id",
                [.text(name)]).single().decode("id")
            let versionID: String = try await tx.query("""
                INSERT INTO extension_version (registry_id, version, content_hash, runtime, manifest, capabilities, published_by)
                VALUES ($1, '1.0.0', $2, 'wasm@1', $3, $4, 'publisher:acme') RETURNING id
                """, [.uuid(registryID), .text(hash), .jsonb(#"{"name":"\#(name)"}"#), .textArray(capabilities)])
                .single().decode("id")
            return (registryID, versionID)
        }
    }

    static func seed(_ db: ScratchDatabase, tenant: String, registryID: String, versionID: String) async throws
        -> TenantFixture
    {
        let installID: String = try await db.registry.withTransaction(tenant: tenant) { tx in
            let id: String = try await tx.query("""
                INSERT INTO tenant_extension_install (tenant_id, registry_id, version_id, granted_caps, installed_by)
                VALUES ($1, $2, $3, '{storage.kv}', 'admin@\(tenant)') RETURNING id
                """, [.text(tenant), .uuid(registryID), .uuid(versionID)]).single().decode("id")
            try await tx.execute("""
                INSERT INTO tenant_extension_install_config (install_id, tenant_id, config, updated_by)
                VALUES ($1, $2, '{"greeting":"hi"}', 'admin')
                """, [.uuid(id), .text(tenant)])
            try await tx.execute("""
                INSERT INTO tenant_extension_install_secret (tenant_id, install_id, name, ciphertext, nonce, key_version)
                VALUES ($1, $2, 'api_token', $3, $4, 1)
                """, [.text(tenant), .uuid(id), .bytes(SecureRandom.bytes(32)), .bytes(SecureRandom.bytes(12))])
            try await tx.execute("""
                INSERT INTO extension_event_subscription (tenant_id, install_id, topic, handler)
                VALUES ($1, $2, 'ticket.created', 'onTicket')
                """, [.text(tenant), .uuid(id)])
            try await tx.execute("""
                INSERT INTO tenant_admin_audit_log (tenant_id, actor, action, target_type, target_id)
                VALUES ($1, 'admin', 'install.create', 'install', $2)
                """, [.text(tenant), .text(id)])
            try await tx.execute("""
                INSERT INTO extension_kv_record (tenant_id, install_id, key, value) VALUES ($1, $2, 'counter', $3)
                """, [.text(tenant), .uuid(id), .bytes([1, 2, 3])])
            try await tx.execute("""
                INSERT INTO gateway_api_key (tenant_id, name, key_hash, key_prefix, created_by)
                VALUES ($1, 'ci', $2, 'ak_test', 'admin')
                """, [.text(tenant), .bytes(SHA256.hash("key-of-" + tenant))])
            return id
        }
        try await db.gateway.withTransaction(tenant: tenant) { tx in
            try await tx.execute("""
                INSERT INTO extension_execution_log (started_at, tenant_id, request_id, registry_id, install_id,
                    version_id, endpoint_method, endpoint_path, http_status, duration_us)
                VALUES (now(), $1, $2, $3, $4, $5, 'GET', '/hello', 200, 1234)
                """, [.text(tenant), .text("req-" + uniqueSuffix()), .uuid(registryID), .uuid(installID), .uuid(versionID)])
            try await tx.execute("""
                INSERT INTO extension_quota_usage (tenant_id, registry_id, window_seconds, window_start, invocations)
                VALUES ($1, $2, 60, date_trunc('minute', now()), 1)
                """, [.text(tenant), .uuid(registryID)])
            try await tx.execute("""
                INSERT INTO gateway_idempotency_record (tenant_id, registry_id, idempotency_key, request_fingerprint,
                    lease_until, expires_at)
                VALUES ($1, $2, 'key-1', $3, now() + interval '30 seconds', now() + interval '1 day')
                """, [.text(tenant), .uuid(registryID), .bytes(SHA256.hash("POST /x"))])
            let eventID: String = try await tx.query("""
                INSERT INTO extension_event_outbox (tenant_id, topic, payload) VALUES ($1, 'ticket.created', '{"id":1}')
                RETURNING id
                """, [.text(tenant)]).single().decode("id")
            try await tx.execute("""
                INSERT INTO extension_event_delivery (tenant_id, event_id, install_id, handler) VALUES ($1, $2, $3, 'onTicket')
                """, [.text(tenant), .uuid(eventID), .uuid(installID)])
        }
        return TenantFixture(tenant: tenant, registryID: registryID, versionID: versionID, installID: installID)
    }
}
