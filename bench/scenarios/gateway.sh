# shellcheck shell=bash
# Scenario "gateway" for bench/run (sourced; uses its helpers start_nginx, load, summarize,
# free_port, wait_http, log, $work, $results, $rounds, pids, server_cpu).
#
#   gateway  nginx (the fixed 200 of "hello") against the whole request path: wrk → gateway-svc
#            (API-key auth; EdDSA-JWT auth as a second row) → runner-svc running hello-c, with
#            registry-svc and Postgres (scripts/pg) behind, all release builds. nginx, the gateway
#            and the runner are pinned to the server core, wrk to the client core; registry and
#            Postgres float (the gateway needs them only for its batched writes). A direct
#            runner row (the same runner, POST /v1/execute) gives the gateway's added latency;
#            the gateway's own histogram (gateway_overhead_seconds) gives it from inside.
#            Target of issue 6: gateway with API key >= 0.2 x nginx.

# start_gateway_stack: registry, runner and gateway (release) on one bench database; publishes
# and installs the hello-c bundle (unsigned: the registry runs with REGISTRY_ALLOW_UNSIGNED),
# issues an API key and an EdDSA JWT. Sets gw_port, gw_pid, rn_port, rn_pid, gw_key, gw_jwt and
# the execute body for the direct runner row.
start_gateway_stack() {
  local dir=$work/gateway reg_port hash name admin token published
  mkdir -p "$dir/objects" "$dir/bundle/dist"
  scripts/pg up >&2
  eval "$(scripts/pg env)"
  scripts/build-guests >&2  # .build/guests, up to date after scripts/test
  admin="bench-admin-$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
  token="bench-svc-$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
  printf 'bench admin sha256:%s\n' "$(printf '%s' "$admin" | sha256sum | cut -d' ' -f1)" > "$dir/credentials"
  printf '%s\n' "$token" > "$dir/tokens"
  printf 'k1 %s\n' "$(head -c 32 /dev/urandom | base64)" > "$dir/scoped-keys"
  od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > "$dir/platform.key"
  gw_jwt=$("$root/.deps/venv/bin/python" "$root/bench/gateway/jwt.py" "$dir/jwt-keys" bench https://idp.bench alga-ext)

  rn_port=$(free_port)
  PORT=$rn_port HTTP_HOST=127.0.0.1 LOG_LEVEL=info OBJECT_STORE_DIR="$dir/objects" EXT_CACHE_ROOT="$dir/runner-cache" \
    SERVICE_TOKEN_FILE="$dir/tokens" RUNNER_PLATFORM_KEY_FILE="$dir/platform.key" RUNNER_CONCURRENCY=64 \
    taskset -c "$server_cpu" "$root/.build/release/runner-svc" > "$work/runner.log" 2>&1 &
  pids+=($!)
  rn_pid=${pids[-1]}
  wait_http "http://127.0.0.1:$rn_port/healthz"

  reg_port=$(free_port)
  PORT=$reg_port HTTP_HOST=127.0.0.1 DATABASE_URL="$ALGA_PG_REGISTRY_URL" REGISTRY_ALLOW_UNSIGNED=true \
    OBJECT_STORE_DIR="$dir/objects" REGISTRY_CREDENTIALS_FILE="$dir/credentials" SERVICE_TOKEN_FILE="$dir/tokens" \
    SCOPED_TOKEN_KEYS_FILE="$dir/scoped-keys" RUNNER_BASE_URL="http://127.0.0.1:$rn_port" \
    "$root/.build/release/registry-svc" > "$work/registry.log" 2>&1 &
  pids+=($!)
  wait_http "http://127.0.0.1:$reg_port/readyz"

  gw_port=$(free_port)
  PORT=$gw_port HTTP_HOST=127.0.0.1 LOG_LEVEL=info DATABASE_URL="$ALGA_PG_GATEWAY_URL" \
    RUNNER_BASE_URL="http://127.0.0.1:$rn_port" REGISTRY_BASE_URL="http://127.0.0.1:$reg_port" \
    SERVICE_TOKEN_FILE="$dir/tokens" SCOPED_TOKEN_KEYS_FILE="$dir/scoped-keys" GATEWAY_JWT_KEYS_FILE="$dir/jwt-keys" \
    GATEWAY_JWT_ISSUER=https://idp.bench GATEWAY_JWT_AUDIENCE=alga-ext \
    GATEWAY_TENANT_RATE=1000000 GATEWAY_TENANT_BURST=1000000 GATEWAY_EXTENSION_RATE=1000000 GATEWAY_EXTENSION_BURST=1000000 \
    GATEWAY_TENANT_CONCURRENCY=4096 GATEWAY_EXTENSION_CONCURRENCY=4096 GATEWAY_QUOTA_INVOCATIONS_PER_MINUTE=0 \
    GATEWAY_QUOTA_INVOCATIONS_PER_HOUR=0 GATEWAY_QUOTA_INVOCATIONS_PER_DAY=0 GATEWAY_QUOTA_CPU_MS_PER_HOUR=0 \
    GATEWAY_QUOTA_CPU_MS_PER_DAY=0 \
    taskset -c "$server_cpu" "$root/.build/release/gateway-svc" > "$work/gateway.log" 2>&1 &
  pids+=($!)
  gw_pid=${pids[-1]}
  wait_http "http://127.0.0.1:$gw_port/readyz"

  name="com.acme.bench$(od -An -tx1 -N4 /dev/urandom | tr -d ' \n')"
  cp "$root/.build/guests/hello-c.wasm" "$dir/bundle/dist/main.wasm"
  printf '{"name":"%s","publisher":"acme","version":"1.0.0","runtime":"wasm@1","capabilities":[],"api":{"endpoints":[{"method":"POST","path":"/greet","handler":"greet"}]}}' \
    "$name" > "$dir/bundle/manifest.json"
  tar --format=ustar --owner=0 --group=0 --numeric-owner --mtime=@0 --sort=name -C "$dir/bundle" \
    -cf - manifest.json dist | zstd -q -19 -o "$dir/bundle.tar.zst"
  published=$(curl -fsS -H "Authorization: Bearer $admin" --data-binary "@$dir/bundle.tar.zst" \
    "http://127.0.0.1:$reg_port/v1/registry/publish") || { log "publish failed"; return 1; }
  hash=$(printf '%s' "$published" | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"]["content_hash"])')
  curl -fsS -o /dev/null -H "Authorization: Bearer $admin" -H 'content-type: application/json' \
    -d "{\"extension\":\"$name\"}" "http://127.0.0.1:$reg_port/v1/tenants/bench/installs" || { log "install failed"; return 1; }
  gw_key=$(curl -fsS -H "Authorization: Bearer $admin" -H 'content-type: application/json' \
    -d "{\"name\":\"$name\"}" "http://127.0.0.1:$reg_port/v1/tenants/bench/api-keys" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
  gw_url="http://127.0.0.1:$gw_port/api/ext/$name/greet"
  for credential in "$gw_key" "$gw_jwt"; do
    curl -fsS -H "Authorization: Bearer $credential" --data-binary Ada "$gw_url" | grep -q '^hello, Ada (POST /greet)$' ||
      { log "the gateway did not answer through hello-c"; return 1; }
  done
  printf '{"version":1,"context":{"request_id":"bench-1","tenant_id":"bench","extension_id":"%s","install_id":"i-1","version_id":"v-1","content_hash":"%s","config":{}},"http":{"method":"POST","path":"/greet","query":[],"headers":[["content-type","text/plain"]],"body_b64":"QWRh"},"limits":{"timeout_ms":1000,"memory_mb":16},"grants":[],"egress":{"allow":[]},"scoped_token":"bench","endpoint":{"route":"/greet","handler":"greet","params":{}}}' \
    "$name" "$hash" > "$dir/execute.json"
  export BENCH_EXECUTE_BODY="$dir/execute.json" BENCH_EXECUTE_TOKEN="$token"
}

scenario_gateway() {
  log "building gateway-svc, runner-svc and registry-svc (release)"
  swift build -c release --product gateway-svc >&2
  swift build -c release --product runner-svc >&2
  swift build -c release --product registry-svc >&2
  swift build -c release --product wasm-compile-check >&2  # the registry checks bundles with it
  local nginx r
  start_nginx
  nginx=("$server_pid" "$server_port")
  start_gateway_stack
  for r in $(seq 1 "$rounds"); do
    log "round $r/$rounds"
    load nginx "http://127.0.0.1:${nginx[1]}/hello" "${nginx[0]}" "$r"
    BENCH_WRK_SCRIPT="$root/bench/execute/post.lua" load runner-direct "http://127.0.0.1:$rn_port/v1/execute" "$rn_pid" "$r"
    BENCH_WRK_SCRIPT="$root/bench/gateway/post.lua" BENCH_GATEWAY_TOKEN="$gw_key" \
      load gateway-apikey "$gw_url" "$gw_pid" "$r"
    BENCH_WRK_SCRIPT="$root/bench/gateway/post.lua" BENCH_GATEWAY_TOKEN="$gw_jwt" \
      load gateway-eddsa "$gw_url" "$gw_pid" "$r"
  done
  summarize gateway nginx
  curl -fsS "http://127.0.0.1:$gw_port/metrics" | python3 -c '
import sys
v = {}
for line in sys.stdin:
    if line.startswith(("gateway_overhead_seconds_sum", "gateway_overhead_seconds_count", "gateway_request_seconds_sum",
                        "gateway_request_seconds_count", "gateway_execution_log_dropped_total", "gateway_execution_log_written_total")):
        name, value = line.split()
        v[name] = float(value)
n = v.get("gateway_overhead_seconds_count", 0)
if n:
    overhead = 1e6 * v["gateway_overhead_seconds_sum"] / n
    handling = 1e6 * v["gateway_request_seconds_sum"] / v["gateway_request_seconds_count"]
    print("gateway overhead (in-process, mean over %d requests): %.0f us of %.0f us handling" % (n, overhead, handling))
print("execution-log rows written %d, dropped %d" % (v.get("gateway_execution_log_written_total", 0),
                                                     v.get("gateway_execution_log_dropped_total", 0)))
' | tee -a "$results/summary-gateway.txt"
}
