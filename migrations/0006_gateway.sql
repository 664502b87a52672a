-- Gateway tables: API keys (hashed), execution log (partitioned by day), quota usage windows,
-- idempotency records and the events outbox with its per-install deliveries. All tenant-owned.

-- Per-tenant API keys. Only SHA-256 of the (high-entropy, random) key is stored; key_prefix is a
-- short non-secret prefix for display. Lookup by hash goes through alga_api_key_lookup (0008).
CREATE TABLE gateway_api_key (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id     alga_tenant NOT NULL,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 128),
    key_hash      bytea NOT NULL CHECK (octet_length(key_hash) = 32),
    key_prefix    text NOT NULL CHECK (key_prefix ~ '^[A-Za-z0-9_-]{1,16}$'),
    scopes        text[] NOT NULL DEFAULT '{}' CHECK (array_position(scopes, NULL) IS NULL),
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    text NOT NULL CHECK (length(created_by) BETWEEN 1 AND 256),
    expires_at    timestamptz,
    revoked_at    timestamptz,
    last_used_at  timestamptz,
    CONSTRAINT gateway_api_key_hash_key UNIQUE (key_hash),
    CONSTRAINT gateway_api_key_tenant_name_key UNIQUE (tenant_id, name)
);

-- One row per call (HTTP, event delivery, schedule): the runner's usage record plus gateway
-- fields. No bodies, headers, config or secrets. Partitioned by day on started_at so retention
-- drops whole partitions (alga_maintain_execution_log, 0008); the default partition catches rows
-- if maintenance ever falls behind, and is trimmed by batch delete.
CREATE SEQUENCE extension_execution_log_id_seq AS bigint;
CREATE TABLE extension_execution_log (
    id                 bigint NOT NULL DEFAULT nextval('extension_execution_log_id_seq'),
    started_at         timestamptz NOT NULL,
    tenant_id          alga_tenant NOT NULL,
    request_id         text NOT NULL CHECK (length(request_id) BETWEEN 1 AND 128),
    correlation_id     text CHECK (length(correlation_id) <= 128),
    -- NULL when the call failed before resolution (e.g. unknown extension).
    registry_id        uuid,
    install_id         uuid,
    version_id         uuid,
    content_hash       alga_content_hash,
    trigger            text NOT NULL DEFAULT 'http' CHECK (trigger IN ('http', 'event', 'schedule')),
    -- The matched endpoint (method + path template), never the raw path.
    endpoint_method    text CHECK (endpoint_method ~ '^[A-Z]{1,16}$'),
    endpoint_path      text CHECK (length(endpoint_path) <= 512),
    http_status        smallint NOT NULL CHECK (http_status BETWEEN 100 AND 599),
    error_code         alga_error_code,
    duration_us        bigint NOT NULL CHECK (duration_us >= 0),
    cpu_us             bigint CHECK (cpu_us >= 0),
    memory_peak_bytes  bigint CHECK (memory_peak_bytes >= 0),
    fuel_used          bigint CHECK (fuel_used >= 0),
    egress_bytes       bigint CHECK (egress_bytes >= 0),
    host_calls         integer CHECK (host_calls >= 0),
    PRIMARY KEY (started_at, id)
) PARTITION BY RANGE (started_at);
ALTER SEQUENCE extension_execution_log_id_seq OWNED BY extension_execution_log.id;
CREATE INDEX extension_execution_log_tenant_time_idx ON extension_execution_log (tenant_id, started_at DESC);
CREATE INDEX extension_execution_log_request_idx ON extension_execution_log (tenant_id, request_id);
CREATE TABLE extension_execution_log_default PARTITION OF extension_execution_log DEFAULT;

-- Quota windows shared by all gateway replicas: counters are added in batches with
-- INSERT ... ON CONFLICT DO UPDATE. window_seconds is the window length (minute, hour, day).
CREATE TABLE extension_quota_usage (
    tenant_id       alga_tenant NOT NULL,
    registry_id     uuid NOT NULL,
    window_seconds  integer NOT NULL CHECK (window_seconds IN (60, 3600, 86400)),
    window_start    timestamptz NOT NULL,
    invocations     bigint NOT NULL DEFAULT 0 CHECK (invocations >= 0),
    cpu_us          bigint NOT NULL DEFAULT 0 CHECK (cpu_us >= 0),
    egress_bytes    bigint NOT NULL DEFAULT 0 CHECK (egress_bytes >= 0),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, registry_id, window_seconds, window_start),
    CONSTRAINT extension_quota_usage_window_aligned_check
        CHECK (mod(extract(epoch FROM window_start)::numeric, window_seconds) = 0)
);
CREATE INDEX extension_quota_usage_window_start_idx ON extension_quota_usage (window_start);

-- Idempotency-Key records, scoped by tenant + extension and shared by every replica. A key is
-- `in_flight` (with a lease, so a crashed replica's key becomes usable again) until `completed`,
-- when the stored response is replayed. request_fingerprint (SHA-256 of method, path and body)
-- detects reuse of a key for a different request.
CREATE TABLE gateway_idempotency_record (
    tenant_id            alga_tenant NOT NULL,
    registry_id          uuid NOT NULL,
    idempotency_key      text NOT NULL CHECK (idempotency_key ~ '^[\x21-\x7e]{1,255}$'),
    request_fingerprint  bytea NOT NULL CHECK (octet_length(request_fingerprint) = 32),
    state                text NOT NULL DEFAULT 'in_flight' CHECK (state IN ('in_flight', 'completed')),
    lease_until          timestamptz,
    response_status      smallint CHECK (response_status BETWEEN 100 AND 599),
    response_headers     jsonb CHECK (jsonb_typeof(response_headers) = 'array'),
    response_body        bytea CHECK (octet_length(response_body) <= 10485760),
    created_at           timestamptz NOT NULL DEFAULT now(),
    completed_at         timestamptz,
    expires_at           timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, registry_id, idempotency_key),
    CONSTRAINT gateway_idempotency_record_lifecycle_check CHECK (
        (state = 'in_flight' AND lease_until IS NOT NULL AND response_status IS NULL)
        OR (state = 'completed' AND response_status IS NOT NULL AND completed_at IS NOT NULL)),
    CONSTRAINT gateway_idempotency_record_expiry_check CHECK (expires_at > created_at)
);
CREATE INDEX gateway_idempotency_record_expires_idx ON gateway_idempotency_record (expires_at);

-- Events posted by the host application (POST /v1/events). The gateway writes the event and its
-- deliveries (one per enabled install subscribed to the topic) in one transaction.
CREATE TABLE extension_event_outbox (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id        alga_tenant NOT NULL,
    topic            text NOT NULL CHECK (topic ~ '^[a-z0-9]+([._-][a-z0-9]+)*$' AND length(topic) <= 128),
    -- The host's own event id, for de-duplication of retried posts.
    source_event_id  text CHECK (length(source_event_id) BETWEEN 1 AND 128),
    payload          jsonb NOT NULL CHECK (pg_column_size(payload) <= 262144),
    created_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT extension_event_outbox_source_key UNIQUE (tenant_id, source_event_id),
    CONSTRAINT extension_event_outbox_tenant_id_key UNIQUE (tenant_id, id)
);
CREATE INDEX extension_event_outbox_created_idx ON extension_event_outbox (created_at);

-- At-least-once delivery state per (event, install). Workers claim due rows with
-- FOR UPDATE SKIP LOCKED (alga_claim_event_deliveries, 0008) and a lease; a worker that dies
-- leaves an expired lease, and the row is claimed again.
CREATE TABLE extension_event_delivery (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id        alga_tenant NOT NULL,
    event_id         uuid NOT NULL,
    install_id       uuid NOT NULL,
    handler          text NOT NULL CHECK (length(handler) BETWEEN 1 AND 256),
    state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'in_flight', 'delivered', 'dead')),
    attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    lease_until      timestamptz,
    last_error_code  alga_error_code,
    delivered_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT extension_event_delivery_event_install_key UNIQUE (event_id, install_id),
    CONSTRAINT extension_event_delivery_event_fkey FOREIGN KEY (tenant_id, event_id)
        REFERENCES extension_event_outbox (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT extension_event_delivery_install_fkey FOREIGN KEY (tenant_id, install_id)
        REFERENCES tenant_extension_install (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT extension_event_delivery_lease_check CHECK ((state = 'in_flight') = (lease_until IS NOT NULL))
);
CREATE INDEX extension_event_delivery_due_idx ON extension_event_delivery (next_attempt_at) WHERE state = 'pending';
CREATE INDEX extension_event_delivery_lease_idx ON extension_event_delivery (lease_until) WHERE state = 'in_flight';
CREATE INDEX extension_event_delivery_install_idx ON extension_event_delivery (tenant_id, install_id);
