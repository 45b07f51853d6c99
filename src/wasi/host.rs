//! [`WasiHost`]: the seam between the WASI ABI layer and the outside world.
//!
//! The ABI layer ([`super::WasiCtx`]) does everything that is the same for
//! every host: it reads and writes guest memory (with bounds and alignment
//! checks), keeps the guest's descriptor table, enforces rights and
//! flags, and turns results into errnos. A backend only performs
//! operations on its own objects, named by [`HostFd`] numbers it hands out.
//!
//! # Writing a backend
//!
//! * Number your objects as you like; the ABI layer never interprets a
//!   `HostFd`. Register the initial ones (stdio, preopened directories,
//!   listeners) with [`super::WasiCtx`] when you build it.
//! * Paths arrive relative to a directory object, exactly as the guest
//!   wrote them (the ABI layer only rejects absolute paths). **Sandboxing is
//!   the backend's job:** resolve `..` and symlinks so that no path leaves
//!   the directory it is relative to, and answer [`Errno::Notcapable`] (or
//!   [`Errno::Perm`]) when one would.
//! * Every method has a default that answers [`Errno::Nosys`] (or
//!   [`Errno::Notsup`] for optional behaviour such as `fd_advise`), so a
//!   backend implements what has meaning on its platform and documents the
//!   rest. The embedded backend, for example, has no sockets.
//! * Return errnos, never panic: guest-controlled data reaches every method.

use super::types::*;
use alloc::string::String;
use alloc::vec::Vec;

/// A backend's name for one of its open objects.
pub type HostFd = u32;

/// Operations a WASI backend provides. See the [module docs](self).
#[allow(unused_variables)]
pub trait WasiHost {
    /// Resolution of a clock, in nanoseconds.
    fn clock_res(&mut self, clock: ClockId) -> WasiResult<u64> {
        Err(Errno::Nosys)
    }
    /// Current time of a clock, in nanoseconds.
    fn clock_time(&mut self, clock: ClockId, precision: u64) -> WasiResult<u64> {
        Err(Errno::Nosys)
    }
    /// Fills `buf` with random bytes.
    fn random(&mut self, buf: &mut [u8]) -> WasiResult<()> {
        Err(Errno::Nosys)
    }
    /// Yields the CPU.
    fn sched_yield(&mut self) -> WasiResult<()> {
        Ok(())
    }
    /// Waits for some descriptors to become ready, or `timeout` nanoseconds
    /// (`None`: no limit). Returns the readiness of each, in order. With no
    /// descriptors, just sleeps for `timeout`.
    fn poll(
        &mut self,
        fds: &[(HostFd, Interest)],
        timeout: Option<u64>,
    ) -> WasiResult<Vec<Readiness>> {
        Err(Errno::Nosys)
    }

    /// What kind of object `fd` is.
    fn filetype(&mut self, fd: HostFd) -> WasiResult<Filetype>;
    /// Closes an object.
    fn close(&mut self, fd: HostFd) -> WasiResult<()>;
    /// Reads at the current position; 0 at end of file.
    fn read(&mut self, fd: HostFd, buf: &mut [u8]) -> WasiResult<usize> {
        Err(Errno::Nosys)
    }
    /// Writes at the current position (or at the end, with `append`).
    fn write(&mut self, fd: HostFd, buf: &[u8]) -> WasiResult<usize> {
        Err(Errno::Nosys)
    }
    /// Reads at `offset` without moving the position.
    fn pread(&mut self, fd: HostFd, buf: &mut [u8], offset: u64) -> WasiResult<usize> {
        Err(Errno::Nosys)
    }
    /// Writes at `offset` without moving the position.
    fn pwrite(&mut self, fd: HostFd, buf: &[u8], offset: u64) -> WasiResult<usize> {
        Err(Errno::Nosys)
    }
    /// Moves the position; returns the new one.
    fn seek(&mut self, fd: HostFd, offset: i64, whence: Whence) -> WasiResult<u64> {
        Err(Errno::Spipe)
    }
    /// The current `fdflags`.
    fn fdflags(&mut self, fd: HostFd) -> WasiResult<u16> {
        Ok(0)
    }
    /// Sets `fdflags` (append, nonblock, ...).
    fn set_fdflags(&mut self, fd: HostFd, flags: u16) -> WasiResult<()> {
        Err(Errno::Notsup)
    }
    /// Flushes data and metadata.
    fn sync(&mut self, fd: HostFd) -> WasiResult<()> {
        Ok(())
    }
    /// Flushes data.
    fn datasync(&mut self, fd: HostFd) -> WasiResult<()> {
        Ok(())
    }
    /// Advice about an access pattern; may be ignored.
    fn advise(&mut self, fd: HostFd, offset: u64, len: u64, advice: u8) -> WasiResult<()> {
        Ok(())
    }
    /// Makes sure `offset..offset+len` is allocated (grows the file if needed).
    fn allocate(&mut self, fd: HostFd, offset: u64, len: u64) -> WasiResult<()> {
        Err(Errno::Notsup)
    }
    /// Attributes of an open object.
    fn filestat(&mut self, fd: HostFd) -> WasiResult<Filestat> {
        Err(Errno::Nosys)
    }
    /// Truncates or extends a file.
    fn set_size(&mut self, fd: HostFd, size: u64) -> WasiResult<()> {
        Err(Errno::Nosys)
    }
    /// Sets access and modification times.
    fn set_times(&mut self, fd: HostFd, atim: SetTime, mtim: SetTime) -> WasiResult<()> {
        Err(Errno::Nosys)
    }
    /// The entries of a directory, in a stable order. The ABI layer pages
    /// through them with cookies (entry indices).
    fn readdir(&mut self, fd: HostFd) -> WasiResult<Vec<DirEntry>> {
        Err(Errno::Nosys)
    }

    /// Opens `path` relative to directory `dir`.
    fn open_at(&mut self, dir: HostFd, path: &str, options: OpenOptions) -> WasiResult<HostFd> {
        Err(Errno::Nosys)
    }
    /// Attributes of `path`.
    fn stat_at(&mut self, dir: HostFd, path: &str, follow: bool) -> WasiResult<Filestat> {
        Err(Errno::Nosys)
    }
    /// Sets the times of `path`.
    fn set_times_at(
        &mut self,
        dir: HostFd,
        path: &str,
        follow: bool,
        atim: SetTime,
        mtim: SetTime,
    ) -> WasiResult<()> {
        Err(Errno::Nosys)
    }
    /// Creates a directory.
    fn create_dir_at(&mut self, dir: HostFd, path: &str) -> WasiResult<()> {
        Err(Errno::Nosys)
    }
    /// Removes an empty directory.
    fn remove_dir_at(&mut self, dir: HostFd, path: &str) -> WasiResult<()> {
        Err(Errno::Nosys)
    }
    /// Removes a file or symlink.
    fn unlink_file_at(&mut self, dir: HostFd, path: &str) -> WasiResult<()> {
        Err(Errno::Nosys)
    }
    /// Renames `old` (in `old_dir`) to `new` (in `new_dir`).
    fn rename_at(
        &mut self,
        old_dir: HostFd,
        old: &str,
        new_dir: HostFd,
        new: &str,
    ) -> WasiResult<()> {
        Err(Errno::Nosys)
    }
    /// Creates a hard link `new` to `old`.
    fn link_at(
        &mut self,
        old_dir: HostFd,
        old: &str,
        follow: bool,
        new_dir: HostFd,
        new: &str,
    ) -> WasiResult<()> {
        Err(Errno::Nosys)
    }
    /// Creates a symlink at `path` whose contents are `target`.
    fn symlink_at(&mut self, target: &str, dir: HostFd, path: &str) -> WasiResult<()> {
        Err(Errno::Nosys)
    }
    /// The contents of the symlink at `path`.
    fn readlink_at(&mut self, dir: HostFd, path: &str) -> WasiResult<String> {
        Err(Errno::Nosys)
    }

    /// Accepts a connection on a listening socket.
    fn sock_accept(&mut self, fd: HostFd, fdflags: u16) -> WasiResult<HostFd> {
        Err(Errno::Notsup)
    }
    /// Receives data; returns the bytes read and whether data was truncated.
    fn sock_recv(&mut self, fd: HostFd, buf: &mut [u8], peek: bool) -> WasiResult<usize> {
        Err(Errno::Notsup)
    }
    /// Sends data.
    fn sock_send(&mut self, fd: HostFd, buf: &[u8]) -> WasiResult<usize> {
        Err(Errno::Notsup)
    }
    /// Shuts down reading (`read`), writing (`write`) or both.
    fn sock_shutdown(&mut self, fd: HostFd, read: bool, write: bool) -> WasiResult<()> {
        Err(Errno::Notsup)
    }
}
