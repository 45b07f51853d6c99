//! The harness alone, with no engine: boot, heap, semihosting, reporting
//! and the embedded modules. `footprint.sh` subtracts its flash and static
//! RAM from each firmware's to give the share of the engine (with its WASI
//! glue and error formatting).

#![no_std]
#![no_main]

use fwkit::modules::{GUEST, KERNELS};
use fwkit::report::Report;

#[fwkit::entry]
fn main() -> ! {
    fwkit::boot();
    let mut report = Report::new("harness");
    report.step("modules", || {
        // Reads every byte, so the modules stay in the image as they do in
        // the firmwares.
        let sum = GUEST
            .iter()
            .chain(KERNELS)
            .fold(0u32, |h, &b| h.rotate_left(5) ^ b as u32);
        Ok((0, alloc::format!("checksum={sum:08x}")))
    });
    report.finish()
}

extern crate alloc;
