//! Computes every kernel's checksum natively (same source as the .wasm
//! files) and prints `name checksum` lines for ../expected.txt.
fn main() {
    let kernels: [(&str, fn() -> i64); 10] = [
        ("fib", kernel_fib::checksum),
        ("sieve", kernel_sieve::checksum),
        ("sha256", kernel_sha256::checksum),
        ("compress", kernel_compress::checksum),
        ("matmul", kernel_matmul::checksum),
        ("nbody", kernel_nbody::checksum),
        ("json", kernel_json::checksum),
        ("regex", kernel_regex::checksum),
        ("bulk_memory", kernel_bulk_memory::checksum),
        ("empty", kernel_empty::checksum),
    ];
    for (name, f) in kernels {
        println!("{name} {}", f());
    }
}
