-- wrk script for the gateway scenario: POST "Ada" to the extension's /greet endpoint with the
-- bearer credential in BENCH_GATEWAY_TOKEN (an API key or a JWT; set by bench/scenarios/gateway.sh).
wrk.method = "POST"
wrk.body = "Ada"
wrk.headers["Content-Type"] = "text/plain"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_GATEWAY_TOKEN")
