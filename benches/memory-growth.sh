#!/usr/bin/env bash
# Memory growth against wasmi (issue 24): a one-page memory grown by N
# pages with `memory.grow`, then one byte written at its new end
# (benches/growth/grow.wat, export `grow`, which returns the old size). The
# cost should be the pages touched, not the size reached.
#
# usage: benches/memory-growth.sh [PAGES...]   (default: 255 4095 65535)
#   ROUNDS=N     rounds (default 3; the table shows medians)
#   SPINDLE=path use this spindle binary instead of building one
# Needs the peers (benches/compare.sh installs them into ./peers). Runs are
# interleaved; each process's wall time and peak RSS come from GNU time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
rounds=${ROUNDS:-3}
wat=$here/growth/grow.wat
wasmi=$repo/peers/bin/wasmi
[ -x "$wasmi" ] || "$repo/../shared/peers/install.sh" "$repo/peers" >&2
spindle=${SPINDLE:-}
if [ -z "$spindle" ]; then
  (cd "$repo" && cargo build --release --quiet)
  spindle=$repo/target/release/spindle
fi
pages=("$@")
[ ${#pages[@]} -gt 0 ] || pages=(255 4095 65535)
out=$(mktemp)
trap 'rm -f "$out" "$out.stdout"' EXIT
for ((r = 1; r <= rounds; r++)); do
  for n in "${pages[@]}"; do
    for rt in spindle wasmi; do
      case $rt in
        spindle) cmd=("$spindle" run --invoke grow "$wat" "$n") ;;
        wasmi) cmd=("$wasmi" run --invoke grow "$wat" "$n") ;;
      esac
      result=$( { /usr/bin/time -f "%e %M" "${cmd[@]}" 2>&3 >"$out.stdout"; } 3>&1 | tail -1)
      got=$(tr -d '\r' <"$out.stdout" | tail -1)
      [ "$got" = 1 ] || { echo "$rt grow $n printed '$got', expected 1" >&2; exit 1; }
      echo "$n $rt $result" >>"$out"
      echo "round $r/$rounds  +$n pages  $rt  $result" >&2
    done
  done
done
python3 - "$out" "${pages[@]}" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
print("| pages grown | to (MiB) | spindle (s) | wasmi (s) | spindle RSS (MiB) | wasmi RSS (MiB) |")
print("|---:|---:|---:|---:|---:|---:|")
for n in sys.argv[2:]:
    def med(rt, col):
        return statistics.median(float(r[col]) for r in rows if r[0] == n and r[1] == rt)
    mib = (int(n) + 1) * 64 / 1024
    print(f"| {n} | {mib:g} | {med('spindle', 2):.3f} | {med('wasmi', 2):.3f} | "
          f"{med('spindle', 3) / 1024:.1f} | {med('wasmi', 3) / 1024:.1f} |")
PY
