-- wrk script for the execute scenario: POSTs the execute request in BENCH_EXECUTE_BODY with the
-- service token in BENCH_EXECUTE_TOKEN (both set by bench/scenarios/execute.sh).
local f = assert(io.open(os.getenv("BENCH_EXECUTE_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_EXECUTE_TOKEN")
