#!/usr/bin/env bash
# Measures parse-only time of the Debian C/C++ JSON libraries on bench-codec's execute request.
# Needs: apt-get install libcjson-dev libjansson-dev libjson-c-dev libsimdjson-dev
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
swift build -c release --product bench-codec --package-path "$root" >/dev/null
"$root/.build/release/bench-codec" --only none --print-samples | sed -n 1p > "$out/request.json"
c++ -O2 -std=c++17 -o "$out/bench" "$here/bench.cpp" "$here/jansson.cpp" "$here/json_c.cpp" \
    -lcjson -ljansson -ljson-c -lsimdjson
"$out/bench" "$out/request.json"
