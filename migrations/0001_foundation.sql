-- Foundation: value domains and helper functions shared by every table.
--
-- Roles are cluster-wide and created outside migrations (scripts/pg; in production the database
-- operator): alga_owner (owns everything here, runs migrations), alga_rls_admin (NOLOGIN,
-- BYPASSRLS, owns only the audited cross-tenant functions of 0008), and the service roles
-- alga_registry and alga_gateway (own nothing, no BYPASSRLS; privileges in 0009).
-- Migrations never contain transaction control: the Migrator wraps each file in one transaction.

-- Nothing is created in public except by the owner.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
-- The cross-tenant functions are owned by alga_rls_admin, which therefore needs CREATE here.
GRANT CREATE ON SCHEMA public TO alga_rls_admin;

-- A tenant id as the credential carries it: 1-128 characters, no spaces or control characters.
-- Never empty, so the "no tenant" setting ('' or NULL) can never match a row.
CREATE DOMAIN alga_tenant AS text
    CHECK (VALUE ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$');

-- The one capability vocabulary (ARCHITECTURE.md): a set of grants or declared capabilities.
CREATE DOMAIN alga_capability_set AS text[]
    CHECK (VALUE <@ ARRAY['log', 'metrics', 'http.fetch', 'secrets.get', 'storage.kv', 'context.read',
                          'events.subscribe']::text[]
           AND array_position(VALUE, NULL) IS NULL);

-- A content hash as the bundle format defines it.
CREATE DOMAIN alga_content_hash AS text
    CHECK (VALUE ~ '^sha256:[0-9a-f]{64}$');

-- A stable error code (snake_case), as in error bodies.
CREATE DOMAIN alga_error_code AS text
    CHECK (VALUE ~ '^[a-z][a-z0-9_]{0,63}$');

-- Keeps updated_at honest whatever the application sends.
CREATE FUNCTION alga_touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END $$;
