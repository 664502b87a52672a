#!/usr/bin/env bash
# Builds the Zig greeter into a wasm@1 module:  examples/handlers/zig/build.sh [out.wasm]
# Toolchain: Zig from PyPI's `ziglang` wheel (pip install ziglang; run as `python -m ziglang`).
# ZIG overrides the command (default: the project's .deps/venv/bin/python -m ziglang).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$(dirname "${1:-$here/greeter.wasm}")" && pwd)/$(basename "${1:-greeter.wasm}")
read -r -a zig <<< "${ZIG:-$here/../../../.deps/venv/bin/python -m ziglang}"
"${zig[@]}" version >/dev/null 2>&1 ||
  { echo "build.sh: cannot run '${zig[*]}' (pip install ziglang, or set ZIG)" >&2; exit 1; }
work=$(mktemp -d)   # Zig's local cache; its global cache is ZIG_GLOBAL_CACHE_DIR, else ~/.cache/zig
trap 'rm -rf "$work"' EXIT

# -fno-entry: no _start; -rdynamic: keep the `export fn`s; the memory is exported by default.
(cd "$work" && "${zig[@]}" build-exe "$here/main.zig" -target wasm32-freestanding -O ReleaseSmall \
  -fno-entry -rdynamic --stack 131072 -femit-bin="$out")
