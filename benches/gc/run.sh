#!/usr/bin/env bash
# GC workloads (issue 23): Spindle against Wasmtime 50, CPU time and peak RSS.
#
# Workloads (WebAssembly text in this folder, each exporting `run`, which
# takes a size and returns a checksum computed by the program):
#   binary-trees  perfect binary trees of structs, many short-lived and one
#                 long-lived; size = the largest depth (DEPTH)
#   list-sort     merge sort of a linked list of structs, each merge
#                 allocating its result; size = the list's length (LIST_N)
#   arrays        growable i64 vectors on GC arrays (array.new, array.copy,
#                 array.fill, array.get); size = operations (ARRAY_OPS)
# Runtimes, each a separate process:
#   spindle       the embedder's build (benches/embedder/, built from / with
#                 RUSTFLAGS unset, as benches/compare.sh builds it; its
#                 default features include gc)
#   spindle-repo  this repository's `cargo build --release --features gc`
#   wasmtime      Wasmtime 50 (Cranelift) through its Python package, with
#                 wasm_gc and function references on (wasmtime-gc.py here;
#                 Wasmtime's default collector)
#   pulley        the same with Config.target = "pulley64", Wasmtime's
#                 interpreter (PULLEY=0 leaves it out)
# Wasmtime and Pulley keep compiled code in Wasmtime's cache: one untimed
# run of each workload fills it. The untimed Wasmtime run's output is the
# expected checksum; every timed run's output must equal it.
# Runs are interleaved (for each round, for each workload, for each
# runtime). CPU time (user + sys) and peak RSS come from GNU time. A run
# that fails or prints a wrong checksum does not stop the script: the
# tables report it as failed, with the reason (a Spindle without its
# collector, before commit 986d1d6, keeps every object and may run out of
# memory).
#
# usage: benches/gc/run.sh
#   ROUNDS=N            rounds (default 3); the tables show medians
#   WORKLOADS="a b"     only these (default: binary-trees list-sort arrays)
#   DEPTH=N             binary-trees' largest depth (default 16)
#   LIST_N=N            list-sort's length (default 1048576)
#   ARRAY_OPS=N         arrays' operations (default 16777216)
#   PULLEY=0            leave out Pulley
#   REPO=0              leave out this repository's build
#   SPINDLE=path        the embedder's build: use this binary instead of building
#   SPINDLE_REPO=path   this repository's build: use this binary instead
#   SPINDLE_VMEM_MIB=N  address-space limit (ulimit -v) of each Spindle run,
#                       so that a heap that is never collected cannot take
#                       a shared machine's memory (default 8192; 0: none).
#                       Wasmtime reserves large address ranges and runs
#                       without one.
#   TIMEOUT=s           limit for one run (default 600)
#   CARGO_LOCK=file     cargo runs under `flock` on this file (default
#                       /tmp/cargo.lock), one build at a time on the machine
# Raw measurements: target/gc-bench/results-<UTC time>.tsv.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
rounds=${ROUNDS:-3}
limit=${TIMEOUT:-600}
depth=${DEPTH:-16}
list_n=${LIST_N:-1048576}
array_ops=${ARRAY_OPS:-16777216}
vmem=${SPINDLE_VMEM_MIB:-8192}
cargo_lock=${CARGO_LOCK:-/tmp/cargo.lock}
read -ra workloads <<< "${WORKLOADS:-binary-trees list-sort arrays}"
peers=$repo/peers
installer=$repo/../shared/peers/install.sh
out=$repo/target/gc-bench

die() { echo "gc/run.sh: $*" >&2; exit 1; }

for v in ROUNDS TIMEOUT DEPTH LIST_N ARRAY_OPS; do
  case ${!v:-1} in '' | *[!0-9]* | 0) die "$v must be a positive integer, not '${!v}'" ;; esac
done
case $vmem in '' | *[!0-9]*) die "SPINDLE_VMEM_MIB must be a number of MiB (0: no limit), not '$vmem'" ;; esac
for v in PULLEY REPO; do
  case ${!v:-1} in 0 | 1) ;; *) die "$v must be 0 or 1, not '${!v}'" ;; esac
done
for w in "${workloads[@]}"; do
  [ -f "$here/$w.wat" ] || die "unknown workload '$w' (no $here/$w.wat)"
done
[ ${#workloads[@]} -gt 0 ] || die "no workloads selected"
command -v python3 > /dev/null || die "python3 is missing (it prints the tables)"
command -v flock > /dev/null || die "flock is missing (util-linux)"

# GNU time (the shell keyword cannot report peak RSS).
if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    apt-get install -y -q time > /dev/null || die "could not install GNU time (apt-get install time)"
  fi
  [ -x /usr/bin/time ] || die "GNU time is missing: apt-get install time"
fi

# Wasmtime's Python package, from the peers' installer (once).
py=$peers/venv/bin/python
if ! [ -x "$py" ] || ! "$py" -c 'import wasmtime' 2> /dev/null; then
  [ -f "$installer" ] || die "the peers are not installed in $peers and the installer $installer is missing"
  # The installer also runs `cargo install` (wasmi).
  flock "$cargo_lock" bash "$installer" "$peers" || die "installing the peers with $installer failed"
  "$py" -c 'import wasmtime' || die "Wasmtime's Python package is missing from $peers/venv after installation"
fi

# Spindle, both builds (cargo rebuilds each only if needed).
if [ -n "${SPINDLE:-}" ]; then
  spindle=$SPINDLE
else
  # From / with RUSTFLAGS unset, as benches/compare.sh builds it.
  cp "$repo/Cargo.lock" "$repo/benches/embedder/Cargo.lock"
  (cd / && env -u RUSTFLAGS -u CARGO_ENCODED_RUSTFLAGS -u CARGO_BUILD_RUSTFLAGS \
     flock "$cargo_lock" cargo build --release --quiet --manifest-path "$repo/benches/embedder/Cargo.toml" \
       --target-dir "$repo/target/embedder") || die "building the embedder's spindle (benches/embedder) failed"
  spindle=$repo/target/embedder/release/spindle
fi
[ -x "$spindle" ] || die "spindle binary $spindle is missing"
spindle=$(cd "$(dirname "$spindle")" && pwd)/$(basename "$spindle")
spindle_repo=""
if [ "${REPO:-1}" != 0 ]; then
  if [ -n "${SPINDLE_REPO:-}" ]; then
    spindle_repo=$SPINDLE_REPO
  else
    (cd "$repo" && flock "$cargo_lock" cargo build --release --quiet --features gc --bin spindle \
       --target-dir "$repo/target") || die "building spindle failed"
    spindle_repo=$repo/target/release/spindle
  fi
  [ -x "$spindle_repo" ] || die "spindle binary $spindle_repo is missing"
  spindle_repo=$(cd "$(dirname "$spindle_repo")" && pwd)/$(basename "$spindle_repo")
fi

runtimes=(spindle)
[ -z "$spindle_repo" ] || runtimes+=(spindle-repo)
runtimes+=(wasmtime)
[ "${PULLEY:-1}" = 0 ] || runtimes+=(pulley)

mkdir -p "$out/wasm"
exec 9> "$out/.lock"
flock -n 9 || die "another benches/gc/run.sh is running; wait for it (two runs at once skew each other's timings)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The modules, from the text format by Wasmtime's parser, so that every
# runtime loads the same binary.
for w in "${workloads[@]}"; do
  "$py" "$here/wasmtime-gc.py" --wat2wasm "$here/$w.wat" "$out/wasm/$w.wasm" || die "translating $w.wat failed"
done

size_of() {
  case $1 in binary-trees) echo "$depth" ;; list-sort) echo "$list_n" ;; arrays) echo "$array_ops" ;; esac
}

# command_for RUNTIME WORKLOAD: the command line, one word a line.
command_for() {
  local rt=$1 w=$2 wasm=$out/wasm/$2.wasm size
  size=$(size_of "$w")
  case $rt in
    spindle) printf '%s\n' "$spindle" run --invoke run "$wasm" "$size" ;;
    spindle-repo) printf '%s\n' "$spindle_repo" run --invoke run "$wasm" "$size" ;;
    wasmtime) printf '%s\n' env WASMTIME_CACHE=1 "$py" "$here/wasmtime-gc.py" "$wasm" run "$size" ;;
    pulley) printf '%s\n' env WASMTIME_CACHE=1 WASMTIME_TARGET=pulley64 "$py" "$here/wasmtime-gc.py" "$wasm" run "$size" ;;
  esac
}

# run_one RUNTIME WORKLOAD [EXPECTED]: runs it once; sets $user, $sys,
# $cpu (their sum; seconds), $rss (KiB), $result (its output) and $why
# (empty if it succeeded and, given EXPECTED, printed it).
run_one() {
  local rt=$1 w=$2 expected=${3:-} status=0 cap=0
  mapfile -t cmd < <(command_for "$rt" "$w")
  case $rt in spindle*) cap=$((vmem * 1024)) ;; esac
  (cd "$tmp" && { [ "$cap" = 0 ] || ulimit -v "$cap"; } &&
     /usr/bin/time -f '%U %S %M' -o "$tmp/time" timeout "$limit" "${cmd[@]}") > "$tmp/out" 2> "$tmp/err" || status=$?
  # GNU time may print a "Command terminated ..." line first; the numbers are last.
  read -r user sys rss < <(tail -n 1 "$tmp/time")
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')
  result=$(tr -d '\n' < "$tmp/out")
  why=""
  if [ "$status" != 0 ]; then
    why="exit status $status"
    [ "$status" != 124 ] || why="timed out after ${limit} s"
    local last
    last=$(grep -v '^\s*$' "$tmp/err" | grep -v 'skipping backtrace' | tail -n 1 | cut -c1-100 | tr '\t|' '  ' || true)
    [ -z "$last" ] || why="$why: $last"
  elif [ -n "$expected" ] && [ "$result" != "$expected" ]; then
    why="wrong checksum $(printf '%.40s' "$result") (expected $expected)"
  elif [ -z "$result" ]; then
    why="no output"
  fi
  if [ -n "$why" ]; then
    {
      echo "gc/run.sh: FAILED: $rt on $w: $why"
      echo "  command: ${cmd[*]}"
      echo "  stderr (last lines):"; tail -n 5 "$tmp/err" | sed 's/^/    /'
    } >&2
  fi
}

echo "gc/run.sh: $rounds rounds x ${#workloads[@]} workloads x ${#runtimes[@]} runtimes; commit $(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown), $(nproc) CPUs" >&2

# The expected checksums: Wasmtime's output (untimed; fills its cache).
declare -A expected
for w in "${workloads[@]}"; do
  echo "gc/run.sh: $w ($(size_of "$w")): Wasmtime's checksum (untimed)" >&2
  run_one wasmtime "$w"
  [ -z "$why" ] || die "Wasmtime, the reference, failed on $w: $why"
  expected[$w]=$result
  echo "gc/run.sh:   $result" >&2
  if [[ " ${runtimes[*]} " == *" pulley "* ]]; then
    echo "gc/run.sh: $w: compiling for Pulley into Wasmtime's cache (untimed)" >&2
    run_one pulley "$w" "$result" || true
  fi
done

results=$out/results-$(date -u +%Y%m%dT%H%M%SZ).tsv
printf 'round\tworkload\tsize\truntime\tcpu_s\tuser_s\tsys_s\tpeak_rss_kib\tfailure\n' > "$results"
for round in $(seq 1 "$rounds"); do
  for w in "${workloads[@]}"; do
    for rt in "${runtimes[@]}"; do
      run_one "$rt" "$w" "${expected[$w]}"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$w" "$(size_of "$w")" "$rt" "$cpu" "$user" "$sys" "$rss" "$why" >> "$results"
      printf 'round %s/%s  %-13s %-13s %7.2f s (sys %5.2f) %8.1f MiB %s\n' "$round" "$rounds" "$w" "$rt" "$cpu" "$sys" \
        "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "${why:+FAILED}" >&2
    done
  done
done
cp "$results" "$out/results.tsv"

# Tables: medians over rounds; a runtime that failed in any round is
# reported as failed, with its first reason.
python3 - "$results" "${runtimes[@]}" <<'PY'
import csv, statistics, sys
from collections import defaultdict

path, runtimes = sys.argv[1], sys.argv[2:]
cpu, sys_, rss = defaultdict(list), defaultdict(list), defaultdict(list)
fail, sizes, order = {}, {}, []
with open(path) as f:
    for row in csv.DictReader(f, delimiter="\t"):
        key = (row["workload"], row["runtime"])
        cpu[key].append(float(row["cpu_s"]))
        sys_[key].append(float(row["sys_s"]))
        rss[key].append(int(row["peak_rss_kib"]) / 1024)
        if row["failure"] and key not in fail:
            fail[key] = row["failure"]
        sizes[row["workload"]] = row["size"]
        if row["workload"] not in order:
            order.append(row["workload"])
rounds = max(len(v) for v in cpu.values())
med = lambda xs: statistics.median(xs)

def cpu_cell(w, rt):
    if (w, rt) in fail:
        return "failed: " + fail[(w, rt)]
    return f"{med(cpu[(w, rt)]):.2f} ({med(sys_[(w, rt)]):.2f})"

def ratio(w, a, b):
    if a not in runtimes or b not in runtimes or (w, a) in fail or (w, b) in fail:
        return "—"
    x, y = med(cpu[(w, a)]), med(cpu[(w, b)])
    return f"{x / y:.2f}" if x > 0 and y > 0 else "—"

print(f"Medians over {rounds} rounds. CPU = user + sys seconds of the whole process "
      "(Wasmtime's and Pulley's include starting Python and loading cached code). "
      "spindle = the embedder's build (benches/embedder), spindle-repo = this repository's build.")
print()
print("**CPU time: user + sys (sys) seconds**")
print()
ratios = [(a, b) for a, b in (("spindle", "wasmtime"), ("spindle", "pulley"), ("pulley", "wasmtime")) if a in runtimes and b in runtimes]
head = ["workload", "size"] + [f"{rt} (s)" for rt in runtimes] + [f"{a}/{b}" for a, b in ratios]
print("| " + " | ".join(head) + " |")
print("|" + "---|" * len(head))
for w in order:
    cells = [w, sizes[w]] + [cpu_cell(w, rt) for rt in runtimes] + [ratio(w, a, b) for a, b in ratios]
    print("| " + " | ".join(cells) + " |")
print()
print("**Peak RSS (MiB; of a failed run: at its end)**")
print()
head = ["workload", "size"] + [f"{rt} (MiB)" for rt in runtimes]
print("| " + " | ".join(head) + " |")
print("|" + "---|" * len(head))
for w in order:
    cells = [w, sizes[w]]
    for rt in runtimes:
        c = f"{med(rss[(w, rt)]):.1f}"
        cells.append(c + (" (failed)" if (w, rt) in fail else ""))
    print("| " + " | ".join(cells) + " |")
PY
echo "gc/run.sh: raw measurements in $results" >&2
