//! Puts the shared memory map (`../memory.x`) on the linker's search path,
//! where cortex-m-rt's `link.x` includes it, for every firmware that uses
//! this crate.

use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let map = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"))
        .join("../memory.x");
    std::fs::copy(&map, out.join("memory.x")).expect("copy memory.x");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed={}", map.display());
}
