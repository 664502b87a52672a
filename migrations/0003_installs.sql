-- Tenant-owned install tables. Every table here carries tenant_id and gets row-level security in
-- 0007. Child tables reference installs by (tenant_id, install_id), so a child row can never point
-- at another tenant's install even if the application passed the wrong id.

CREATE TABLE tenant_extension_install (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id           alga_tenant NOT NULL,
    registry_id         uuid NOT NULL,
    version_id          uuid NOT NULL,
    -- Effective grants; the registry checks grants ⊆ the version's capabilities.
    granted_caps        alga_capability_set NOT NULL DEFAULT '{}',
    enabled             boolean NOT NULL DEFAULT true,
    disabled_reason     text CHECK (disabled_reason IN ('admin', 'key_revoked', 'extension_killed')),
    -- Egress allowlist entries ("https://api.example.com:443", "https://*.example.com"); empty = deny all.
    egress_allowlist    text[] NOT NULL DEFAULT '{}'
                        CHECK (cardinality(egress_allowlist) <= 64 AND array_position(egress_allowlist, NULL) IS NULL),
    -- Per-install limits; NULL = the platform default.
    limit_timeout_ms    integer CHECK (limit_timeout_ms BETWEEN 1 AND 300000),
    limit_memory_mb     integer CHECK (limit_memory_mb BETWEEN 1 AND 4096),
    limit_fuel          bigint CHECK (limit_fuel > 0),
    -- KV storage quotas, enforced by the extension_kv_usage trigger (0004).
    kv_max_keys         bigint NOT NULL DEFAULT 10000 CHECK (kv_max_keys >= 0),
    kv_max_value_bytes  integer NOT NULL DEFAULT 262144 CHECK (kv_max_value_bytes BETWEEN 0 AND 1048576),
    kv_max_total_bytes  bigint NOT NULL DEFAULT 67108864 CHECK (kv_max_total_bytes >= 0),
    installed_by        text NOT NULL CHECK (length(installed_by) BETWEEN 1 AND 256),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    -- One install (one pinned version) per tenant per extension.
    CONSTRAINT tenant_extension_install_tenant_registry_key UNIQUE (tenant_id, registry_id),
    CONSTRAINT tenant_extension_install_tenant_id_key UNIQUE (tenant_id, id),
    -- The pinned version must belong to the installed extension.
    CONSTRAINT tenant_extension_install_version_fkey FOREIGN KEY (registry_id, version_id)
        REFERENCES extension_version (registry_id, id) ON DELETE RESTRICT,
    CONSTRAINT tenant_extension_install_disabled_check CHECK (enabled = (disabled_reason IS NULL))
);
CREATE INDEX tenant_extension_install_version_idx ON tenant_extension_install (version_id);
CREATE TRIGGER tenant_extension_install_touch BEFORE UPDATE ON tenant_extension_install
    FOR EACH ROW EXECUTE FUNCTION alga_touch_updated_at();

-- Install configuration (non-secret). config_version increases on every write; the runner and the
-- gateway use it to detect stale caches.
CREATE TABLE tenant_extension_install_config (
    install_id      uuid PRIMARY KEY,
    tenant_id       alga_tenant NOT NULL,
    config          jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(config) = 'object'
                                                       AND pg_column_size(config) <= 65536),
    config_version  bigint NOT NULL DEFAULT 1 CHECK (config_version > 0),
    updated_by      text NOT NULL CHECK (length(updated_by) BETWEEN 1 AND 256),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tenant_extension_install_config_install_fkey FOREIGN KEY (tenant_id, install_id)
        REFERENCES tenant_extension_install (tenant_id, id) ON DELETE CASCADE
);
CREATE FUNCTION alga_bump_config_version() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.config_version := OLD.config_version + 1;
    NEW.updated_at := now();
    RETURN NEW;
END $$;
CREATE TRIGGER tenant_extension_install_config_version BEFORE UPDATE ON tenant_extension_install_config
    FOR EACH ROW EXECUTE FUNCTION alga_bump_config_version();

-- Install secrets, one row per name. AES-256-GCM happens in the registry: ciphertext includes the
-- 16-byte tag; the associated data binds tenant_id + install_id + name; key_version names the
-- key-encryption key so rotation can re-encrypt row by row while old versions still decrypt.
CREATE TABLE tenant_extension_install_secret (
    tenant_id    alga_tenant NOT NULL,
    install_id   uuid NOT NULL,
    name         text NOT NULL CHECK (name ~ '^[A-Za-z0-9_.-]{1,128}$'),
    ciphertext   bytea NOT NULL CHECK (octet_length(ciphertext) BETWEEN 16 AND 65552),
    nonce        bytea NOT NULL CHECK (octet_length(nonce) = 12),
    key_version  integer NOT NULL CHECK (key_version > 0),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, install_id, name),
    CONSTRAINT tenant_extension_install_secret_install_fkey FOREIGN KEY (tenant_id, install_id)
        REFERENCES tenant_extension_install (tenant_id, id) ON DELETE CASCADE,
    -- A GCM nonce must never repeat under one key: a reuse is refused, not silently stored.
    CONSTRAINT tenant_extension_install_secret_nonce_key UNIQUE (key_version, nonce)
);
CREATE INDEX tenant_extension_install_secret_install_idx ON tenant_extension_install_secret (install_id);
CREATE TRIGGER tenant_extension_install_secret_touch BEFORE UPDATE ON tenant_extension_install_secret
    FOR EACH ROW EXECUTE FUNCTION alga_touch_updated_at();

-- Event topics an install handles (from the manifest's `events`, needs grant events.subscribe).
CREATE TABLE extension_event_subscription (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   alga_tenant NOT NULL,
    install_id  uuid NOT NULL,
    topic       text NOT NULL CHECK (topic ~ '^[a-z0-9]+([._-][a-z0-9]+)*$' AND length(topic) <= 128),
    handler     text NOT NULL CHECK (length(handler) BETWEEN 1 AND 256),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT extension_event_subscription_install_topic_key UNIQUE (install_id, topic),
    CONSTRAINT extension_event_subscription_install_fkey FOREIGN KEY (tenant_id, install_id)
        REFERENCES tenant_extension_install (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX extension_event_subscription_topic_idx ON extension_event_subscription (tenant_id, topic);

-- Who changed what, when, from where, inside one tenant (installs, grants, config, secrets by
-- name, API keys). Append-only: services get INSERT and SELECT only. No foreign keys, so the
-- trail outlives what it describes.
CREATE TABLE tenant_admin_audit_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id    alga_tenant NOT NULL,
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    actor        text NOT NULL CHECK (length(actor) BETWEEN 1 AND 256),
    actor_ip     inet,
    request_id   text CHECK (length(request_id) <= 128),
    action       text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$'),
    target_type  text NOT NULL CHECK (length(target_type) BETWEEN 1 AND 64),
    target_id    text CHECK (length(target_id) <= 256),
    -- Never secret values: names and ids only.
    details      jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object')
);
CREATE INDEX tenant_admin_audit_log_tenant_time_idx ON tenant_admin_audit_log (tenant_id, occurred_at DESC, id DESC);
