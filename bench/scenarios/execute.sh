# shellcheck shell=bash
# Scenario "execute" for bench/run (sourced; uses its helpers start_nginx, load, summarize,
# free_port, wait_http, log, $work, $results, $rounds, pids, server_cpu).
#
#   execute  nginx (the same fixed 200 as "hello") against runner-svc's POST /v1/execute running
#            the hello-c guest (wrk posting the execute body through bench/execute/post.lua),
#            interleaved rounds, median req/s, p50/p99 and the ratio to nginx (target >= 0.3).
#            BENCH_RUNNER_BASELINE=/path/to/runner-svc adds that binary (e.g. a release build of
#            main) as "runner-baseline" in the same rounds, for before/after figures of one run.
#   execute_inprocess  the in-process figures: per-request Wasm overhead (ExecutorOverheadTests),
#            codec µs vs Foundation (bench-codec) and compile vs deserialize ms (RunnerCacheTests'
#            restart test). Release builds.

# start_runner [BINARY [NAME]]: runner-svc (default: this tree's release build) on its own object
# store with the hello-c bundle, a token file and a platform key; sets server_pid, server_port,
# runner_body and runner_token.
start_runner() {
  local binary=${1:-$root/.build/release/runner-svc} name=${2:-runner}
  local port dir=$work/$name hash
  port=$(free_port)
  mkdir -p "$dir/objects" "$dir/bundle/dist"
  scripts/build-guests >&2  # into .build/guests; up-to-date guests are skipped
  cp "$root/.build/guests/hello-c.wasm" "$dir/bundle/dist/main.wasm"
  printf '%s' '{"name":"com.acme.bench","publisher":"acme","version":"1.0.0","runtime":"wasm@1","capabilities":[],"api":{"endpoints":[{"method":"POST","path":"/greet","handler":"greet"}]}}' \
    > "$dir/bundle/manifest.json"
  tar --format=ustar --owner=0 --group=0 --numeric-owner --mtime=@0 --sort=name -C "$dir/bundle" \
    -cf - manifest.json dist | zstd -q -19 -o "$dir/bundle.tar.zst"
  hash=$(sha256sum "$dir/bundle.tar.zst" | cut -d' ' -f1)
  mkdir -p "$dir/objects/bundles/sha256/$hash"
  cp "$dir/bundle.tar.zst" "$dir/objects/bundles/sha256/$hash/bundle.tar.zst"
  bench_token="bench-$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
  printf '%s\n' "$bench_token" > "$dir/tokens"
  od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > "$dir/platform.key"
  printf '{"version":1,"context":{"request_id":"bench-1","tenant_id":"t-1","extension_id":"com.acme.bench","install_id":"i-1","version_id":"v-1","content_hash":"sha256:%s","config":{}},"http":{"method":"POST","path":"/greet","query":[],"headers":[["content-type","text/plain"]],"body_b64":"QWRh"},"limits":{"timeout_ms":1000,"memory_mb":16},"grants":[],"egress":{"allow":[]},"scoped_token":"bench","endpoint":{"route":"/greet","handler":"greet","params":{}}}' \
    "$hash" > "$dir/execute.json"
  PORT=$port HTTP_HOST=127.0.0.1 HTTP_THREADS=1 LOG_LEVEL=info OBJECT_STORE_DIR="$dir/objects" \
    EXT_CACHE_ROOT="$dir/cache" SERVICE_TOKEN_FILE="$dir/tokens" RUNNER_PLATFORM_KEY_FILE="$dir/platform.key" \
    RUNNER_CONCURRENCY=64 taskset -c "$server_cpu" "$binary" > "$work/$name.log" 2>&1 &
  pids+=($!)
  wait_http "http://127.0.0.1:$port/healthz"
  # First request compiles; check the answer before measuring.
  curl -fsS -H "Authorization: Bearer $bench_token" --data-binary "@$dir/execute.json" \
    "http://127.0.0.1:$port/v1/execute" | grep -q '"status":200' || { log "runner-svc did not execute hello-c"; return 1; }
  server_pid=${pids[-1]}
  server_port=$port
  runner_body="$dir/execute.json"
  runner_token=$bench_token
}

# load_runner NAME PORT PID BODY TOKEN ROUND: one wrk run posting the execute body.
load_runner() {
  BENCH_EXECUTE_BODY=$4 BENCH_EXECUTE_TOKEN=$5 BENCH_WRK_SCRIPT="$root/bench/execute/post.lua" \
    load "$1" "http://127.0.0.1:$2/v1/execute" "$3" "$6"
}

scenario_execute() {
  log "building runner-svc (release)"
  swift build -c release --product runner-svc >&2
  local nginx runner baseline=() r
  start_nginx
  nginx=("$server_pid" "$server_port")
  start_runner
  runner=("$server_pid" "$server_port" "$runner_body" "$runner_token")
  if [ -n "${BENCH_RUNNER_BASELINE:-}" ]; then
    start_runner "$BENCH_RUNNER_BASELINE" runner-baseline
    baseline=("$server_pid" "$server_port" "$runner_body" "$runner_token")
  fi
  for r in $(seq 1 "$rounds"); do
    log "round $r/$rounds"
    load nginx "http://127.0.0.1:${nginx[1]}/hello" "${nginx[0]}" "$r"
    load_runner runner-execute "${runner[1]}" "${runner[0]}" "${runner[2]}" "${runner[3]}" "$r"
    if [ ${#baseline[@]} -gt 0 ]; then
      load_runner runner-baseline "${baseline[1]}" "${baseline[0]}" "${baseline[2]}" "${baseline[3]}" "$r"
    fi
  done
  log "audit records written by runner-svc: $(grep -c '"audit":true' "$work/runner.log" || true)"
  summarize execute nginx
}

# scenario_execute_inprocess: the in-process figures (release builds; no servers).
scenario_execute_inprocess() {
  log "building bench-codec and the tests (release, -enable-testing)"
  swift build -c release --product bench-codec >&2
  {
    echo "in-process (release):"
    "$root/.build/release/bench-codec" 2>&1 | grep -E 'request\.(decode|encode)|response\.(decode|encode)' || true
    swift build -c release --build-tests -Xswiftc -enable-testing >&2
    swift test -c release --skip-build --filter 'ExecutorOverheadTests|testRestart_whenWarmedUp' 2>&1 \
      | grep -E 'executor overhead|compile .* deserialize' || true
  } | tee "$results/summary-execute-inprocess.txt"
}
