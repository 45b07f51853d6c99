#!/usr/bin/env bash
# Side-by-side benchmark: Spindle against wasmi 2.0 (interpreter), wasm3 0.5
# (interpreter, through pywasm3), Wasmtime 50 (Cranelift JIT, through its
# Python package) and Pulley (Wasmtime's portable interpreter, same
# package), each run as a separate process from the command line.
#
# Spindle runs in two builds:
#   spindle       the embedder's build: benches/embedder/, an application
#                 that depends on the library by path and builds the CLI's
#                 source, compiled from outside this repository with
#                 RUSTFLAGS unset, so none of our configuration
#                 (.cargo/config.toml) reaches it. What a user who adds
#                 Spindle to their Cargo.toml gets; the ratios are its.
#   spindle-repo  this repository's `cargo build --release --bin spindle`
#                 (REPO=0 leaves it out). The repository sets no flags of
#                 its own any more, so the two builds should match within
#                 noise; the column checks that nothing else differs.
#
# Workloads (defined in benches/workloads.sh, shared with corpus.sh, which
# also checks each output):
#   - the compute kernels (benches/kernels/wasm/*.wasm) and `empty`, each
#     runtime's start-up floor; the `simd_*` kernels use 128-bit SIMD,
#     which wasm3 does not have, and have a table of their own;
#   - the programs (PROGRAMS=0 leaves them out): CPython running
#     benches/corpus/work.py, QuickJS running work.js, and a yosys
#     synthesis; wasm3 (no WASI here) does not run them;
#   - the start-ups (STARTUP=0 leaves them out): `yosys.wasm -V` and
#     `python.wasm -c pass`, with full validation, and the same two with
#     function bodies validated on first call (`-lazy`: spindle
#     --lazy-validation, wasmi --compilation-mode lazy; wasmtime has no
#     such mode), the peers' closest match to wasm3, which never validates.
#     Pulley does not run start-ups: they would time Cranelift.
# Wasmtime and Pulley keep compiled code in Wasmtime's cache
# (~/.cache/wasmtime, WASMTIME_CACHE=1 of peers' wasmtime-run), filled by
# one untimed run of each workload before the first round: their times are
# loading the cached code and running it, as a Wasmtime user with the
# cache (its CLI's default) sees from the second run on.
# Runs are interleaved (for each round, for each workload, for each
# runtime) so that slow drifts of a shared machine hit every runtime alike.
# Each process's CPU time (user + sys) and peak RSS come from GNU time.
# Every output is checked; a wrong answer or a failed run stops the script.
#
# usage: benches/compare.sh
#   ROUNDS=N        rounds (default 5); the tables show medians over rounds
#   KERNELS="a b"   only these compute kernels (default: all in expected.txt;
#                   KERNELS=none: no kernels)
#   PROGRAMS=0      leave out the programs
#   STARTUP=0       leave out the start-ups
#   WASI=0          leave out both (programs and start-ups)
#   PULLEY=0        leave out Pulley
#   REPO=0          leave out this repository's build
#   SPINDLE=path    the embedder's build: use this binary instead of building
#   SPINDLE_REPO=path  this repository's build: use this binary instead
#   TIMEOUT=s       limit for one run (default 600)
# Raw measurements go to target/compare/results-<UTC time>.tsv (a copy of
# the last complete run is target/compare/results.tsv). Only one compare.sh
# runs at a time (target/compare/.lock): two at once would skew each other.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
rounds=${ROUNDS:-5}
limit=${TIMEOUT:-600}
peers=$repo/peers
installer=$repo/../shared/peers/install.sh

die() { echo "compare.sh: $*" >&2; exit 1; }

case $rounds in '' | *[!0-9]* | 0) die "ROUNDS must be a positive integer, not '$rounds'" ;; esac
case $limit in '' | *[!0-9]* | 0) die "TIMEOUT must be a positive integer, not '$limit'" ;; esac
for v in PROGRAMS STARTUP WASI PULLEY REPO; do
  case ${!v:-1} in 0 | 1) ;; *) die "$v must be 0 or 1, not '${!v}'" ;; esac
done

# GNU time (the shell keyword cannot report peak RSS).
if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    apt-get install -y -q time > /dev/null || die "could not install GNU time (apt-get install time)"
  fi
  [ -x /usr/bin/time ] || die "GNU time is missing: apt-get install time"
fi

# Peers: install once into <repo>/peers.
peer_bins=(wasmi wasm3-invoke wasmtime-run pulley-run)
have_peers() { local p; for p in "${peer_bins[@]}"; do [ -x "$peers/bin/$p" ] || return 1; done; }
if ! have_peers; then
  [ -f "$installer" ] || die "peers are not installed in $peers and the installer $installer is missing"
  bash "$installer" "$peers" || die "installing the peers with $installer failed"
fi
for p in "${peer_bins[@]}"; do
  [ -x "$peers/bin/$p" ] || die "peer $peers/bin/$p is missing after installation"
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$here/workloads.sh"

# Workloads: the kernels listed in expected.txt, the programs, the start-ups.
[ -f "$wl_expected" ] || die "$wl_expected is missing (run benches/kernels/build.sh)"
workloads=()
if [ "${KERNELS:-}" != none ]; then
  for name in $(wl_kernels); do
    if [ -n "${KERNELS:-}" ] && ! [[ " $KERNELS " == *" $name "* ]]; then continue; fi
    [ -f "$wl_kdir/wasm/$name.wasm" ] || die "$wl_kdir/wasm/$name.wasm is missing (run benches/kernels/build.sh)"
    workloads+=("$name")
  done
fi
if [ "${WASI:-1}" != 0 ] && [ "${PROGRAMS:-1}" != 0 ]; then workloads+=("${wl_programs[@]}"); fi
if [ "${WASI:-1}" != 0 ] && [ "${STARTUP:-1}" != 0 ]; then
  for w in "${wl_startups[@]}"; do workloads+=("$w" "$w-lazy"); done
fi
[ ${#workloads[@]} -gt 0 ] || die "no workloads selected (KERNELS='${KERNELS:-}')"
# The packages the programs and start-ups need (fetched once), the scratch
# folders, the expected outputs.
wl_prepare "${workloads[@]%-lazy}"
for f in "$wl_python" "$wl_quickjs" "$wl_yosys"; do [ -f "$f" ] || die "$f is missing after fetching"; done

# Spindle, both builds (cargo rebuilds each only if needed).
if [ -n "${SPINDLE:-}" ]; then
  spindle=$SPINDLE
else
  # From / with RUSTFLAGS unset: cargo reads .cargo/config.toml from the
  # folders above the one it runs in, so from here it would find ours.
  cp "$repo/Cargo.lock" "$here/embedder/Cargo.lock"
  (cd / && env -u RUSTFLAGS -u CARGO_ENCODED_RUSTFLAGS -u CARGO_BUILD_RUSTFLAGS \
     cargo build --release --quiet --manifest-path "$here/embedder/Cargo.toml" \
       --target-dir "$repo/target/embedder") || die "building the embedder's spindle (benches/embedder) failed"
  spindle=$repo/target/embedder/release/spindle
fi
[ -x "$spindle" ] || die "spindle binary $spindle is missing"
spindle_repo=""
if [ "${REPO:-1}" != 0 ]; then
  if [ -n "${SPINDLE_REPO:-}" ]; then
    spindle_repo=$SPINDLE_REPO
  else
    (cd "$repo" && cargo build --release --quiet --bin spindle) || die "building spindle failed"
    spindle_repo=$repo/target/release/spindle
  fi
  [ -x "$spindle_repo" ] || die "spindle binary $spindle_repo is missing"
fi
spindle=$(cd "$(dirname "$spindle")" && pwd)/$(basename "$spindle")
[ -z "$spindle_repo" ] || spindle_repo=$(cd "$(dirname "$spindle_repo")" && pwd)/$(basename "$spindle_repo")

# command_for RUNTIME WORKLOAD: prints the command line, one word a line.
command_for() {
  local rt=$1 w=$2 lazy=()
  case $w in *-lazy) case $rt in spindle*) lazy=(--lazy-validation) ;; wasmi) lazy=(--compilation-mode lazy) ;; esac ;; esac
  case $rt in
    spindle) printf '%s\n' "$spindle" run "${lazy[@]}" ;;
    spindle-repo) printf '%s\n' "$spindle_repo" run "${lazy[@]}" ;;
    wasmi) printf '%s\n' "$peers/bin/wasmi" run "${lazy[@]}" ;;
    wasmtime) printf '%s\n' env WASMTIME_CACHE=1 "$peers/bin/wasmtime-run" ;;
    pulley) printf '%s\n' env WASMTIME_CACHE=1 "$peers/bin/pulley-run" ;;
    wasm3) printf '%s\n' "$peers/bin/wasm3-invoke" "$wl_kdir/wasm/$w.wasm" run; return ;;
  esac
  wl_args "${w%-lazy}"
}

outdir=$repo/target/compare
mkdir -p "$outdir"
exec 9> "$outdir/.lock"
flock -n 9 || die "another benches/compare.sh is running; wait for it (two runs at once skew each other's timings)"
results=$outdir/results-$(date -u +%Y%m%dT%H%M%SZ).tsv
printf 'round\tworkload\truntime\tcpu_s\tpeak_rss_kib\n' > "$results"

# Which runtimes run a workload: wasm3 has no SIMD and no WASI here; only
# Spindle and wasmi have a lazy mode; Pulley leaves out start-ups.
runtimes_for() {
  local rts=(spindle) w=$1
  [ -z "$spindle_repo" ] || rts+=(spindle-repo)
  rts+=(wasmi)
  case $w in
    *-lazy) ;;
    yosys-V | python-c-pass) rts+=(wasmtime) ;;
    simd_* | python | quickjs | yosys) rts+=(wasmtime pulley) ;;
    *) rts+=(wasm3 wasmtime pulley) ;;
  esac
  for rt in "${rts[@]}"; do [ "$rt" = pulley ] && [ "${PULLEY:-1}" = 0 ] || echo "$rt"; done
}

# run_one RUNTIME WORKLOAD: runs it once in the workloads' folder; stops
# the script on a failure or a wrong output; leaves "user sys rss" in
# $tmp/time's last line.
run_one() {
  local rt=$1 w=$2 status=0 why
  mapfile -t cmd < <(command_for "$rt" "$w")
  wl_before "${w%-lazy}"
  (cd "$wl_run" && /usr/bin/time -f '%U %S %M' -o "$tmp/time" timeout "$limit" "${cmd[@]}") > "$tmp/out" 2> "$tmp/err" || status=$?
  if [ "$status" != 0 ]; then
    why="exit status $status$( [ "$status" = 124 ] && echo " (timed out after ${limit} s)")"
  elif ! why=$(wl_check "${w%-lazy}" "$tmp/out"); then
    :
  else
    return 0
  fi
  {
    echo "compare.sh: WRONG OR FAILED: $rt on $w: $why"
    echo "  command: ${cmd[*]}"
    echo "  expected: $(wl_expected_of "${w%-lazy}")"
    echo "  stdout (last lines):"; tail -n 5 "$tmp/out" | sed 's/^/    /'
    echo "  stderr (last lines):"; tail -n 5 "$tmp/err" | sed 's/^/    /'
  } >&2
  exit 1
}

total=0
for w in "${workloads[@]}"; do total=$((total + $(runtimes_for "$w" | wc -l))); done
echo "compare.sh: $rounds rounds x $total runs; commit $(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown), $(nproc) CPUs" >&2

# Wasmtime's cache, filled once (untimed; checked all the same).
for w in "${workloads[@]}"; do
  for rt in $(runtimes_for "$w"); do
    case $rt in wasmtime | pulley) echo "compare.sh: compiling $w for $rt into Wasmtime's cache (untimed)" >&2; run_one "$rt" "$w" ;; esac
  done
done

for round in $(seq 1 "$rounds"); do
  for w in "${workloads[@]}"; do
    for rt in $(runtimes_for "$w"); do
      run_one "$rt" "$w"
      # GNU time may print a "Command exited ..." line first; the numbers are last.
      read -r user sys rss < <(tail -n 1 "$tmp/time")
      cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')
      printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$w" "$rt" "$cpu" "$rss" >> "$results"
      printf 'round %s/%s  %-18s %-12s %7.2f s %8.1f MiB\n' "$round" "$rounds" "$w" "$rt" "$cpu" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" >&2
    done
  done
done

# Tables: medians over rounds, ratios to the peers, geometric means.
python3 - "$results" <<'PY'
import csv, math, statistics, sys
from collections import defaultdict

cpu, rss, order, runtimes = defaultdict(list), defaultdict(list), [], set()
with open(sys.argv[1]) as f:
    for row in csv.DictReader(f, delimiter="\t"):
        key = (row["workload"], row["runtime"])
        cpu[key].append(float(row["cpu_s"]))
        rss[key].append(int(row["peak_rss_kib"]) / 1024)
        runtimes.add(row["runtime"])
        if row["workload"] not in order:
            order.append(row["workload"])
names = {"yosys-V": "yosys -V", "python-c-pass": "python -c pass",
         "yosys-V-lazy": "yosys -V, lazy validation",
         "python-c-pass-lazy": "python -c pass, lazy validation",
         "python": "CPython work.py", "quickjs": "QuickJS work.js",
         "yosys": "yosys synthesis"}
programs = [w for w in order if w in ("python", "quickjs", "yosys")]
startups = [w for w in order if w.startswith(("yosys-V", "python-c-pass"))]
# `empty` is the start-up floor, shown apart and left out of the means.
# The SIMD kernels (no wasm3) have their own table and means, so that the
# scalar kernels' means stay comparable with earlier runs.
floor = [w for w in order if w == "empty"]
simd = [w for w in order if w.startswith("simd_")]
kernels = [w for w in order if w not in programs + startups + floor + simd]
builds = [b for b in ("spindle", "spindle-repo") if b in runtimes]
med = lambda d, w, r: statistics.median(d[(w, r)]) if (w, r) in d else None
geo = lambda xs: math.exp(sum(map(math.log, xs)) / len(xs)) if xs else None
fmt = lambda x, spec: "—" if x is None else format(x, spec)

def cpu_table(title, ws, peers, geomean=True):
    peers = [p for p in peers if p in runtimes]
    rts = builds + peers
    # The embedder's build against every peer, and this repository's build
    # against wasmi.
    pairs = [("spindle", p) for p in peers]
    if "spindle-repo" in builds and "wasmi" in peers:
        pairs.append(("spindle-repo", "wasmi"))
    label = lambda a, b: f"{'repo' if a == 'spindle-repo' else 'spindle'}/{b}"
    print(f"\n{title}\n")
    print("| workload | " + " | ".join(f"{r} (s)" for r in rts) + " | " +
          " | ".join(label(a, b) for a, b in pairs) + " |")
    print("|---" * (1 + len(rts) + len(pairs)) + "|")
    ratios = defaultdict(list)
    for w in ws:
        cells = [fmt(med(cpu, w, r), ".3f") for r in rts]
        rs = []
        for a, b in pairs:
            x, y = med(cpu, w, a), med(cpu, w, b)
            r = x / y if x and y else None
            if r:
                ratios[(a, b)].append(r)
            rs.append(fmt(r, ".2f"))
        print(f"| {names.get(w, w)} | " + " | ".join(cells) + " | " + " | ".join(rs) + " |")
    if geomean:
        print(f"| **geometric mean** | " + " | ".join("" for _ in rts) + " | " +
              " | ".join(f"**{fmt(geo(ratios[pr]), '.2f')}**" for pr in pairs) + " |")

def rss_table(title, ws, peers):
    rts = builds + [p for p in peers if p in runtimes]
    print(f"\n{title}\n")
    print("| workload | " + " | ".join(f"{r} (MiB)" for r in rts) + " |")
    print("|---" * (1 + len(rts)) + "|")
    for w in ws:
        print(f"| {names.get(w, w)} | " + " | ".join(fmt(med(rss, w, r), ".1f") for r in rts) + " |")

n = max(len(v) for v in cpu.values())
print(f"Medians over {n} rounds (each workload and runtime). CPU = user + sys seconds of the whole process; "
      "ratio < 1: spindle is faster. spindle = the embedder's build (benches/embedder), "
      "spindle-repo = this repository's build.")
all_peers = ["wasmi", "wasm3", "wasmtime", "pulley"]
if kernels:
    cpu_table("Compute kernels: CPU time", kernels, all_peers)
if simd:
    cpu_table("SIMD kernels (128-bit SIMD; wasm3 has none): CPU time", simd, ["wasmi", "wasmtime", "pulley"])
if floor:
    cpu_table("Start-up floor (empty.wasm: load, instantiate, call `run` that returns 0): CPU time",
              floor, all_peers, geomean=False)
if programs:
    cpu_table("Programs (WASI; wasm3 has no WASI here): CPU time", programs, ["wasmi", "wasmtime", "pulley"])
if startups:
    cpu_table("WASI start-up: CPU time", startups, ["wasmi", "wasmtime"])
if kernels or simd or floor:
    rss_table("Compute kernels and start-up floor: peak RSS" + (" (—: not run, wasm3 has no SIMD)" if simd else ""),
              kernels + simd + floor, all_peers)
if programs or startups:
    rss_table("Programs and start-ups: peak RSS", programs + startups, ["wasmi", "wasmtime", "pulley"])
PY
cp "$results" "$outdir/results.tsv"
echo >&2
echo "compare.sh: raw measurements in $results" >&2
