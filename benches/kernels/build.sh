#!/usr/bin/env bash
# Rebuilds the compute kernels of benches/compare.sh from rust/ and copies
# them to wasm/<name>.wasm (committed, so compare.sh needs no wasm toolchain).
#   - each kernel is a cdylib for wasm32-unknown-unknown (opt-level 3, fat
#     LTO, panic=abort; +bulk-memory, see rust/.cargo/config.toml) that
#     exports `run() -> i64` and must import nothing: checked here;
#   - expected.txt is recomputed by running the same Rust code natively
#     (rust/expected), after the SHA-256 and n-body reference tests pass;
#   - the simd_* kernels use 128-bit SIMD (explicit core::arch::wasm32
#     intrinsics, or auto-vectorised loops in simd_auto) through
#     #[target_feature(enable = "simd128")] on their hot functions, not
#     through rustflags, so the other kernels stay free of SIMD; natively
#     (`expected`) they run a scalar reference of the same computation
#     (simd_auto: the very same loops).
#     Each must contain SIMD instructions: checked here.
# The .wat kernels beside this script belong to benches/engine.rs and are
# left alone.
# usage: benches/kernels/build.sh   (CARGO_BUILD_JOBS=1 on a busy machine)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kernels="fib sieve sha256 compress matmul nbody json regex bulk_memory simd_dot simd_blur simd_base64 simd_auto simd_mandel empty"
cd "$here/rust"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
cargo build --release --target wasm32-unknown-unknown --workspace --exclude expected
cargo test --release -p kernel_sha256 -p kernel_nbody
cargo run --release -p expected > "$here/expected.txt.tmp"
mv "$here/expected.txt.tmp" "$here/expected.txt"

mkdir -p "$here/wasm"
for k in $kernels; do
  src=target/wasm32-unknown-unknown/release/kernel_$k.wasm
  if command -v wasm-objdump > /dev/null && wasm-objdump -h "$src" | grep -q ' Import '; then
    echo "build.sh: $src has imports:" >&2
    wasm-objdump -x -j Import "$src" >&2
    exit 1
  fi
  if [[ $k == simd_* ]] && command -v wasm-objdump > /dev/null; then
    # (grep -c reads everything: grep -q could end the pipe early, and pipefail would see a SIGPIPE.)
    n=$(wasm-objdump -d "$src" | grep -cE '\b(v128|[if](8x16|16x8|32x4|64x2))\.' || true)
    if [ "$n" = 0 ]; then
      echo "build.sh: $src has no SIMD instructions" >&2
      exit 1
    fi
  fi
  cp "$src" "$here/wasm/$k.wasm"
done
echo "kernels in $here/wasm:"
ls -l "$here/wasm"
cat "$here/expected.txt"
