#!/usr/bin/env bash
# Builds the Rust greeter into a wasm@1 module:  examples/handlers/rust/build.sh [out.wasm]
# Toolchain: Debian's rustc with the wasm32 standard library (apt-get install rustc
# libstd-rust-dev-wasm32); RUSTC overrides the compiler (default /usr/bin/rustc). No cargo needed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/greeter.wasm}
rustc=${RUSTC:-/usr/bin/rustc}
[ -x "$rustc" ] || { echo "build.sh: missing $rustc (apt-get install rustc)" >&2; exit 1; }
[ -n "$("$rustc" --print target-libdir --target wasm32-unknown-unknown 2>/dev/null | xargs -r ls 2>/dev/null)" ] ||
  { echo "build.sh: $rustc has no wasm32-unknown-unknown standard library (apt-get install libstd-rust-dev-wasm32)" >&2; exit 1; }

"$rustc" --edition 2021 --target wasm32-unknown-unknown --crate-type cdylib --crate-name greeter \
  -C opt-level=s -C panic=abort -C strip=symbols -C link-arg=--stack-first -D warnings "$here/main.rs" -o "$out"
