-- Tenant API keys in the change feed, so gateways drop a revoked (or narrowed, or deleted) key
-- from their lookup caches within the feed's latency instead of at their cache TTL. Only the
-- fields that decide whether a key authenticates produce a change; the gateway's batched
-- last_used_at updates do not.

ALTER TABLE change_seq DROP CONSTRAINT change_seq_kind_check;
ALTER TABLE change_seq ADD CONSTRAINT change_seq_kind_check CHECK (kind IN (
    'extension.published', 'extension.killed', 'extension.revived',
    'version.yanked', 'version.restored',
    'install.created', 'install.updated', 'install.deleted', 'install.config_updated',
    'key.added', 'key.revoked',
    'api_key.updated', 'api_key.deleted'));

-- key_id carries the API key's id (a UUID as text); tenant_id its tenant.
CREATE FUNCTION alga_change_on_api_key() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM alga_emit_change('api_key.deleted', OLD.tenant_id, NULL, NULL, NULL, OLD.id::text, NULL);
    ELSIF (NEW.revoked_at, NEW.expires_at, NEW.scopes) IS DISTINCT FROM (OLD.revoked_at, OLD.expires_at, OLD.scopes) THEN
        PERFORM alga_emit_change('api_key.updated', NEW.tenant_id, NULL, NULL, NULL, NEW.id::text, NULL);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER gateway_api_key_change AFTER UPDATE OF revoked_at, expires_at, scopes OR DELETE ON gateway_api_key
    FOR EACH ROW EXECUTE FUNCTION alga_change_on_api_key();
