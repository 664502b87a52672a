-- Global registry tables: extensions, immutable versions, content-addressed bundles, publisher
-- trust keys and the platform (non-tenant) admin audit. Not tenant-scoped: every tenant may see
-- what is published; only alga_registry writes them.

CREATE TABLE extension_registry (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- Publisher namespace; a publisher may publish only names in its own namespace.
    publisher     text NOT NULL CHECK (publisher ~ '^[a-z0-9][a-z0-9._-]{0,127}$'),
    -- Reverse-DNS name, lower case (manifest `name`).
    name          text NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)+$'
                                       AND length(name) <= 255),
    display_name  text CHECK (length(display_name) <= 200),
    description   text CHECK (length(description) <= 4000),
    -- `killed` = globally disabled: no tenant can resolve or install it.
    state         text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'killed')),
    killed_at     timestamptz,
    kill_reason   text CHECK (length(kill_reason) <= 1000),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT extension_registry_publisher_name_key UNIQUE (publisher, name),
    CONSTRAINT extension_registry_killed_at_check CHECK ((state = 'killed') = (killed_at IS NOT NULL))
);
CREATE TRIGGER extension_registry_touch BEFORE UPDATE ON extension_registry
    FOR EACH ROW EXECUTE FUNCTION alga_touch_updated_at();

-- One row per distinct archive: the same bytes may back several versions.
CREATE TABLE extension_bundle (
    content_hash        alga_content_hash PRIMARY KEY,
    size_bytes          bigint NOT NULL CHECK (size_bytes > 0),
    uncompressed_bytes  bigint NOT NULL CHECK (uncompressed_bytes >= 0),
    entry_count         integer NOT NULL CHECK (entry_count >= 0),
    -- Object-store key of the archive.
    storage_key         text NOT NULL UNIQUE CHECK (length(storage_key) BETWEEN 1 AND 1024),
    created_at          timestamptz NOT NULL DEFAULT now()
);

-- The entry index of a bundle (the archive's files), used by the assets path and for audits.
CREATE TABLE extension_bundle_entry (
    content_hash  alga_content_hash NOT NULL REFERENCES extension_bundle (content_hash) ON DELETE CASCADE,
    path          text NOT NULL CHECK (length(path) BETWEEN 1 AND 1024
                                       AND path !~ '(^/|(^|/)\.\.?(/|$)|//|\\)'),
    size_bytes    bigint NOT NULL CHECK (size_bytes >= 0),
    sha256        bytea NOT NULL CHECK (octet_length(sha256) = 32),
    PRIMARY KEY (content_hash, path)
);

-- Trust bundle: publisher signing keys (Ed25519) with validity windows and revocation.
-- Several keys per publisher, so keys rotate without re-signing old versions.
CREATE TABLE publisher_key (
    key_id             text PRIMARY KEY CHECK (key_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$'),
    publisher          text NOT NULL CHECK (publisher ~ '^[a-z0-9][a-z0-9._-]{0,127}$'),
    algorithm          text NOT NULL DEFAULT 'ed25519' CHECK (algorithm = 'ed25519'),
    public_key         bytea NOT NULL UNIQUE CHECK (octet_length(public_key) = 32),
    valid_from         timestamptz NOT NULL,
    valid_until        timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    created_by         text NOT NULL,
    -- Signatures over versions published at or after revoked_at are no longer covered.
    revoked_at         timestamptz,
    revoked_by         text,
    revocation_reason  text CHECK (length(revocation_reason) <= 1000),
    CONSTRAINT publisher_key_window_check CHECK (valid_until IS NULL OR valid_until > valid_from),
    CONSTRAINT publisher_key_revocation_check CHECK ((revoked_at IS NULL) = (revoked_by IS NULL)
                                                     AND (revoked_at IS NOT NULL OR revocation_reason IS NULL))
);
CREATE INDEX publisher_key_publisher_idx ON publisher_key (publisher);

-- Immutable published versions: (registry, version) is published once; only `state` changes (yank).
CREATE TABLE extension_version (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    registry_id         uuid NOT NULL REFERENCES extension_registry (id) ON DELETE RESTRICT,
    -- SemVer 2.0.0.
    version             text NOT NULL CHECK (length(version) <= 128 AND version ~
        '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$'),
    -- Numeric parts for ordering ("latest"); numeric because SemVer parts are unbounded.
    semver_major        numeric GENERATED ALWAYS AS (substring(version FROM '^([0-9]+)')::numeric) STORED,
    semver_minor        numeric GENERATED ALWAYS AS (substring(version FROM '^[0-9]+\.([0-9]+)')::numeric) STORED,
    semver_patch        numeric GENERATED ALWAYS AS (substring(version FROM '^[0-9]+\.[0-9]+\.([0-9]+)')::numeric) STORED,
    semver_prerelease   text GENERATED ALWAYS AS (substring(version FROM '^[0-9.]+-([^+]+)')) STORED,
    content_hash        alga_content_hash NOT NULL REFERENCES extension_bundle (content_hash) ON DELETE RESTRICT,
    -- Detached Ed25519 signature over the content hash; both NULL only in explicit development mode.
    signature           bytea CHECK (octet_length(signature) = 64),
    signing_key_id      text REFERENCES publisher_key (key_id) ON DELETE RESTRICT,
    runtime             text NOT NULL CHECK (runtime ~ '^[a-z][a-z0-9]*@[0-9]+$'),
    manifest            jsonb NOT NULL CHECK (jsonb_typeof(manifest) = 'object'),
    capabilities        alga_capability_set NOT NULL DEFAULT '{}',
    -- Manifest api.endpoints: [{method, path, handler}].
    endpoints           jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(endpoints) = 'array'),
    -- Publisher precompiled artifacts by target triple: {"x86_64-unknown-linux-gnu": "precompiled/..."}.
    precompiled         jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(precompiled) = 'object'),
    state               text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'yanked')),
    yanked_at           timestamptz,
    yank_reason         text CHECK (length(yank_reason) <= 1000),
    published_at        timestamptz NOT NULL DEFAULT now(),
    published_by        text NOT NULL,
    CONSTRAINT extension_version_registry_version_key UNIQUE (registry_id, version),
    -- Target of the installs' (registry_id, version_id) foreign key: an install's version must
    -- belong to the installed extension.
    CONSTRAINT extension_version_registry_id_id_key UNIQUE (registry_id, id),
    CONSTRAINT extension_version_signed_check CHECK ((signature IS NULL) = (signing_key_id IS NULL)),
    CONSTRAINT extension_version_yank_state_check CHECK ((state = 'yanked') = (yanked_at IS NOT NULL))
);
CREATE INDEX extension_version_content_hash_idx ON extension_version (content_hash);
CREATE INDEX extension_version_signing_key_idx ON extension_version (signing_key_id);
CREATE INDEX extension_version_order_idx
    ON extension_version (registry_id, semver_major DESC, semver_minor DESC, semver_patch DESC);

-- Versions are immutable: only the yank state may change after publish.
CREATE FUNCTION alga_extension_version_immutable() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.id, NEW.registry_id, NEW.version, NEW.content_hash, NEW.signature, NEW.signing_key_id,
        NEW.runtime, NEW.manifest, NEW.capabilities, NEW.endpoints, NEW.precompiled, NEW.published_at,
        NEW.published_by)
       IS DISTINCT FROM
       (OLD.id, OLD.registry_id, OLD.version, OLD.content_hash, OLD.signature, OLD.signing_key_id,
        OLD.runtime, OLD.manifest, OLD.capabilities, OLD.endpoints, OLD.precompiled, OLD.published_at,
        OLD.published_by) THEN
        RAISE EXCEPTION 'extension_version % is immutable: only its yank state may change', OLD.id
            USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'extension_version_immutable';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER extension_version_immutable BEFORE UPDATE ON extension_version
    FOR EACH ROW EXECUTE FUNCTION alga_extension_version_immutable();

-- Who changed what, when, from where, for platform-level actions (trust keys, yank, kill).
-- Append-only: no role is granted UPDATE or DELETE.
CREATE TABLE platform_audit_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    actor        text NOT NULL CHECK (length(actor) BETWEEN 1 AND 256),
    actor_ip     inet,
    request_id   text CHECK (length(request_id) <= 128),
    action       text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$'),
    target_type  text NOT NULL CHECK (length(target_type) BETWEEN 1 AND 64),
    target_id    text CHECK (length(target_id) <= 256),
    -- Never secrets: the application writes names and ids only.
    details      jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object')
);
CREATE INDEX platform_audit_log_occurred_at_idx ON platform_audit_log (occurred_at DESC, id DESC);
