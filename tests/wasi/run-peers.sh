#!/usr/bin/env bash
# Runs every tests/wasi/bin/*.wasm on the reference runtimes installed by
# /work/shared/peers/install.sh (default: <repo>/peers), the way the Spindle
# harness is meant to run them (see README.md):
#
#   wasmtime-run --dir <fresh tmpdir>::/sandbox --env SPINDLE_TEST=1 bin/<name>.wasm a b c
#
# and, for `sockets`, additionally wasmi with a preopened TCP listener and
# socket_client.py as the client (wasmtime's preview1 has no sockets, so
# there the program SKIPs).
#
# usage: run-peers.sh [--lenient] [PROGRAM...]
#   --lenient  sets WASI_TESTS_ALLOW_DIVERGENCE=1 (known wasmtime divergences pass)
#   PEERS=DIR  where the peers are installed; VERBOSE=1 prints every program's output
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
peers=${PEERS:-$(cd "$here/../.." && pwd)/peers}
envs=(--env SPINDLE_TEST=1)
if [ "${1:-}" = "--lenient" ]; then
  envs+=(--env WASI_TESTS_ALLOW_DIVERGENCE=1)
  shift
fi
programs=("$@")
if [ ${#programs[@]} -eq 0 ]; then
  for f in "$here"/bin/*.wasm; do programs+=("$(basename "$f" .wasm)"); done
fi

passed=0 failed=0 skipped=0
report() { # runtime name rc expected_rc outfile
  local runtime=$1 name=$2 rc=$3 want=$4 out=$5 verdict summary
  summary=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "$out" | tail -1)
  if [ "$rc" = 77 ] && grep -q '^SKIP:' "$out"; then
    verdict=SKIP; skipped=$((skipped + 1)); summary=$(grep -m1 '^SKIP:' "$out")
  elif [ "$rc" = "$want" ]; then
    verdict=PASS; passed=$((passed + 1))
  else
    verdict=FAIL; failed=$((failed + 1))
  fi
  printf '%-4s %-9s %-14s exit %-3s %s\n' "$verdict" "$runtime" "$name" "$rc" "$summary"
  if [ "$verdict" = FAIL ] || [ -n "${VERBOSE:-}" ]; then
    grep -E '^(FAIL|SKIP)' "$out" | sed 's/^/       /'
    [ "$verdict" = FAIL ] && tail -5 "$out" | grep -vE '^(ok|FAIL|#)' | sed 's/^/       | /'
  fi
  return 0
}

for name in "${programs[@]}"; do
  wasm="$here/bin/$name.wasm"
  want=0
  [ "$name" = exit_code ] && want=42
  tmp=$(mktemp -d)
  out=$(mktemp)
  timeout 300 "$peers/bin/wasmtime-run" --dir "$tmp::/sandbox" "${envs[@]}" "$wasm" a b c >"$out" 2>&1
  rc=$?
  if [ "$name" = exit_code ] && ! grep -q '^# exit_code: calling proc_exit(42)' "$out"; then
    rc="$rc(no output)"
  fi
  report wasmtime "$name" "$rc" "$want" "$out"
  rm -rf "$tmp" "$out"

  if [ "$name" = sockets ] && [ -x "$peers/bin/wasmi" ]; then
    # wasmi puts the --tcplisten socket at fd 3, before the directory.
    tmp=$(mktemp -d)
    out=$(mktemp)
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    timeout 60 python3 "$here/socket_client.py" "$port" \
      "$peers/bin/wasmi" run --tcplisten "127.0.0.1:$port" --dir "$tmp" \
      "${envs[@]}" --env WASI_TESTS_LISTENER_FD=3 "$wasm" a b c >"$out" 2>&1
    report wasmi "$name" "$?" 0 "$out"
    rm -rf "$tmp" "$out"
  fi
done
echo "wasi-peers: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
