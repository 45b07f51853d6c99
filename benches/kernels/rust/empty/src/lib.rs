//! Does nothing: measures each runtime's fixed cost of starting a process,
//! loading a module and calling one export (compare.sh reports it apart
//! from the kernels, as the start-up floor).

pub fn checksum() -> i64 {
    0
}

#[cfg(target_arch = "wasm32")]
#[unsafe(no_mangle)]
pub extern "C" fn run() -> i64 {
    checksum()
}
