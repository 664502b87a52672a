#!/usr/bin/env bash
# Builds the Swift greeter into a wasm@1 module:  examples/handlers/swift/build.sh [out.wasm]
# Toolchain: a Swift 6.3 toolchain with Embedded Swift for wasm32 (SWIFT_BIN names its bin
# directory, default /opt/swift/usr/bin). The SDK is sdk/guest-swift (module Alga) plus the C
# runtime sdk/guest-c/alga_runtime.c.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root="$here/../../.."
out=${1:-$here/greeter.wasm}
bin=${SWIFT_BIN:-/opt/swift/usr/bin}
for tool in swiftc clang wasm-ld; do
  [ -x "$bin/$tool" ] || { echo "build.sh: missing $bin/$tool (set SWIFT_BIN)" >&2; exit 1; }
done
tables="$bin/../lib/swift/embedded/wasm32-unknown-none-wasm/libswiftUnicodeDataTables.a"
[ -f "$tables" ] || { echo "build.sh: missing $tables (Embedded Swift for wasm32)" >&2; exit 1; }
obj=$(mktemp -d)
trap 'rm -rf "$obj"' EXIT

swiftflags=(-target wasm32-unknown-none-wasm -enable-experimental-feature Embedded
  -enable-experimental-feature Extern -wmo -Osize -parse-as-library -Xfrontend -disable-stack-protector)
"$bin/swiftc" "${swiftflags[@]}" -module-name Alga -emit-module -emit-module-path "$obj/Alga.swiftmodule" \
  -c "$root"/sdk/guest-swift/Sources/Alga/*.swift -o "$obj/Alga.o"
"$bin/swiftc" "${swiftflags[@]}" -module-name Greeter -I "$obj" -c "$here/Greeter.swift" -o "$obj/Greeter.o"
"$bin/clang" --target=wasm32-unknown-unknown -ffreestanding -nostdlib -O2 -fno-builtin -I "$root/sdk/guest-c" \
  -c "$root/sdk/guest-c/alga_runtime.c" -o "$obj/alga_runtime.o"
"$bin/wasm-ld" --no-entry --stack-first -z stack-size=131072 --gc-sections \
  "$obj/Greeter.o" "$obj/Alga.o" "$obj/alga_runtime.o" "$tables" -o "$out"
