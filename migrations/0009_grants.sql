-- Privileges per service role: the access matrix of ARCHITECTURE.md. Service roles own nothing and
-- lack BYPASSRLS, so every tenant-table access below is additionally filtered by RLS (0007).
-- runner-svc and assets-svc never reach Postgres: they have no role at all.

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO alga_registry, alga_gateway;

-- registry-svc: owner of the registry's data (but not of the schema).
GRANT SELECT, INSERT, UPDATE ON extension_registry, extension_version, publisher_key TO alga_registry;
-- Bundle rows may be deleted when a publish is abandoned; referenced bundles are protected by FKs.
GRANT SELECT, INSERT, UPDATE, DELETE ON extension_bundle, extension_bundle_entry TO alga_registry;
GRANT SELECT, INSERT ON platform_audit_log, tenant_admin_audit_log TO alga_registry;
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_extension_install, tenant_extension_install_config,
    tenant_extension_install_secret, extension_event_subscription, extension_kv_record TO alga_registry;
-- Usage rows are maintained by the KV trigger, which runs as the writer.
GRANT SELECT, INSERT, UPDATE ON extension_kv_usage TO alga_registry;
GRANT SELECT ON change_seq TO alga_registry;
GRANT SELECT, INSERT, DELETE ON gateway_api_key TO alga_registry;
GRANT UPDATE (name, scopes, expires_at, revoked_at) ON gateway_api_key TO alga_registry;
GRANT EXECUTE ON FUNCTION alga_disable_installs_signed_by(text, timestamptz),
    alga_secret_refs_below_key_version(integer, integer), alga_prune_change_seq(interval) TO alga_registry;

-- gateway-svc: its own tables, plus the reads the event fan-out needs.
GRANT SELECT, INSERT ON extension_execution_log TO alga_gateway;
GRANT USAGE ON SEQUENCE extension_execution_log_id_seq TO alga_gateway;
GRANT SELECT, INSERT, UPDATE ON extension_quota_usage TO alga_gateway;
GRANT SELECT, INSERT, UPDATE, DELETE ON gateway_idempotency_record TO alga_gateway;
GRANT SELECT, INSERT ON extension_event_outbox TO alga_gateway;
GRANT SELECT, INSERT, UPDATE ON extension_event_delivery TO alga_gateway;
GRANT SELECT ON extension_event_subscription TO alga_gateway;
GRANT SELECT (id, tenant_id, registry_id, version_id, enabled) ON tenant_extension_install TO alga_gateway;
GRANT SELECT (id, tenant_id, name, key_prefix, scopes, created_at, expires_at, revoked_at, last_used_at)
    ON gateway_api_key TO alga_gateway;
GRANT UPDATE (last_used_at) ON gateway_api_key TO alga_gateway;
GRANT EXECUTE ON FUNCTION alga_api_key_lookup(bytea), alga_claim_event_deliveries(integer, integer),
    alga_purge_gateway_rows(interval, interval, interval, integer),
    alga_maintain_execution_log(integer, integer) TO alga_gateway;
