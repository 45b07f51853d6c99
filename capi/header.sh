#!/usr/bin/env bash
# Puts the standard WebAssembly C API header, wasm.h, beside spindle.h in
# capi/include/. The header is not retyped or kept in this repository: it
# comes unmodified from the registry package wasmi_c_api_impl 2.0.0 (which
# copies it from github.com/WebAssembly/wasm-c-api, Apache-2.0), downloaded
# with `cargo fetch` (nothing is compiled). The copy is checked against the
# SHA-256 below, so a changed file is refused.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
want=70f780f7b18cac6c4eb5440171050552e32b3289f63d793213458005ea0e8c08
cargo fetch --quiet --manifest-path "$here/header/Cargo.toml"
src=$(cargo metadata --format-version 1 --manifest-path "$here/header/Cargo.toml" |
  python3 -c 'import json,sys,os; m=json.load(sys.stdin); print(next(os.path.dirname(p["manifest_path"]) for p in m["packages"] if p["name"]=="wasmi_c_api_impl"))')
got=$(sha256sum "$src/include/wasm.h" | cut -d' ' -f1)
if [ "$got" != "$want" ]; then
  echo "header.sh: $src/include/wasm.h has SHA-256 $got, expected $want" >&2
  exit 1
fi
cp "$src/include/wasm.h" "$here/include/wasm.h"
echo "$here/include/wasm.h"
