//! Talking to the host through Arm semihosting: text to the host's stdout,
//! the host's clock, and the exit status.
//!
//! The exit uses `SYS_EXIT_EXTENDED`, which carries a full exit code to the
//! host process (qemu exits with it), where plain `SYS_EXIT` can only say
//! success or failure on 32-bit Arm.

use core::fmt::{self, Write};
use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use cortex_m_semihosting::{nr, syscall, syscall1};

/// `SYS_EXIT_EXTENDED`.
const SYS_EXIT_EXTENDED: usize = 0x20;
/// `ADP_Stopped_ApplicationExit`: the reason code for a normal exit.
const ADP_STOPPED_APPLICATION_EXIT: usize = 0x20026;

/// The host stdout handle, opened on first use (0: not yet).
static STDOUT: AtomicUsize = AtomicUsize::new(0);

fn stdout() -> Option<usize> {
    let fd = STDOUT.load(Relaxed);
    if fd != 0 {
        return Some(fd - 1);
    }
    let name = b":tt\0";
    let args = [name.as_ptr() as usize, nr::open::W_TRUNC, name.len() - 1];
    // SAFETY: SYS_OPEN reads the three-word block `args` and the
    // NUL-terminated name it points to; both live across the call.
    let fd = unsafe { syscall(nr::OPEN, &args) } as isize;
    if fd < 0 {
        return None;
    }
    STDOUT.store(fd as usize + 1, Relaxed);
    Some(fd as usize)
}

/// Writes `bytes` to the host's stdout.
pub fn write(bytes: &[u8]) {
    let Some(fd) = stdout() else { return };
    if bytes.is_empty() {
        return;
    }
    let args = [fd, bytes.as_ptr() as usize, bytes.len()];
    // SAFETY: SYS_WRITE reads the block `args` and `bytes.len()` bytes at
    // `bytes`; both live across the call.
    unsafe { syscall(nr::WRITE, &args) };
}

struct Out;

impl Write for Out {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        write(s.as_bytes());
        Ok(())
    }
}

/// Prints formatted text and a newline to the host's stdout.
pub fn println(args: fmt::Arguments<'_>) {
    let _ = Out.write_fmt(args);
    write(b"\n");
}

/// Seconds since the Unix epoch, from the host (`SYS_TIME`).
pub fn time_secs() -> u64 {
    // SAFETY: SYS_TIME takes no argument block and only returns a value.
    unsafe { syscall1(nr::TIME, 0) as u64 }
}

/// Centiseconds since the program started, from the host (`SYS_CLOCK`).
pub fn clock_centis() -> u64 {
    // SAFETY: SYS_CLOCK takes no argument block and only returns a value.
    let c = unsafe { syscall1(nr::CLOCK, 0) } as isize;
    c.max(0) as u64
}

/// Ends the program; qemu exits with `status` (its low 8 bits on Unix).
pub fn exit(status: i32) -> ! {
    let args = [ADP_STOPPED_APPLICATION_EXIT, status as u32 as usize];
    loop {
        // SAFETY: SYS_EXIT_EXTENDED reads the two-word block `args`; under
        // qemu it does not return.
        unsafe { syscall(SYS_EXIT_EXTENDED, &args) };
    }
}
