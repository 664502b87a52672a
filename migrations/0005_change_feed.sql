-- The change sequence behind GET /v1/internal/changes?since=<seq>. Triggers write one row per
-- change that affects resolution (installs, their config, versions, extensions, trust keys), and
-- NOTIFY channel `alga_changes` with the seq as payload on commit. NOTIFY only wakes consumers; a
-- consumer that was away catches up from its last seq.
--
-- Ordering: writers take one transaction-level advisory lock before drawing a seq, so seqs become
-- visible in commit order and a reader that has seen seq N will never later find a smaller one.
-- Change-producing writes are rare admin operations, so the serialisation costs nothing noticeable.
-- Not tenant-scoped: rows carry ids only (no config, no secrets); only the registry reads it.

CREATE TABLE change_seq (
    seq           bigserial PRIMARY KEY,
    occurred_at   timestamptz NOT NULL DEFAULT now(),
    kind          text NOT NULL CHECK (kind IN (
                      'extension.published', 'extension.killed', 'extension.revived',
                      'version.yanked', 'version.restored',
                      'install.created', 'install.updated', 'install.deleted', 'install.config_updated',
                      'key.added', 'key.revoked')),
    tenant_id     alga_tenant,
    registry_id   uuid,
    version_id    uuid,
    install_id    uuid,
    key_id        text,
    content_hash  alga_content_hash
);
CREATE INDEX change_seq_occurred_at_idx ON change_seq (occurred_at);

-- Advisory-lock key shared by every change writer.
CREATE FUNCTION alga_emit_change(p_kind text, p_tenant text, p_registry uuid, p_version uuid,
                                 p_install uuid, p_key text, p_hash text) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
DECLARE s bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(4242002);
    INSERT INTO change_seq (kind, tenant_id, registry_id, version_id, install_id, key_id, content_hash)
    VALUES (p_kind, p_tenant, p_registry, p_version, p_install, p_key, p_hash)
    RETURNING seq INTO s;
    PERFORM pg_notify('alga_changes', s::text);
END $$;
REVOKE ALL ON FUNCTION alga_emit_change(text, text, uuid, uuid, uuid, text, text) FROM PUBLIC;

-- Trigger functions are SECURITY DEFINER (owner alga_owner) so that service roles need no
-- privilege on change_seq; they only read OLD/NEW and cannot be called directly.
CREATE FUNCTION alga_change_on_install() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM alga_emit_change('install.created', NEW.tenant_id, NEW.registry_id, NEW.version_id, NEW.id, NULL, NULL);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM alga_emit_change('install.deleted', OLD.tenant_id, OLD.registry_id, OLD.version_id, OLD.id, NULL, NULL);
    ELSIF (NEW.version_id, NEW.enabled, NEW.granted_caps, NEW.egress_allowlist, NEW.limit_timeout_ms,
           NEW.limit_memory_mb, NEW.limit_fuel)
          IS DISTINCT FROM
          (OLD.version_id, OLD.enabled, OLD.granted_caps, OLD.egress_allowlist, OLD.limit_timeout_ms,
           OLD.limit_memory_mb, OLD.limit_fuel) THEN
        PERFORM alga_emit_change('install.updated', NEW.tenant_id, NEW.registry_id, NEW.version_id, NEW.id, NULL, NULL);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER tenant_extension_install_change AFTER INSERT OR UPDATE OR DELETE ON tenant_extension_install
    FOR EACH ROW EXECUTE FUNCTION alga_change_on_install();

CREATE FUNCTION alga_change_on_install_config() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    PERFORM alga_emit_change('install.config_updated', NEW.tenant_id, NULL, NULL, NEW.install_id, NULL, NULL);
    RETURN NULL;
END $$;
CREATE TRIGGER tenant_extension_install_config_change AFTER INSERT OR UPDATE ON tenant_extension_install_config
    FOR EACH ROW EXECUTE FUNCTION alga_change_on_install_config();

CREATE FUNCTION alga_change_on_version() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM alga_emit_change('extension.published', NULL, NEW.registry_id, NEW.id, NULL, NEW.signing_key_id, NEW.content_hash);
    ELSIF NEW.state IS DISTINCT FROM OLD.state THEN
        PERFORM alga_emit_change(CASE NEW.state WHEN 'yanked' THEN 'version.yanked' ELSE 'version.restored' END,
                                 NULL, NEW.registry_id, NEW.id, NULL, NULL, NEW.content_hash);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER extension_version_change AFTER INSERT OR UPDATE ON extension_version
    FOR EACH ROW EXECUTE FUNCTION alga_change_on_version();

CREATE FUNCTION alga_change_on_registry() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF NEW.state IS DISTINCT FROM OLD.state THEN
        PERFORM alga_emit_change(CASE NEW.state WHEN 'killed' THEN 'extension.killed' ELSE 'extension.revived' END,
                                 NULL, NEW.id, NULL, NULL, NULL, NULL);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER extension_registry_change AFTER UPDATE ON extension_registry
    FOR EACH ROW EXECUTE FUNCTION alga_change_on_registry();

CREATE FUNCTION alga_change_on_publisher_key() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM alga_emit_change('key.added', NULL, NULL, NULL, NULL, NEW.key_id, NULL);
    ELSIF NEW.revoked_at IS DISTINCT FROM OLD.revoked_at AND NEW.revoked_at IS NOT NULL THEN
        PERFORM alga_emit_change('key.revoked', NULL, NULL, NULL, NULL, NEW.key_id, NULL);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER publisher_key_change AFTER INSERT OR UPDATE ON publisher_key
    FOR EACH ROW EXECUTE FUNCTION alga_change_on_publisher_key();
