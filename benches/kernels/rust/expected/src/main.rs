//! Computes every kernel's checksum natively (same source as the .wasm
//! files; for the simd_* kernels with explicit core::arch::wasm32 code,
//! each crate's `scalar` reference of the same computation) and prints
//! `name checksum` lines for ../expected.txt.
fn main() {
    let kernels: [(&str, fn() -> i64); 15] = [
        ("fib", kernel_fib::checksum),
        ("sieve", kernel_sieve::checksum),
        ("sha256", kernel_sha256::checksum),
        ("compress", kernel_compress::checksum),
        ("matmul", kernel_matmul::checksum),
        ("nbody", kernel_nbody::checksum),
        ("json", kernel_json::checksum),
        ("regex", kernel_regex::checksum),
        ("bulk_memory", kernel_bulk_memory::checksum),
        ("simd_dot", kernel_simd_dot::checksum),
        ("simd_blur", kernel_simd_blur::checksum),
        ("simd_base64", kernel_simd_base64::checksum),
        ("simd_auto", kernel_simd_auto::checksum),
        ("simd_mandel", kernel_simd_mandel::checksum),
        ("empty", kernel_empty::checksum),
    ];
    for (name, f) in kernels {
        println!("{name} {}", f());
    }
}
