-- The only sanctioned ways around tenant isolation, each a narrow SECURITY DEFINER function with a
-- fixed search_path, EXECUTE granted to exactly the service that needs it (0009):
--   owned by alga_rls_admin (BYPASSRLS, NOLOGIN):
--     alga_api_key_lookup           gateway: API key hash -> tenant (the tenant is not known yet)
--     alga_claim_event_deliveries   gateway: claim due deliveries of all tenants (SKIP LOCKED)
--     alga_purge_gateway_rows       gateway: retention of idempotency, quota, event and log rows
--     alga_disable_installs_signed_by  registry: a key revocation disables affected installs
--     alga_secret_refs_below_key_version  registry: ids (never ciphertext) for key rotation
--   owned by alga_owner (DDL, or a global table):
--     alga_maintain_execution_log   gateway: create tomorrow's partitions, drop expired ones
--     alga_prune_change_seq         registry: change-feed retention
-- Everything else a service does runs under RLS with its own tenant.

ALTER DEFAULT PRIVILEGES FOR ROLE alga_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE alga_rls_admin REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- What alga_rls_admin's functions touch, and nothing more.
GRANT SELECT ON gateway_api_key TO alga_rls_admin;
GRANT SELECT, UPDATE ON extension_event_delivery TO alga_rls_admin;
GRANT SELECT, DELETE ON gateway_idempotency_record, extension_quota_usage, extension_event_outbox,
    extension_execution_log_default TO alga_rls_admin;
GRANT SELECT, UPDATE ON tenant_extension_install TO alga_rls_admin;
GRANT SELECT ON extension_version, tenant_extension_install_secret TO alga_rls_admin;

CREATE FUNCTION alga_api_key_lookup(p_key_hash bytea)
    RETURNS TABLE (key_id uuid, tenant_id text, scopes text[], expires_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT k.id, k.tenant_id, k.scopes, k.expires_at
      FROM gateway_api_key k
     WHERE k.key_hash = p_key_hash AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
$$;
ALTER FUNCTION alga_api_key_lookup(bytea) OWNER TO alga_rls_admin;

CREATE FUNCTION alga_claim_event_deliveries(p_limit integer, p_lease_seconds integer)
    RETURNS TABLE (delivery_id bigint, tenant_id text, event_id uuid, install_id uuid, handler text, attempts integer)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF p_limit NOT BETWEEN 1 AND 1000 OR p_lease_seconds NOT BETWEEN 1 AND 3600 THEN
        RAISE EXCEPTION 'claim limit must be 1-1000 and lease 1-3600 s' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    UPDATE extension_event_delivery d
       SET state = 'in_flight', lease_until = now() + make_interval(secs => p_lease_seconds),
           attempts = d.attempts + 1
      FROM (SELECT x.id FROM extension_event_delivery x
             WHERE (x.state = 'pending' AND x.next_attempt_at <= now())
                OR (x.state = 'in_flight' AND x.lease_until <= now())
             ORDER BY x.next_attempt_at, x.id
             LIMIT p_limit
             FOR UPDATE SKIP LOCKED) due
     WHERE d.id = due.id
    RETURNING d.id, d.tenant_id::text, d.event_id, d.install_id, d.handler, d.attempts;
END $$;
ALTER FUNCTION alga_claim_event_deliveries(integer, integer) OWNER TO alga_rls_admin;

CREATE FUNCTION alga_purge_gateway_rows(p_execution_log_retention interval, p_quota_retention interval,
                                        p_event_retention interval, p_batch integer DEFAULT 10000)
    RETURNS TABLE (table_name text, deleted bigint)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE n bigint;
BEGIN
    IF p_batch NOT BETWEEN 1 AND 100000 THEN
        RAISE EXCEPTION 'batch must be 1-100000' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    DELETE FROM gateway_idempotency_record WHERE ctid = ANY (ARRAY(
        SELECT ctid FROM gateway_idempotency_record WHERE expires_at <= now() LIMIT p_batch));
    GET DIAGNOSTICS n = ROW_COUNT; table_name := 'gateway_idempotency_record'; deleted := n; RETURN NEXT;

    DELETE FROM extension_quota_usage WHERE ctid = ANY (ARRAY(
        SELECT ctid FROM extension_quota_usage
         WHERE window_start + make_interval(secs => window_seconds) <= now() - p_quota_retention LIMIT p_batch));
    GET DIAGNOSTICS n = ROW_COUNT; table_name := 'extension_quota_usage'; deleted := n; RETURN NEXT;

    -- Events whose deliveries all finished (or that had none) and are old enough; deliveries cascade.
    DELETE FROM extension_event_outbox WHERE ctid = ANY (ARRAY(
        SELECT o.ctid FROM extension_event_outbox o
         WHERE o.created_at <= now() - p_event_retention
           AND NOT EXISTS (SELECT 1 FROM extension_event_delivery d
                            WHERE d.event_id = o.id AND d.state IN ('pending', 'in_flight'))
         LIMIT p_batch));
    GET DIAGNOSTICS n = ROW_COUNT; table_name := 'extension_event_outbox'; deleted := n; RETURN NEXT;

    -- Daily partitions are dropped whole by alga_maintain_execution_log; this trims the default one.
    DELETE FROM extension_execution_log_default WHERE ctid = ANY (ARRAY(
        SELECT ctid FROM extension_execution_log_default
         WHERE started_at <= now() - p_execution_log_retention LIMIT p_batch));
    GET DIAGNOSTICS n = ROW_COUNT; table_name := 'extension_execution_log_default'; deleted := n; RETURN NEXT;
END $$;
ALTER FUNCTION alga_purge_gateway_rows(interval, interval, interval, integer) OWNER TO alga_rls_admin;

-- Disables every enabled install whose pinned version was signed by p_key_id and published at or
-- after p_not_covered_from (the revocation time); returns what it disabled. The install trigger
-- records each change in change_seq.
CREATE FUNCTION alga_disable_installs_signed_by(p_key_id text, p_not_covered_from timestamptz)
    RETURNS TABLE (tenant_id text, install_id uuid)
    LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    UPDATE tenant_extension_install i
       SET enabled = false, disabled_reason = 'key_revoked'
      FROM extension_version v
     WHERE v.id = i.version_id AND v.signing_key_id = p_key_id AND v.published_at >= p_not_covered_from
       AND i.enabled
    RETURNING i.tenant_id::text, i.id
$$;
ALTER FUNCTION alga_disable_installs_signed_by(text, timestamptz) OWNER TO alga_rls_admin;

-- Secrets still encrypted under an older key version: identifiers only. The rotation command then
-- re-encrypts each under its own tenant's transaction.
CREATE FUNCTION alga_secret_refs_below_key_version(p_key_version integer, p_limit integer)
    RETURNS TABLE (tenant_id text, install_id uuid, name text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT s.tenant_id::text, s.install_id, s.name FROM tenant_extension_install_secret s
     WHERE s.key_version < p_key_version
     ORDER BY s.tenant_id, s.install_id, s.name
     LIMIT least(greatest(p_limit, 1), 10000)
$$;
ALTER FUNCTION alga_secret_refs_below_key_version(integer, integer) OWNER TO alga_rls_admin;

-- Creates the daily partitions of extension_execution_log from today to p_days_ahead (UTC) and
-- drops those entirely older than p_retain_days. A day whose rows already sit in the default
-- partition is skipped (its rows stay there until alga_purge_gateway_rows trims them).
CREATE FUNCTION alga_maintain_execution_log(p_days_ahead integer, p_retain_days integer)
    RETURNS TABLE (action text, partition_name text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    today date := (now() AT TIME ZONE 'UTC')::date;
    d date;
    part text;
    child record;
BEGIN
    IF p_days_ahead NOT BETWEEN 0 AND 60 OR p_retain_days NOT BETWEEN 1 AND 3650 THEN
        RAISE EXCEPTION 'days ahead must be 0-60 and retention 1-3650 days' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR i IN 0..p_days_ahead LOOP
        d := today + i;
        part := 'extension_execution_log_p' || to_char(d, 'YYYYMMDD');
        CONTINUE WHEN to_regclass('public.' || quote_ident(part)) IS NOT NULL;
        BEGIN
            EXECUTE format('CREATE TABLE public.%I PARTITION OF public.extension_execution_log FOR VALUES FROM (%L) TO (%L)',
                           part, d::timestamp AT TIME ZONE 'UTC', (d + 1)::timestamp AT TIME ZONE 'UTC');
            EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', part);
            EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', part);
            action := 'created'; partition_name := part; RETURN NEXT;
        EXCEPTION WHEN check_violation THEN
            action := 'skipped_default_has_rows'; partition_name := part; RETURN NEXT;
        END;
    END LOOP;
    FOR child IN
        SELECT c.relname FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid
         WHERE h.inhparent = 'extension_execution_log'::regclass AND c.relname ~ '^extension_execution_log_p[0-9]{8}$'
    LOOP
        IF to_date(right(child.relname, 8), 'YYYYMMDD') + 1 <= today - p_retain_days THEN
            EXECUTE format('DROP TABLE public.%I', child.relname);
            action := 'dropped'; partition_name := child.relname; RETURN NEXT;
        END IF;
    END LOOP;
END $$;

-- Keeps the change feed for p_retain but always its newest row, so `since` never resets to zero.
-- A consumer whose `since` is older than the oldest kept row must resynchronise (the registry
-- answers its feed request accordingly).
CREATE FUNCTION alga_prune_change_seq(p_retain interval) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE n bigint;
BEGIN
    DELETE FROM change_seq
     WHERE occurred_at < now() - p_retain AND seq < (SELECT max(seq) FROM change_seq);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;

-- Partitions for the coming days exist as soon as the schema does.
SELECT count(*) FROM alga_maintain_execution_log(7, 30);
