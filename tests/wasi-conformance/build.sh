#!/usr/bin/env bash
# Rebuilds the conformance probes (programs/, a standalone Cargo project)
# for wasm32-wasip1 and copies each to bin/<name>.wasm. run.sh never calls
# this: the .wasm files are committed, so CI needs no wasm toolchain.
# JOBS sets cargo's parallelism (default 1).
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
rm -f "$here"/bin/*.wasm
for src in "$here"/programs/src/bin/*.rs; do
  name=$(basename "$src" .rs)
  cp "$here/programs/target/$target/release/$name.wasm" "$here/bin/$name.wasm"
done
ls -l "$here/bin"
