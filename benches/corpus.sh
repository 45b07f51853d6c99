#!/usr/bin/env bash
# Instruction counts of one spindle binary on a corpus of programs that
# Spindle was not tuned on, to judge fused ops (superinstructions) on broad
# code: run it on the binary before and after a change, and compare the two
# with --baseline. Counts come from cachegrind (`valgrind --tool=cachegrind
# --cache-sim=no`), which is repeatable where timings on this shared 2-core
# machine are not; each run is under `nice -n 10`. A count is user-space
# instructions of the whole process (load, validation, compilation, run).
#
# Corpus (every output is checked; a wrong or failed run is never counted):
# the compute kernels of benches/compare.sh except `empty` (all start-up,
# which compare.sh already covers), the programs python, quickjs and yosys,
# and the start-ups yosys-V and python-c-pass, all defined (with how each
# output is checked) in benches/workloads.sh, which compare.sh shares.
# Groups for --only/--skip: kernels, programs (python quickjs yosys),
# startup (yosys-V python-c-pass). Under cachegrind on this machine the
# whole corpus took 4-5 minutes when this was written (the wall time of
# each run is on stderr).
#
# usage: benches/corpus.sh [--only a,b] [--skip a,b] [--baseline FILE] SPINDLE
#   --only LIST      measure only these programs or groups (comma-separated)
#   --skip LIST      leave out these programs or groups
#   --baseline FILE  a TSV written by an earlier run: adds columns baseline
#                    and ratio (this/baseline; < 1 means fewer instructions)
#                    and the geometric mean of the ratios over the programs
#                    in both
#   --op-stats DIR   instead of cachegrind, run SPINDLE (built with the
#                    op-stats feature) with `--op-stats`, outputs still
#                    checked, and keep each program's counts of every op
#                    and run of ops in DIR/PROGRAM.txt; the table then
#                    shows dispatches, not instructions, and the TSV is
#                    DIR/dispatches.tsv (benches/fused-report.py reads DIR)
#   --list           print the program names and exit
#   TIMEOUT=s        limit for one run under cachegrind (default 1800)
# Prints a table (program, instructions, [baseline, ratio]) on stdout and
# progress with wall times on stderr; writes the counts to
# target/corpus/<binary name>-<UTC time>.tsv (`program<TAB>instructions`,
# after `#` lines naming the binary and a fingerprint of the corpus inputs;
# a baseline with another fingerprint gets a warning). Exits non-zero if any
# run failed or printed a wrong answer (the others are still measured).
# Downloads the packages, as tests/programs/run.sh does, with pip into
# tests/programs/.cache (git-ignored) on first use.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
limit=${TIMEOUT:-1800}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$here/workloads.sh"

die() { echo "corpus.sh: $*" >&2; exit 2; }
usage() { sed -n '/^# usage:/,/^# Downloads/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2; exit 2; }

mapfile -t kernels < <(wl_kernels | grep -vx empty)
programs=("${wl_programs[@]}")
startup=("${wl_startups[@]}")
all=("${kernels[@]}" "${programs[@]}" "${startup[@]}")

# expand LIST: program names, one a line, for a comma-separated list of names and groups.
expand() {
  local item
  for item in ${1//,/ }; do
    case $item in
      kernels) printf '%s\n' "${kernels[@]}" ;;
      programs) printf '%s\n' "${programs[@]}" ;;
      startup) printf '%s\n' "${startup[@]}" ;;
      *) [[ " ${all[*]} " == *" $item "* ]] || die "unknown program or group '$item' (--list shows them)"
         echo "$item" ;;
    esac
  done
}

only="" skip="" baseline="" spindle="" stats_dir=""
while [ $# -gt 0 ]; do
  case $1 in
    --only) [ $# -ge 2 ] || usage; only=$(expand "$2"); shift 2 ;;
    --only=*) only=$(expand "${1#*=}"); shift ;;
    --skip) [ $# -ge 2 ] || usage; skip=$(expand "$2"); shift 2 ;;
    --skip=*) skip=$(expand "${1#*=}"); shift ;;
    --baseline) [ $# -ge 2 ] || usage; baseline=$2; shift 2 ;;
    --baseline=*) baseline=${1#*=}; shift ;;
    --op-stats) [ $# -ge 2 ] || usage; stats_dir=$2; shift 2 ;;
    --op-stats=*) stats_dir=${1#*=}; shift ;;
    --list) printf '%s\n' "${all[@]}"; exit 0 ;;
    -h | --help) usage ;;
    -*) die "unknown option $1" ;;
    *) [ -z "$spindle" ] || die "one binary only (got '$spindle' and '$1')"; spindle=$1; shift ;;
  esac
done
[ -n "$spindle" ] || usage
[ -x "$spindle" ] || die "$spindle is not an executable"
spindle=$(cd "$(dirname "$spindle")" && pwd)/$(basename "$spindle")
[ -z "$baseline" ] || [ -f "$baseline" ] || die "baseline $baseline not found"
# Absolute: the runs happen in the workloads' folder.
[ -z "$baseline" ] || baseline=$(cd "$(dirname "$baseline")" && pwd)/$(basename "$baseline")
[ -z "$stats_dir" ] || [ -z "$baseline" ] || die "--op-stats and --baseline do not go together"
if [ -n "$stats_dir" ]; then
  mkdir -p "$stats_dir" || die "cannot create $stats_dir"
  stats_dir=$(cd "$stats_dir" && pwd)
  "$spindle" run --help 2>&1 | grep -q -- --op-stats \
    || die "$spindle has no --op-stats: build it with --features op-stats (see README)"
fi
case $limit in '' | *[!0-9]* | 0) die "TIMEOUT must be a positive integer, not '$limit'" ;; esac

selected=()
for p in "${all[@]}"; do
  if [ -n "$only" ] && ! grep -qx -- "$p" <<< "$only"; then continue; fi
  if [ -n "$skip" ] && grep -qx -- "$p" <<< "$skip"; then continue; fi
  selected+=("$p")
done
[ ${#selected[@]} -gt 0 ] || die "no program selected"

if ! command -v valgrind > /dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    apt-get install -y -q valgrind > /dev/null || die "could not install valgrind (apt-get install valgrind)"
  fi
  command -v valgrind > /dev/null || die "valgrind is missing: apt-get install valgrind"
fi

wl_prepare "${selected[@]}"
cd "$wl_run"

# command_for PROGRAM: the spindle command line, one word a line.
command_for() { printf '%s\n' "$spindle" run; wl_args "$1"; }

# A fingerprint of the corpus (all of it, so that a run of a subset matches
# a full baseline): the inputs and the sizes.
fingerprint=$( { cat "$wl_corpus/work.py" "$wl_corpus/work.js" "$wl_corpus/design.v" "$wl_expected"; echo "$wl_py_n $wl_js_n";
                 for k in "${kernels[@]}"; do cat "$wl_kdir/wasm/$k.wasm"; done; } \
               | sha256sum | cut -c1-16)

outdir=$repo/target/corpus
mkdir -p "$outdir"
tsv=$outdir/$(basename "$spindle")-$(date -u +%Y%m%dT%H%M%SZ).tsv
[ -z "$stats_dir" ] || tsv=$stats_dir/dispatches.tsv
{
  echo "# binary: $spindle (sha256 $(sha256sum "$spindle" | cut -c1-16))"
  echo "# corpus: $fingerprint (commit $(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown))"
  printf 'program\tinstructions\n'
} > "$tsv.part"

if [ -n "$baseline" ]; then
  base_fp=$(sed -n 's/^# corpus: \([0-9a-f]*\).*/\1/p' "$baseline")
  [ "$base_fp" = "$fingerprint" ] \
    || echo "corpus.sh: warning: $baseline measured corpus ${base_fp:-?}, this run measures $fingerprint (other inputs, sizes or programs): programs may not be comparable" >&2
fi
base_of() { [ -n "$baseline" ] && awk -F'\t' -v p="$1" '$1 == p { print $2 }' "$baseline" | head -n 1; }

echo "corpus.sh: ${#selected[@]} programs under cachegrind, binary $spindle" >&2
if [ -n "$baseline" ]; then
  printf '%-14s %16s %16s %8s\n' program instructions baseline ratio
else
  printf '%-14s %16s\n' program "$([ -n "$stats_dir" ] && echo dispatches || echo instructions)"
fi

failed=()
start_all=$(date +%s)
for p in "${selected[@]}"; do
  mapfile -t cmd < <(command_for "$p")
  wl_before "$p"
  status=0
  t0=$(date +%s.%N)
  if [ -n "$stats_dir" ]; then
    # `spindle run --op-stats N ...`: every op and run (N above their number).
    nice -n 10 timeout "$limit" "${cmd[0]}" run --op-stats 100000000 "${cmd[@]:2}" \
      > "$tmp/out" 2> "$tmp/err" || status=$?
    cp "$tmp/err" "$stats_dir/$p.txt"
    # The dispatches: the sum of the single-op counts.
    refs=$(awk 'NR > 1 && NF == 2 { n += $1 } END { if (n) printf "%.0f", n }' "$tmp/err")
  else
    nice -n 10 timeout "$limit" valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
      --log-file="$tmp/vg.log" "${cmd[@]}" > "$tmp/out" 2> "$tmp/err" || status=$?
    refs=$(sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' "$tmp/vg.log" | tr -d ,)
  fi
  wall=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  why=""
  if [ "$status" != 0 ]; then
    why="exit status $status$( [ "$status" = 124 ] && echo " (timed out after ${limit} s)")"
  elif [ -z "$refs" ]; then
    why="no count: no 'I refs' line in valgrind's log (or no op-stats output)"
  elif ! why=$(wl_check "$p" "$tmp/out"); then
    :
  else
    why=""
  fi
  if [ -n "$why" ]; then
    failed+=("$p")
    {
      echo "corpus.sh: WRONG OR FAILED: $p: $why"
      echo "  command: ${cmd[*]}"
      echo "  stdout (last lines):"; tail -n 5 "$tmp/out" | sed 's/^/    /'
      echo "  stderr (last lines):"; tail -n 5 "$tmp/err" | sed 's/^/    /'
    } >&2
    printf '%-14s %16s\n' "$p" FAILED
    continue
  fi
  printf 'corpus.sh: %-14s %6s s under cachegrind\n' "$p" "$wall" >&2
  printf '%s\t%s\n' "$p" "$refs" >> "$tsv.part"
  if [ -n "$baseline" ]; then
    base=$(base_of "$p")
    if [ -n "$base" ]; then
      printf '%-14s %16s %16s %8s\n' "$p" "$refs" "$base" "$(awk -v a="$refs" -v b="$base" 'BEGIN { printf "%.4f", a / b }')"
    else
      printf '%-14s %16s %16s %8s\n' "$p" "$refs" "—" "—"
    fi
  else
    printf '%-14s %16s\n' "$p" "$refs"
  fi
done
mv "$tsv.part" "$tsv"

# Geometric means: of the counts, and of the ratios over the programs in both.
awk -F'\t' -v base="$baseline" '
  function fmt(x) { return sprintf("%.0f", x) }
  BEGIN {
    if (base != "") while ((getline line < base) > 0) {
      if (line ~ /^#/ || line ~ /^program\t/) continue
      split(line, f, "\t"); b[f[1]] = f[2]
    }
  }
  /^#/ || /^program\t/ { next }
  { n++; s += log($2); if ($1 in b) { m++; sa += log($2); sb += log(b[$1]) } }
  END {
    if (n == 0) exit
    if (base == "") { printf "%-14s %16s\n", "geomean", fmt(exp(s / n)); exit }
    if (m == 0) { printf "%-14s %16s %16s %8s\n", "geomean", fmt(exp(s / n)), "—", "—"; exit }
    # Over the programs in both, so that the ratio is the mean of the ratios.
    printf "%-14s %16s %16s %8.4f\n", "geomean", fmt(exp(sa / m)), fmt(exp(sb / m)), exp((sa - sb) / m)
    if (m < n) printf "(geomean over the %d of %d programs that the baseline has)\n", m, n
  }' "$tsv"

echo "corpus.sh: $(( $(date +%s) - start_all )) s in all; counts in $tsv" >&2
if [ ${#failed[@]} -gt 0 ]; then
  echo "corpus.sh: FAILED: ${failed[*]}" >&2
  exit 1
fi
