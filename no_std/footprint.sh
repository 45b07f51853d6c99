#!/usr/bin/env bash
# The footprint report (issue 5): builds each firmware variant for the
# emulated Cortex-M4, runs it under qemu, and prints a Markdown table of
#   flash       .vector_table + .text + .rodata of the image
#   engine      flash less the embedded wasm modules and the harness alone
#               (fwkit's `harness` image): the engine, its WASI glue and
#               what they pull in from core/alloc
#   static RAM  .data + .bss
#   peak heap   per step, beyond what was allocated before it (module,
#               translated code, instance, linear memory, engine stacks)
#   beyond LM   the kernels step's peak heap less its linear memory
#   stack       deepest host stack over all steps (painted-stack scan)
# Variants: Spindle with and without the WASI step, each with and without
# validation (Module::new_unchecked), Spindle with its `simd` feature (the
# firmware leaves it out), and wasmi 2 with and without its validator, each at opt-level "z" (profile release) and "s" (profile
# release-s); all with LTO, codegen-units = 1, panic = "abort".
#
# Usage: no_std/footprint.sh [z|s|all]   (default all; 14 builds, a few minutes)
# Needs: rustup target thumbv7em-none-eabihf, qemu-system-arm, size.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
which=${1:-all}
target=thumbv7em-none-eabihf
out=$here/target/footprint
mkdir -p "$out"
qemu=(timeout 120 qemu-system-arm -machine mps2-an386 -cpu cortex-m4
      -semihosting-config enable=on,target=native -nographic -monitor none -serial none -kernel)

guest_bytes=$(stat -c %s wasm/guest.wasm)
kernel_bytes=$(stat -c %s wasm/kernels.wasm)

# section NAME ELF: the size of one section (0 if absent).
section() { size -A "$2" | awk -v s="$1" '$1 == s { print $2; f = 1 } END { if (!f) print 0 }'; }
flash() { echo $(( $(section .vector_table "$1") + $(section .text "$1") + $(section .rodata "$1") )); }
static_ram() { echo $(( $(section .data "$1") + $(section .bss "$1") )); }

# build NAME PROFILE CARGO-ARGS...: builds one image and copies it to
# $out/NAME-PROFILE.elf.
build() {
  local name=$1 profile=$2; shift 2
  local bin=$1; shift
  cargo build --quiet --profile "$profile" --bin "$bin" "$@" >&2
  local dir=$profile; [ "$profile" = dev ] && dir=debug
  cp "target/$target/$dir/$bin" "$out/$name-$profile.elf"
}

# field STEP KEY LOG: a number from a STEP line.
field() { { grep "name=$1 " "$3" || true; } | sed -n "s/.* $2=\([0-9]*\).*/\1/p" | head -1; }

rows=()
harness_note=""
for opt in z s; do
  [ "$which" = all ] || [ "$which" = "$opt" ] || continue
  profile=release; [ "$opt" = s ] && profile=release-s
  build harness "$profile" harness -p fwkit
  build spindle "$profile" spindle-fw -p spindle-fw
  build spindle-nowasi "$profile" spindle-fw -p spindle-fw --no-default-features
  build spindle-novalidate "$profile" spindle-fw -p spindle-fw --features unchecked
  build spindle-nowasi-novalidate "$profile" spindle-fw -p spindle-fw --no-default-features --features unchecked
  build spindle-simd "$profile" spindle-fw -p spindle-fw --features spindle/simd
  build wasmi "$profile" wasmi-fw -p wasmi-fw
  build wasmi-novalidate "$profile" wasmi-fw -p wasmi-fw --no-default-features
  harness_code=$(( $(flash "$out/harness-$profile.elf") - guest_bytes - kernel_bytes ))
  harness_note="$harness_note $harness_code B at $opt;"
  for name in spindle spindle-nowasi spindle-novalidate spindle-nowasi-novalidate spindle-simd wasmi wasmi-novalidate; do
    elf=$out/$name-$profile.elf
    log=$out/$name-$profile.log
    if ! "${qemu[@]}" "$elf" >"$log" 2>&1; then
      echo "footprint: $name ($opt) failed its run; see $log" >&2
      exit 1
    fi
    f=$(flash "$elf")
    modules=$kernel_bytes
    case $name in *nowasi*) wasi=no ;; *) wasi=yes; modules=$((modules + guest_bytes)) ;; esac
    case $name in *novalidate) validation=no ;; *) validation=yes ;; esac
    case $name in *simd) simd=yes ;; *) simd=no ;; esac
    engine=${name%%-*}
    stack=$(sed -n 's/.* stack=\([0-9]*\).*/\1/p' "$log" | sort -n | tail -1)
    guest_heap=$(field guest peak_heap "$log"); guest_heap=${guest_heap:--}
    kernels_heap=$(field kernels peak_heap "$log")
    kernels_lm=$(field kernels linear "$log")
    deep_heap=$(field deep_default peak_heap "$log")
    rows+=("| $engine | $opt | $validation | $wasi | $simd | $f | $((f - modules - harness_code)) | $(static_ram "$elf") | $guest_heap | $kernels_heap | $((kernels_heap - kernels_lm)) | $deep_heap | $stack |")
  done
done

{
  echo "| engine | opt | validation | WASI | SIMD | flash (B) | engine share (B) | static RAM (B) | peak heap: guest (B) | peak heap: kernels (B) | kernels beyond linear memory (B) | peak heap: deep recursion, default config (B) | max host stack (B) |"
  echo "|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Embedded modules: guest.wasm $guest_bytes B, kernels.wasm $kernel_bytes B (in flash, in the WASI rows both, else kernels only)."
  echo "Harness alone (boot, heap, semihosting, report; modules excluded):$harness_note subtracted with the modules to give the engine share."
} | tee "$out/report.md"
