#!/usr/bin/env bash
# Rebuilds the WASI preview1 test programs (tests/wasi/programs, a standalone
# Cargo project) in release mode for wasm32-wasip1 and copies each binary to
# tests/wasi/bin/<name>.wasm.
#
# Needs rustup (or a toolchain that already has the wasm32-wasip1 target).
# JOBS sets cargo's parallelism (default 1: the programs are small).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target=wasm32-wasip1

if command -v rustup >/dev/null 2>&1; then
  rustup target add "$target" >/dev/null
fi

cargo build \
  --manifest-path "$here/programs/Cargo.toml" \
  --target-dir "$here/programs/target" \
  --release --locked --target "$target" --bins \
  -j "${JOBS:-1}"

mkdir -p "$here/bin"
count=0
for src in "$here"/programs/src/bin/*.rs; do
  name=$(basename "$src" .rs)
  cp "$here/programs/target/$target/release/$name.wasm" "$here/bin/$name.wasm"
  count=$((count + 1))
done
echo "built $count programs into $here/bin:"
ls -l "$here/bin"
