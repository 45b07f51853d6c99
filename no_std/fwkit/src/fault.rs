//! Panics and hard faults end the run with a distinct exit status (and a
//! line saying why) instead of hanging qemu until its timeout.

use core::panic::PanicInfo;
use cortex_m_rt::{ExceptionFrame, exception};

#[panic_handler]
fn panic(info: &PanicInfo<'_>) -> ! {
    crate::semihost::println(format_args!("PANIC: {info}"));
    crate::semihost::exit(crate::EXIT_PANIC)
}

#[exception]
unsafe fn HardFault(frame: &ExceptionFrame) -> ! {
    crate::semihost::println(format_args!("HARD FAULT at pc {:#010x}", frame.pc()));
    crate::semihost::exit(crate::EXIT_FAULT)
}
