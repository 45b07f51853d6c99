#!/bin/bash
# Builds every cargo-fuzz target in fuzz/ and copies it to $OUT, with the
# seed inputs and options each needs, as ClusterFuzzLite and OSS-Fuzz run
# build.sh: $SRC holds the source (this repository at $SRC/spindle), $OUT
# receives the fuzzers. The builder image sets the sanitizer flags that
# `cargo fuzz build -O` passes on.
#
# Local check (no farm needed), from the repository root, where `spindle`
# is this repository's directory name or a symlink to it in $SRC:
#   RUSTUP_TOOLCHAIN=nightly SRC=$(dirname "$PWD") OUT=/tmp/cflite-out \
#     bash .clusterfuzzlite/build.sh
# It must leave one executable per target. (The builder image's default
# toolchain is nightly; elsewhere RUSTUP_TOOLCHAIN picks it.)
set -euo pipefail
cd "$SRC/spindle/fuzz"
targets=$(cargo fuzz list)
cargo fuzz build -O
triple=$(rustc -vV | sed -n 's/^host: //p')
mkdir -p "$OUT"
for target in $targets; do
  cp "target/$triple/release/$target" "$OUT/$target"
  # Every input that ever failed, as the target's seed corpus.
  if [ -d "regressions/$target" ]; then
    (cd "regressions/$target" && zip -q -r "$OUT/${target}_seed_corpus.zip" . -x README.md)
  fi
  # libFuzzer's RSS limit: a module may grow memories up to the targets'
  # store limits (64 MiB each).
  printf '[libfuzzer]\nrss_limit_mb = 4096\n' > "$OUT/$target.options"
done
# The differential target's referee needs Python and Wasmtime's package
# (see fuzz/README.md); the farm's runner image has neither, so there any
# difference from wasmi is reported as a crash with both transcripts, to
# be decided by hand with fuzz/referee.py.
cp referee.py "$OUT/"
echo "built: $targets"
