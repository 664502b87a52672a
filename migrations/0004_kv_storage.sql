-- Per-install key-value storage (alga.storage.*) and its usage counters. Revisions and usage are
-- maintained by triggers, so compare-and-set and quotas hold under concurrent writers whatever
-- the application does; a quota overflow raises SQLSTATE 'AQ001' (mapped to `quota_exceeded`).

CREATE TABLE extension_kv_record (
    tenant_id    alga_tenant NOT NULL,
    install_id   uuid NOT NULL,
    -- Byte order ("C") so prefix scans and cursors are plain index range scans.
    key          text COLLATE "C" NOT NULL CHECK (octet_length(key) BETWEEN 1 AND 1024),
    value        bytea NOT NULL CHECK (octet_length(value) <= 1048576),
    -- Starts at 1 and grows by one per write (trigger); the compare-and-set token.
    revision     bigint NOT NULL DEFAULT 1 CHECK (revision >= 1),
    key_bytes    integer GENERATED ALWAYS AS (octet_length(key)) STORED,
    value_bytes  integer GENERATED ALWAYS AS (octet_length(value)) STORED,
    expires_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, install_id, key),
    CONSTRAINT extension_kv_record_install_fkey FOREIGN KEY (tenant_id, install_id)
        REFERENCES tenant_extension_install (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX extension_kv_record_expires_idx ON extension_kv_record (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE extension_kv_usage (
    tenant_id    alga_tenant NOT NULL,
    install_id   uuid NOT NULL,
    key_count    bigint NOT NULL DEFAULT 0 CHECK (key_count >= 0),
    -- Sum of key and value bytes.
    total_bytes  bigint NOT NULL DEFAULT 0 CHECK (total_bytes >= 0),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, install_id),
    CONSTRAINT extension_kv_usage_install_fkey FOREIGN KEY (tenant_id, install_id)
        REFERENCES tenant_extension_install (tenant_id, id) ON DELETE CASCADE
);

CREATE FUNCTION alga_kv_record_revision() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.revision := 1;
        NEW.created_at := now();
    ELSE
        IF (NEW.tenant_id, NEW.install_id, NEW.key) IS DISTINCT FROM (OLD.tenant_id, OLD.install_id, OLD.key) THEN
            RAISE EXCEPTION 'a KV record''s identity cannot change' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        NEW.revision := OLD.revision + 1;
        NEW.created_at := OLD.created_at;
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END $$;
CREATE TRIGGER extension_kv_record_revision BEFORE INSERT OR UPDATE ON extension_kv_record
    FOR EACH ROW EXECUTE FUNCTION alga_kv_record_revision();

-- Applies the write's delta to the usage row (locking it, so concurrent writers serialise per
-- install) and checks the install's quotas. Runs as the writing role, under its RLS.
CREATE FUNCTION alga_kv_usage_apply() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    d_keys   bigint := 0;
    d_bytes  bigint := 0;
    t        text;
    i        uuid;
    usage    extension_kv_usage%ROWTYPE;
    quota    record;
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        d_keys := d_keys + 1;
        d_bytes := d_bytes + NEW.key_bytes + NEW.value_bytes;
        t := NEW.tenant_id; i := NEW.install_id;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        d_keys := d_keys - 1;
        d_bytes := d_bytes - OLD.key_bytes - OLD.value_bytes;
        t := OLD.tenant_id; i := OLD.install_id;
    END IF;
    IF TG_OP = 'DELETE' THEN
        -- No insert here: during an uninstall cascade the usage row is going away too.
        UPDATE extension_kv_usage SET key_count = key_count + d_keys, total_bytes = total_bytes + d_bytes,
                                      updated_at = now()
         WHERE tenant_id = t AND install_id = i;
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        -- A plain UPDATE: an upsert would check its (possibly negative) proposed row first.
        UPDATE extension_kv_usage SET total_bytes = total_bytes + d_bytes, updated_at = now()
         WHERE tenant_id = t AND install_id = i
        RETURNING * INTO usage;
    ELSE
        INSERT INTO extension_kv_usage AS u (tenant_id, install_id, key_count, total_bytes)
        VALUES (t, i, d_keys, d_bytes)
        ON CONFLICT (tenant_id, install_id) DO UPDATE
            SET key_count = u.key_count + EXCLUDED.key_count, total_bytes = u.total_bytes + EXCLUDED.total_bytes,
                updated_at = now()
        RETURNING * INTO usage;
    END IF;
    SELECT kv_max_keys, kv_max_value_bytes, kv_max_total_bytes INTO quota
      FROM tenant_extension_install WHERE tenant_id = t AND id = i;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'install % not found for KV write', i USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF NEW.value_bytes > quota.kv_max_value_bytes THEN
        RAISE EXCEPTION 'KV value of % bytes exceeds the install''s limit of % bytes', NEW.value_bytes,
            quota.kv_max_value_bytes USING ERRCODE = 'AQ001';
    END IF;
    IF d_keys > 0 AND usage.key_count > quota.kv_max_keys THEN
        RAISE EXCEPTION 'KV key count quota of % keys exceeded', quota.kv_max_keys USING ERRCODE = 'AQ001';
    END IF;
    IF d_bytes > 0 AND usage.total_bytes > quota.kv_max_total_bytes THEN
        RAISE EXCEPTION 'KV storage quota of % bytes exceeded', quota.kv_max_total_bytes USING ERRCODE = 'AQ001';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER extension_kv_record_usage AFTER INSERT OR UPDATE OR DELETE ON extension_kv_record
    FOR EACH ROW EXECUTE FUNCTION alga_kv_usage_apply();
