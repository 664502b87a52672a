#!/usr/bin/env bash
# Builds the C greeter into a wasm@1 module:  examples/handlers/c/build.sh [out.wasm]
# Toolchain: clang and wasm-ld that target wasm32 (the Swift toolchain ships both; CLANG_BIN names
# their directory, default /opt/swift/usr/bin). The C SDK is sdk/guest-c.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sdk="$here/../../../sdk/guest-c"
out=${1:-$here/greeter.wasm}
bin=${CLANG_BIN:-/opt/swift/usr/bin}
for tool in clang wasm-ld; do
  [ -x "$bin/$tool" ] || { echo "build.sh: missing $bin/$tool (set CLANG_BIN)" >&2; exit 1; }
done
obj=$(mktemp -d)
trap 'rm -rf "$obj"' EXIT

cflags=(--target=wasm32-unknown-unknown -ffreestanding -nostdlib -O2 -Wall -Wextra -Werror -I "$sdk")
"$bin/clang" "${cflags[@]}" -c "$here/main.c" -o "$obj/main.o"
"$bin/clang" "${cflags[@]}" -c "$sdk/alga.c" -o "$obj/alga.o"
"$bin/clang" "${cflags[@]}" -c "$sdk/alga_json.c" -o "$obj/alga_json.o"
"$bin/clang" "${cflags[@]}" -fno-builtin -c "$sdk/alga_runtime.c" -o "$obj/alga_runtime.o"
"$bin/wasm-ld" --no-entry --stack-first -z stack-size=131072 --gc-sections \
  "$obj/main.o" "$obj/alga.o" "$obj/alga_json.o" "$obj/alga_runtime.o" -o "$out"
