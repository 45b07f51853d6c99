#!/usr/bin/env bash
# Builds the C API library (capi/) and runs the C tests in capi/tests/:
# each program is compiled with AddressSanitizer and UndefinedBehaviorSanitizer,
# linked with target/release/libspindle.a, and run with LeakSanitizer on; a
# nonzero exit or any sanitizer report fails it. portable.c, written only
# against wasm.h, is also built against the wasmtime C API library that the
# pip package `wasmtime` ships, and both builds must print the same thing.
# One test also runs under valgrind when valgrind is installed (valgrind.supp:
# one optimiser false positive in wasmparser; no leak is suppressed).
#
# Usage: capi/tests/run.sh [TEST...]     (from any folder; default: all)
# Environment: CC (the C compiler; default cc, else clang),
#   CAPI_SKIP_PEER=1 (skip the wasmtime comparison),
#   CAPI_SKIP_VALGRIND=1 (skip valgrind even if installed).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/target/capi-tests"
cd "$root"
mkdir -p "$out/wasm"

all_tests=(objects callbacks traps multivalue memory wasi fuel refcount portable quickstart)
if [ $# -gt 0 ]; then tests=("$@"); else tests=("${all_tests[@]}"); fi

passed=0
failed=0
failed_names=()
pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); failed_names+=("$1"); echo "FAIL $1${2:+: $2}"; }

# --- tools ------------------------------------------------------------------
command -v wat2wasm >/dev/null || { apt-get update && apt-get install -y wabt; }

sanitize=(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g)
pick_cc() {
  local c
  for c in "${CC:-}" cc clang gcc; do
    [ -n "$c" ] && command -v "$c" >/dev/null || continue
    if echo 'int main(void){return 0;}' |
        "$c" "${sanitize[@]}" -x c - -o "$out/.cc-probe" 2>/dev/null; then
      echo "$c"
      return 0
    fi
  done
  return 1
}
if ! CC="$(pick_cc)"; then
  apt-get update && apt-get install -y clang
  CC="$(pick_cc)"
fi
echo "compiler: $CC ($("$CC" --version | head -n1))"

# --- wasm.h and the library ---------------------------------------------------
bash capi/header.sh
cargo build --release -p spindle-c-api
lib="$root/target/release/libspindle.a"
[ -f "$lib" ] || { echo "run.sh: $lib was not built" >&2; exit 1; }

# --- the wasm modules ---------------------------------------------------------
for wat in "$here"/wat/*.wat; do
  wat2wasm "$wat" -o "$out/wasm/$(basename "${wat%.wat}").wasm"
done

# --- every declared function is defined --------------------------------------
echo "== symbols"
if python3 "$here/symbols.py" capi/include/wasm.h capi/include/spindle.h \
    "$root/target/release/libspindle.so"; then
  pass symbols
else
  fail symbols "the library lacks functions the headers declare"
fi

# --- spindle.h compiles on its own --------------------------------------------
echo "== header"
printf '#include "spindle.h"\nint main(void) { return 0; }\n' > "$out/header.c"
if "$CC" -Wall -Wextra -Werror -I capi/include -c "$out/header.c" -o "$out/header.o" \
    > "$out/header.log" 2>&1; then
  pass header
else
  cat "$out/header.log"
  fail header "spindle.h does not compile when included alone"
fi

# --- the programs ---------------------------------------------------------------
sanitizer_report='ERROR: (Address|Leak)Sanitizer|runtime error:|SUMMARY: (Address|UndefinedBehavior)Sanitizer'
# Full stacks through the (frame-pointer-less) Rust code, down to the test line.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1:fast_unwind_on_malloc=0:malloc_context_size=64"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="report_objects=1"

for t in "${tests[@]}"; do
  echo "== $t"
  src="$here/$t.c"
  # The README's quick start (capi/examples/): it must build and print its line.
  [ "$t" = quickstart ] && src="$root/capi/examples/quickstart.c"
  [ -f "$src" ] || { fail "$t" "no such test $src"; continue; }
  if ! "$CC" "${sanitize[@]}" -Wall -Wextra -I capi/include "$src" "$lib" \
      -lpthread -ldl -lm -o "$out/$t" > "$out/$t.build.log" 2>&1; then
    cat "$out/$t.build.log"
    fail "$t" "does not compile or link"
    continue
  fi
  if [ "$t" = portable ]; then arg="$out/wasm/portable.wasm"; else arg="$out/wasm"; fi
  set +e
  "$out/$t" "$arg" > "$out/$t.log" 2> "$out/$t.stderr"
  rc=$?
  set -e
  cat "$out/$t.log" "$out/$t.stderr"
  if [ $rc -ne 0 ]; then
    fail "$t" "exit status $rc"
  elif grep -Eq "$sanitizer_report" "$out/$t.log" "$out/$t.stderr"; then
    fail "$t" "sanitizer report"
  elif [ "$t" = quickstart ] && [ "$(cat "$out/$t.log")" != "add(40, 2) = 42" ]; then
    fail "$t" "did not print add(40, 2) = 42"
  else
    pass "$t"
  fi
done

# --- portable.c against wasmtime's C API --------------------------------------
want_portable=0
for t in "${tests[@]}"; do [ "$t" = portable ] && want_portable=1; done
if [ $want_portable = 1 ] && [ "${CAPI_SKIP_PEER:-0}" != 1 ]; then
  echo "== portable-wasmtime"
  venv="$root/peers/venv"
  if [ ! -d "$venv" ]; then
    venv="$root/target/capi-venv"
    if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
    "$venv/bin/python" -m pip show wasmtime 2>/dev/null | grep -qx 'Version: 50.0.1' ||
      "$venv/bin/python" -m pip install --quiet 'wasmtime==50.0.1'
  fi
  so="$(find "$venv" -name '_libwasmtime.so' -path '*wasmtime*' | head -n1)"
  if [ -z "$so" ]; then
    fail portable-wasmtime "no _libwasmtime.so in $venv"
  else
    sodir="$(dirname "$so")"
    echo "wasmtime C API: $so"
    # Not sanitized: the point is the same output; wasmtime is not under test.
    if ! "$CC" -g -Wall -Wextra -I capi/include "$here/portable.c" \
        -L"$sodir" -l:_libwasmtime.so -Wl,-rpath,"$sodir" \
        -o "$out/portable-wasmtime" > "$out/portable-wasmtime.build.log" 2>&1; then
      cat "$out/portable-wasmtime.build.log"
      fail portable-wasmtime "does not compile or link"
    else
      set +e
      "$out/portable-wasmtime" "$out/wasm/portable.wasm" > "$out/portable-wasmtime.log" 2>&1
      rc=$?
      set -e
      if [ $rc -ne 0 ]; then
        cat "$out/portable-wasmtime.log"
        fail portable-wasmtime "exit status $rc"
      elif ! diff -u "$out/portable-wasmtime.log" "$out/portable.log"; then
        fail portable-wasmtime "spindle's output differs from wasmtime's (diff above)"
      else
        echo "same output with wasmtime and spindle ($(wc -l < "$out/portable.log") lines)"
        pass portable-wasmtime
      fi
    fi
  fi
fi

# --- valgrind ---------------------------------------------------------------------
vg_test=callbacks
want_vg=0
for t in "${tests[@]}"; do [ "$t" = $vg_test ] && want_vg=1; done
if [ $want_vg = 1 ] && [ "${CAPI_SKIP_VALGRIND:-0}" != 1 ] && command -v valgrind >/dev/null; then
  echo "== valgrind $vg_test"
  if "$CC" -g -Wall -I capi/include "$here/$vg_test.c" "$lib" -lpthread -ldl -lm \
      -o "$out/$vg_test-valgrind" > "$out/$vg_test-valgrind.build.log" 2>&1; then
    set +e
    valgrind --leak-check=full --error-exitcode=1 --suppressions="$here/valgrind.supp" \
      "$out/$vg_test-valgrind" "$out/wasm" > "$out/$vg_test-valgrind.log" 2>&1
    rc=$?
    set -e
    # The program's own lines are in the sanitized run above; show
    # valgrind's findings (in full in the log).
    grep -E '^==[0-9]+== (ERROR SUMMARY|.*(lost|uninitialised|Invalid|Mismatched))' \
      "$out/$vg_test-valgrind.log" | head -n 40 || true
    [ $rc -eq 0 ] || echo "(valgrind's full report: $out/$vg_test-valgrind.log)"
    if [ $rc -eq 0 ]; then pass "valgrind-$vg_test"; else fail "valgrind-$vg_test" "exit status $rc"; fi
  else
    cat "$out/$vg_test-valgrind.build.log"
    fail "valgrind-$vg_test" "does not compile or link"
  fi
fi

echo
if [ $failed -eq 0 ]; then
  echo "capi tests: $passed passed"
else
  echo "failed: ${failed_names[*]}"
  echo "capi tests: $passed passed, $failed failed"
  exit 1
fi
