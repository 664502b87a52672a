# shellcheck shell=bash
# Scenario "assets" for bench/run (sourced; uses its helpers free_port, wait_http, load, summarize,
# log, $work, $results, $rounds, $root, pids, server_cpu, client_cpu).
#
#   assets  nginx (1 worker, sendfile, access log, its own ETag) serving a 4 KiB file against
#           assets-svc (release, one HTTP thread, access log) serving the same file from a
#           cached UI tree: 200s, then 304 revalidations (If-None-Match with each server's own
#           ETag). Both pinned to the server core, wrk on the other; interleaved rounds.
#           Target of issue 7: assets-svc 4 KiB req/s >= 0.7 x nginx in the same run.
#
# The pair check is real: registry-svc (release, development Postgres from scripts/pg, unsigned
# bundles accepted) answers the (extension, hash) lookup once and keeps its change feed open.

# start_nginx_static DIR: nginx serving DIR; sets server_pid and server_port.
start_nginx_static() {
  local port dir=$work/nginx-static
  port=$(free_port)
  mkdir -p "$dir/logs" "$dir/tmp"
  cat > "$dir/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  access_log $dir/logs/access.log;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  server {
    listen 127.0.0.1:$port;
    root $1;
    add_header Cache-Control "public, max-age=31536000, immutable";
  }
}
CONF
  taskset -c "$server_cpu" nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" &
  pids+=($!)
  wait_http "http://127.0.0.1:$port/index.html"
  server_pid=$(pgrep -P "${pids[-1]}" | head -1)
  server_port=$port
}

# start_assets_stack: registry-svc + assets-svc (release) with one published bundle; sets
# server_pid, server_port and assets_path (the 4 KiB file's URL path).
start_assets_stack() {
  local dir=$work/assets reg_port port hash publisher service status
  reg_port=$(free_port)
  port=$(free_port)
  mkdir -p "$dir/objects" "$dir/src/ui" "$dir/www"
  scripts/pg up >&2
  eval "$(scripts/pg env)"
  publisher="bench-pub-$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
  service="bench-svc-$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
  printf 'bench publisher:acme sha256:%s\n' "$(printf '%s' "$publisher" | sha256sum | cut -d' ' -f1)" > "$dir/credentials"
  printf '%s\n' "$service" > "$dir/service-tokens"
  # The bundle: a fixed 4 KiB file, so the archive (and its hash) is the same on every run.
  python3 -c 'import sys; sys.stdout.write("".join(chr(97 + i % 26) for i in range(4096)))' > "$dir/src/ui/asset-4k.txt"
  printf '<!doctype html><title>bench</title>\n' > "$dir/src/ui/index.html"
  printf '%s' '{"name":"com.acme.bench-ui","publisher":"acme","version":"1.0.0","runtime":"wasm@1","ui":{"type":"iframe","entry":"ui/index.html"}}' \
    > "$dir/src/manifest.json"
  tar --format=ustar --owner=0 --group=0 --numeric-owner --mtime=@0 --sort=name -C "$dir/src" -cf - manifest.json ui \
    | zstd -q -19 -o "$dir/bundle.tar.zst"
  hash=$(sha256sum "$dir/bundle.tar.zst" | cut -d' ' -f1)
  cp "$dir/src/ui/asset-4k.txt" "$dir/src/ui/index.html" "$dir/www/"
  chmod a+rx "$work" "$dir" "$dir/www" && chmod a+r "$dir/www/"*  # nginx's worker runs as nobody
  PORT=$reg_port HTTP_HOST=127.0.0.1 LOG_LEVEL=warning DATABASE_URL="$ALGA_PG_REGISTRY_URL" OBJECT_STORE_DIR="$dir/objects" \
    REGISTRY_CREDENTIALS_FILE="$dir/credentials" SERVICE_TOKEN_FILE="$dir/service-tokens" REGISTRY_ALLOW_UNSIGNED=true \
    taskset -c "$client_cpu" "$root/.build/release/registry-svc" > "$work/registry.log" 2>&1 &
  pids+=($!)
  wait_http "http://127.0.0.1:$reg_port/readyz"
  status=$(curl -s -o "$dir/publish.json" -w '%{http_code}' -H "Authorization: Bearer $publisher" \
    --data-binary "@$dir/bundle.tar.zst" "http://127.0.0.1:$reg_port/v1/registry/publish")
  case $status in
    200 | 201) ;;
    *) log "publish failed ($status): $(cat "$dir/publish.json")"; return 1 ;;
  esac
  PORT=$port HTTP_HOST=127.0.0.1 HTTP_THREADS=1 LOG_LEVEL=info OBJECT_STORE_DIR="$dir/objects" EXT_CACHE_ROOT="$dir/cache" \
    SERVICE_TOKEN_FILE="$dir/service-tokens" REGISTRY_BASE_URL="http://127.0.0.1:$reg_port" \
    taskset -c "$server_cpu" "$root/.build/release/assets-svc" > "$work/assets.log" 2>&1 &
  pids+=($!)
  wait_http "http://127.0.0.1:$port/readyz"
  assets_path="/ext-ui/com.acme.bench-ui/sha256:$hash/asset-4k.txt"
  # The first request fetches, verifies and extracts; check the bytes before measuring.
  cmp -s <(curl -fsS "http://127.0.0.1:$port$assets_path") "$dir/src/ui/asset-4k.txt" \
    || { log "assets-svc did not serve the 4 KiB file"; return 1; }
  server_pid=${pids[-1]}
  server_port=$port
  assets_www=$dir/www
}

scenario_assets() {
  log "building assets-svc and registry-svc (release)"
  swift build -c release --product assets-svc >&2
  swift build -c release --product registry-svc >&2
  swift build -c release --product wasm-compile-check >&2  # the registry refuses to start without it
  local assets nginx r etag_assets etag_nginx base=$results
  start_assets_stack
  assets=("$server_pid" "$server_port")
  start_nginx_static "$assets_www"
  nginx=("$server_pid" "$server_port")
  etag_assets=$(curl -fsSI "http://127.0.0.1:${assets[1]}$assets_path" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
  etag_nginx=$(curl -fsSI "http://127.0.0.1:${nginx[1]}/asset-4k.txt" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag_assets" "http://127.0.0.1:${assets[1]}$assets_path")" = 304 ] \
    || { log "assets-svc did not revalidate"; return 1; }
  for r in $(seq 1 "$rounds"); do
    log "round $r/$rounds"
    results=$base/assets-200
    mkdir -p "$results"
    load nginx-4k "http://127.0.0.1:${nginx[1]}/asset-4k.txt" "${nginx[0]}" "$r"
    load assets-4k "http://127.0.0.1:${assets[1]}$assets_path" "${assets[0]}" "$r"
    results=$base/assets-304
    mkdir -p "$results"
    BENCH_WRK_HEADER="If-None-Match: $etag_nginx" load nginx-304 "http://127.0.0.1:${nginx[1]}/asset-4k.txt" "${nginx[0]}" "$r"
    BENCH_WRK_HEADER="If-None-Match: $etag_assets" load assets-304 "http://127.0.0.1:${assets[1]}$assets_path" "${assets[0]}" "$r"
  done
  results=$base/assets-200
  summarize assets-4k nginx-4k
  results=$base/assets-304
  summarize assets-304 nginx-304
  results=$base
  log "assets-svc: $(curl -fsS "http://127.0.0.1:${assets[1]}/metrics" | grep -E '^assets_(cache_hits|cache_misses|bundle_fetches)_total' | tr '\n' ' ')"
}
