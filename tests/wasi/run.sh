#!/usr/bin/env bash
# Runs every tests/wasi/bin/*.wasm (or the PROGRAMs named) on a runtime, the
# way README.md says a harness must run them, and prints one verdict line per
# run and a closing "wasi: N passed, N failed, N skipped" line.
#
# usage: run.sh [--runtime peers|spindle] [--lenient] [PROGRAM...]
#
#   --runtime peers    (default) Wasmtime through the peers' wasmtime-run
#                      wrapper, plus, for `sockets`, wasmi with --tcplisten
#                      (Wasmtime's preview1 has no sockets: it SKIPs there).
#                      PEERS=DIR: where /work/shared/peers/install.sh put
#                      them (default <repo>/peers).
#   --runtime spindle  `spindle run` (SPINDLE=PATH, default
#                      <repo>/target/release/spindle), with a TCP listener on
#                      fd 4 for `sockets`.
#   --lenient          sets WASI_TESTS_ALLOW_DIVERGENCE=1: the known
#                      divergences of the reference runtime pass.
#   VERBOSE=1          lists the FAIL lines of passing runs too.
#
# Each run gets a fresh empty host directory as /sandbox (fd 3), arguments
# `a b c` and SPINDLE_TEST=1 in the environment.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
peers=${PEERS:-$repo/peers}
spindle=${SPINDLE:-$repo/target/release/spindle}
runtime=peers
envs=(--env SPINDLE_TEST=1)
while [ $# -gt 0 ]; do
  case "$1" in
    --runtime) runtime=$2; shift 2 ;;
    --lenient) envs+=(--env WASI_TESTS_ALLOW_DIVERGENCE=1); shift ;;
    *) break ;;
  esac
done
programs=("$@")
if [ ${#programs[@]} -eq 0 ]; then
  for f in "$here"/bin/*.wasm; do programs+=("$(basename "$f" .wasm)"); done
fi

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

passed=0 failed=0 skipped=0
# report RUNTIME NAME EXIT_CODE WANTED_EXIT_CODE OUTPUT_FILE
report() {
  local rt=$1 name=$2 rc=$3 want=$4 out=$5 verdict summary
  summary=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "$out" | tail -1)
  if [ "$rc" = 77 ] && grep -q '^SKIP:' "$out"; then
    verdict=SKIP; skipped=$((skipped + 1)); summary=$(grep -m1 '^SKIP:' "$out")
  elif [ "$rc" = "$want" ]; then
    verdict=PASS; passed=$((passed + 1))
  else
    verdict=FAIL; failed=$((failed + 1))
  fi
  printf '%-4s %-9s %-14s exit %-3s %s\n' "$verdict" "$rt" "$name" "$rc" "$summary"
  if [ "$verdict" = FAIL ] || [ -n "${VERBOSE:-}" ]; then
    grep -E '^FAIL' "$out" | sed 's/^/       /'
  fi
  if [ "$verdict" = FAIL ] && [ -z "$summary" ]; then
    tail -5 "$out" | sed 's/^/       | /'
  fi
}

# run_one RUNTIME NAME: runs one program, then reports it.
run_one() {
  local rt=$1 name=$2 wasm="$here/bin/$2.wasm" want=0 tmp out rc port
  [ "$name" = exit_code ] && want=42
  tmp=$(mktemp -d)
  out=$(mktemp)
  case "$rt:$name" in
    wasmtime:*)
      timeout 300 "$peers/bin/wasmtime-run" --dir "$tmp::/sandbox" "${envs[@]}" "$wasm" a b c >"$out" 2>&1
      rc=$? ;;
    wasmi:sockets)
      # wasmi puts the --tcplisten socket at fd 3, before the directory.
      port=$(free_port)
      timeout 60 python3 "$here/socket_client.py" "$port" \
        "$peers/bin/wasmi" run --tcplisten "127.0.0.1:$port" --dir "$tmp" \
        "${envs[@]}" --env WASI_TESTS_LISTENER_FD=3 "$wasm" a b c >"$out" 2>&1
      rc=$? ;;
    spindle:sockets)
      port=$(free_port)
      timeout 60 python3 "$here/socket_client.py" "$port" \
        "$spindle" run --dir "$tmp::/sandbox" --tcplisten "127.0.0.1:$port" "${envs[@]}" "$wasm" a b c >"$out" 2>&1
      rc=$? ;;
    spindle:*)
      timeout 300 "$spindle" run --dir "$tmp::/sandbox" "${envs[@]}" "$wasm" a b c >"$out" 2>&1
      rc=$? ;;
  esac
  # exit_code must also have flushed its line before proc_exit.
  if [ "$name" = exit_code ] && ! grep -q '^# exit_code: calling proc_exit(42)' "$out"; then
    rc="$rc(no output)"
  fi
  report "$rt" "$name" "$rc" "$want" "$out"
  rm -rf "$tmp" "$out"
}

for name in "${programs[@]}"; do
  case "$runtime" in
    peers)
      run_one wasmtime "$name"
      if [ "$name" = sockets ] && [ -x "$peers/bin/wasmi" ]; then run_one wasmi sockets; fi ;;
    spindle) run_one spindle "$name" ;;
    *) echo "run.sh: unknown runtime $runtime" >&2; exit 2 ;;
  esac
done
echo "wasi: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
