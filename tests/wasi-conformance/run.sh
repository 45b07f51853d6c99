#!/usr/bin/env bash
# WASI preview1 conformance: runs every probe in bin/ under `spindle run`
# and under Wasmtime (its preview1, through the `wasmtime` Python package),
# each run on a fresh copy of the same directory tree, and compares the two
# transcripts case by case. Exits 1 if any case differs and the difference
# is not listed (with the same two observations) in DIFFERENCES.md.
#
# usage: run.sh [PROBE...]          (default: every bin/*.wasm)
#   SPINDLE=path   the spindle binary (default target/release/spindle,
#                  built with `cargo build --release` if missing)
#   KEEP=1         keep the work directory (transcripts, stderr logs)
#
# Builds no guest: the probes are committed prebuilt (build.sh rebuilds
# them). Wasmtime is pip-installed into target/wasi-conformance/venv once.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
spindle=${SPINDLE:-$repo/target/release/spindle}
wasmtime_version=50.0.1
venv=$repo/target/wasi-conformance/venv
start=$(date +%s)

if [ ! -x "$spindle" ]; then
  (cd "$repo" && cargo build --release)
fi
if ! "$venv/bin/python" -c "import wasmtime" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "wasmtime==$wasmtime_version"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/wasi-conformance.XXXXXX")
if [ "${KEEP:-0}" != 1 ]; then trap 'rm -rf "$work"' EXIT; else echo "work directory: $work"; fi

# The tree every run starts from, rebuilt for each run: the sandbox (the
# preopen, guest path /sandbox) next to a directory it must not reach.
fresh_tree() {
  local top=$1
  rm -rf "$top"
  mkdir -p "$top/sandbox/sub/deeper" "$top/outside"
  printf 'hello world\n' >"$top/sandbox/file.txt"
  : >"$top/sandbox/empty.txt"
  printf 'inner\n' >"$top/sandbox/sub/inner.txt"
  printf 'secret\n' >"$top/outside/secret.txt"
  ln -s file.txt "$top/sandbox/link_file"
  ln -s sub "$top/sandbox/link_dir"
  ln -s missing "$top/sandbox/link_dangling"
  ln -s ../outside/secret.txt "$top/sandbox/link_escape"
  ln -s ../outside "$top/sandbox/link_escape_dir"
  ln -s /etc/passwd "$top/sandbox/link_abs"
  ln -s link_loop "$top/sandbox/link_loop"
  ln -s sub/.. "$top/sandbox/link_up"
  ln -s ../file.txt "$top/sandbox/sub/link_parent"
}

# Runs a probe. stdin is /dev/null and stdout a file for both runtimes, so
# stdio's reported file type does not depend on how run.sh was started.
run_on() { # RUNTIME WASM ARG...
  local rt=$1
  shift
  case "$rt" in
    spindle) timeout 60 "$spindle" run --dir "$tree/sandbox::/sandbox" "$@" </dev/null ;;
    wasmtime) timeout 60 "$venv/bin/python" "$here/wasmtime_run.py" --dir "$tree/sandbox::/sandbox" "$@" </dev/null ;;
  esac
}

# transcript RUNTIME PROBE: one line per case. A run that stops early (a
# trap, or any other non-zero exit) gets `LABEL: TRAP` (or `EXIT n`) for the
# case it stopped in and restarts after it, on a fresh tree.
transcript() {
  local rt=$1 probe=$2 wasm=$here/bin/$2.wasm
  local out=$work/$rt.$probe.txt log=$work/$rt.$probe.stderr
  local skip=0 n rc total
  tree=$work/tree-$rt
  fresh_tree "$tree"
  mapfile -t labels < <(run_on "$rt" "$wasm" --list 2>>"$log")
  total=${#labels[@]}
  : >"$out"
  while [ "$skip" -lt "$total" ]; do
    fresh_tree "$tree"
    rc=0
    run_on "$rt" "$wasm" "$skip" >"$work/part" 2>"$work/err" || rc=$?
    n=$(wc -l <"$work/part")
    cat "$work/part" >>"$out"
    cat "$work/err" >>"$log"
    [ "$rc" = 0 ] && break
    skip=$((skip + n))
    [ "$skip" -lt "$total" ] || break
    # Both runners exit with 134 on a trap (a guest panic is one too).
    if [ "$rc" = 134 ]; then
      echo "${labels[$skip]}: TRAP" >>"$out"
    else
      echo "${labels[$skip]}: EXIT $rc" >>"$out"
    fi
    skip=$((skip + 1))
  done
}

probes=("$@")
if [ ${#probes[@]} -eq 0 ]; then
  for f in "$here"/bin/*.wasm; do probes+=("$(basename "$f" .wasm)"); done
fi
for probe in "${probes[@]}"; do
  transcript spindle "$probe"
  transcript wasmtime "$probe"
done

status=0
python3 "$here/compare.py" "$here/DIFFERENCES.md" "$work" "${probes[@]}" || status=$?
echo "wasi-conformance: $(($(date +%s) - start)) s"
exit $status
