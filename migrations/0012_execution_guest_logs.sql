-- The guest's own log lines on its execution-log row, so `extctl logs <request id>` (and the
-- console) show what the handler said next to how the call went. The runner returns at most
-- 200 lines and 64 KiB of message text per execution (`logs` in the execute response); the
-- gateway stores them as [[level, message], ...]. NULL when the guest logged nothing.
ALTER TABLE extension_execution_log
    ADD COLUMN guest_logs jsonb
    CHECK (guest_logs IS NULL OR (jsonb_typeof(guest_logs) = 'array' AND octet_length(guest_logs::text) <= 524288));
