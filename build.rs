//! Chooses the interpreter's dispatch (see `src/exec/threaded.rs`).
//!
//! The threaded path relies on the compiler turning each handler's final
//! call into a jump. LLVM does that for these handlers on x86-64 and AArch64
//! whenever it optimises (opt-level 1 and above), never at opt-level 0, so
//! the path is built only there. Everything else runs the portable loop.
//! The `portable-dispatch` feature or `SPINDLE_DISPATCH=portable` forces the
//! loop; `SPINDLE_DISPATCH=threaded` forces the threaded path (for Miri).
//!
//! It sets `spindle_acc` (the accumulator forms of the ops) unless the
//! `small-footprint` feature is on.
//!
//! It sets `spindle_simd_arch` (SSE2 forms of the common SIMD ops, see
//! `src/num/simd.rs`) on x86-64 with the `simd` feature, unless the
//! `portable-simd` feature asks for the portable forms everywhere.
//!
//! It also sets `spindle_validator` where wasmparser's validator builds: it
//! needs `alloc::sync::Arc`, so atomic pointers (Cargo.toml enables the
//! `validate` feature under the same condition). See `src/parse/check.rs`.

use std::env;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(spindle_threaded)");
    println!("cargo::rustc-check-cfg=cfg(spindle_validator)");
    println!("cargo::rustc-check-cfg=cfg(spindle_acc)");
    println!("cargo::rustc-check-cfg=cfg(spindle_unoptimised)");
    println!("cargo::rustc-check-cfg=cfg(spindle_simd_arch)");
    println!("cargo::rerun-if-env-changed=SPINDLE_DISPATCH");
    println!("cargo::rerun-if-changed=build.rs");
    let arch = env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let opt = env::var("OPT_LEVEL").unwrap_or_default();
    // `op-stats` counts ops in the portable loop, so it forces that too.
    let portable = env::var_os("CARGO_FEATURE_PORTABLE_DISPATCH").is_some()
        || env::var_os("CARGO_FEATURE_OP_STATS").is_some();
    let threaded = match env::var("SPINDLE_DISPATCH").as_deref() {
        Ok("portable") => false,
        Ok("threaded") => true,
        _ => !portable && opt != "0" && matches!(arch.as_str(), "x86_64" | "aarch64"),
    };
    if threaded {
        println!("cargo::rustc-cfg=spindle_threaded");
    }
    // Unoptimised, the portable loop's frame holds every local of every op
    // inlined into it, side by side; each op's function (`exec::each`,
    // fused ops included) is then kept out of line so that the frame stays
    // small.
    if opt == "0" {
        println!("cargo::rustc-cfg=spindle_unoptimised");
    }
    // The accumulator forms of the ops (src/exec/mod.rs, "Accumulators"):
    // faster, and a few kilobytes larger, so not in the small build.
    if env::var_os("CARGO_FEATURE_SMALL_FOOTPRINT").is_none() {
        println!("cargo::rustc-cfg=spindle_acc");
    }
    if arch == "x86_64"
        && env::var_os("CARGO_FEATURE_SIMD").is_some()
        && env::var_os("CARGO_FEATURE_PORTABLE_SIMD").is_none()
    {
        println!("cargo::rustc-cfg=spindle_simd_arch");
    }
    let atomics = env::var("CARGO_CFG_TARGET_HAS_ATOMIC").unwrap_or_default();
    if atomics.split(',').any(|width| width == "ptr") {
        println!("cargo::rustc-cfg=spindle_validator");
    }
}
