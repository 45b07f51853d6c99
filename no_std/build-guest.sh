#!/usr/bin/env bash
# Rebuilds the firmware's wasm modules and writes them to wasm/:
#   wasm/guest.wasm  the WASI command in guest/ (Rust, wasm32-wasip1)
#   wasm/kernels.wasm  the hand-written kernels in wasm/kernels.wat (needs
#                    wabt's wat2wasm: apt-get install wabt)
# The .wasm files are committed, so building the firmware needs neither.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target=wasm32-wasip1
command -v rustup >/dev/null 2>&1 && rustup target add "$target" >/dev/null
# A small wasm stack keeps the guest's linear memory small: it is RAM on
# the device.
RUSTFLAGS="-C link-arg=-zstack-size=16384" cargo build \
  --manifest-path "$here/guest/Cargo.toml" --target-dir "$here/guest/target" \
  --release --target "$target"
cp "$here/guest/target/$target/release/fw-guest.wasm" "$here/wasm/guest.wasm"
wat2wasm --enable-tail-call "$here/wasm/kernels.wat" -o "$here/wasm/kernels.wasm"
ls -l "$here/wasm"
