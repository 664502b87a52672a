-- Row-level security on every tenant-owned table, enabled and FORCED (so even the owner is
-- subject to it). One policy per table for all commands: a row is visible and writable only when
-- its tenant_id equals the transaction's `app.tenant_id` setting, which the Postgres library sets
-- with set_config('app.tenant_id', $1, true) at the start of every transaction. With no tenant
-- set the setting is NULL or '' and, because alga_tenant is never empty, nothing matches: reads
-- return zero rows and writes fail the WITH CHECK.
--
-- Global tables (extension_registry, extension_version, extension_bundle, extension_bundle_entry,
-- publisher_key, platform_audit_log, change_seq) are intentionally not tenant-scoped.

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
        'tenant_extension_install', 'tenant_extension_install_config', 'tenant_extension_install_secret',
        'extension_event_subscription', 'tenant_admin_audit_log', 'extension_kv_record', 'extension_kv_usage',
        'gateway_api_key', 'extension_execution_log', 'extension_execution_log_default', 'extension_quota_usage',
        'gateway_idempotency_record', 'extension_event_outbox', 'extension_event_delivery']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
                          USING (tenant_id = current_setting('app.tenant_id', true))
                          WITH CHECK (tenant_id = current_setting('app.tenant_id', true))$p$, t);
    END LOOP;
END $$;

-- Guard: a tenant_id column on a table without forced RLS is a migration bug. Later migrations
-- that add tenant tables repeat this check (see docs/data-model.md).
DO $$
DECLARE
    missing text;
BEGIN
    SELECT string_agg(c.relname, ', ') INTO missing
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
     WHERE c.relkind IN ('r', 'p') AND c.relname <> 'change_seq'
       AND NOT (c.relrowsecurity AND c.relforcerowsecurity);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'tenant tables without forced row-level security: %', missing;
    END IF;
END $$;
