#!/usr/bin/env bash
# The cost of a memory access by kind (BENCHMARKS.md, "Memory accesses by
# kind"): cachegrind instruction counts of loops that do one load and one
# store per iteration on memory 0 (32-bit, the registers' fast path),
# memory 0 (64-bit), and a second memory (64-bit or 32-bit). A count is the
# difference between two runs of 1e6 and 11e6 iterations, divided by 1e7,
# so start-up cancels out.
#
# usage: benches/memory/access.sh SPINDLE   (needs wat2wasm and valgrind)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
spindle=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
wat2wasm --enable-all "$here/access.wat" -o "$out/access.wasm"
wat2wasm --enable-all "$here/access64.wat" -o "$out/access64.wasm"
count() {
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    "$spindle" run --invoke "$2" "$out/$1" "$3" 2>&1 | awk '/I *refs/ {gsub(",", "", $NF); print $NF}'
}
printf '%-8s %s\n' loop instructions/iteration
for case in "access.wasm mem0_32" "access64.wasm mem0_64" "access.wasm mem1_64" "access.wasm mem2_32"; do
  set -- $case
  a=$(count "$1" "$2" 4000000)
  b=$(count "$1" "$2" 44000000)
  printf '%-8s %s\n' "$2" $(( (b - a) / 10000000 ))
done
