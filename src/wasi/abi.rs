//! The `wasi_snapshot_preview1` ABI layer: one method of [`WasiCtx`] per
//! preview1 function, named as in the spec, plus [`add_to_linker`], which
//! registers them all.
//!
//! Each method takes the guest's memory and the raw ABI arguments, checks
//! every pointer through [`GuestMemory`] (`EFAULT` out of bounds, `EINVAL`
//! misaligned), checks the descriptor, calls the backend, and writes the
//! results back. Nothing here panics on guest input.
//!
//! # Order of checks
//!
//! A call that is wrong in several ways gets the errno of the first check
//! it fails, in this order, the same for every call:
//!
//! 1. the descriptor exists (`EBADF`);
//! 2. it is of a kind the call operates on ([`Kind`]: `EBADF`, `ENOTDIR`,
//!    `ESPIPE` or `ENOTSOCK`, per kind);
//! 3. it has the call's rights (`ENOTCAPABLE`);
//! 4. flags and enum values are defined and honoured (`EINVAL`, or
//!    `ENOTSUP` for a defined flag this implementation cannot honour);
//! 5. pointers and the rest, as the call goes.
//!
//! Steps 1 to 3 are [`WasiCtx::fd_for`], which every descriptor argument
//! goes through. The preview1 witx names the rights each call needs but
//! not which errno wins when two things are wrong; the kind-before-rights
//! order and the kind errnos are Wasmtime's (the reference where the spec
//! is silent), checked by `tests/wasi-conformance/`. A flag that is
//! accepted is honoured: anything else is refused rather than ignored, so
//! a guest never believes it got, say, synchronous writes that it did not.

use super::host::HostFd;
use super::types::*;
use super::{FdEntry, GuestMemory, WasiCtx};
use crate::error::{Error, Result};
use crate::runtime::linker::Linker;
use crate::runtime::typed::WasmTy;
use crate::store::Extern;
use crate::store::func::Caller;
use crate::store::value::Val;
use crate::types::{FuncType, ValType};
use alloc::vec;
use alloc::vec::Vec;

/// The import module name.
pub const MODULE: &str = "wasi_snapshot_preview1";

/// Largest single host read or write: guests asking for more get a short
/// count, as POSIX allows.
const MAX_IO: usize = 1 << 24;

/// What kind of descriptor a call operates on. A descriptor of another
/// kind is refused before its rights are looked at (see the [module
/// docs](self)), with the errno given here.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// Anything (`fd_close`, `fd_fdstat_get`, `fd_filestat_get`, ...).
    Any,
    /// A byte stream: a file, stdio or a socket (`fd_read`, `fd_write`).
    /// A directory is `EBADF`: it is never open for reading bytes.
    Stream,
    /// A seekable file (`fd_seek`, `fd_tell`, `fd_pread`, `fd_pwrite`):
    /// a directory is `EBADF`, any other stream `ESPIPE`.
    Seekable,
    /// A regular file's data (`fd_sync`, `fd_datasync`, `fd_advise`,
    /// `fd_allocate`, `fd_filestat_set_size`): anything else is `EBADF`.
    File,
    /// A file or a directory, something with times (`fd_filestat_set_times`).
    Node,
    /// A file or a socket, whose fdflags can change (`fd_fdstat_set_flags`).
    Flags,
    /// A directory (`fd_readdir` and every `path_*` call but `path_open`).
    Dir,
    /// A directory to open a path in (`path_open`): as [`Kind::Dir`], but
    /// a regular file is `ENOTDIR`.
    OpenDir,
    /// A socket (`sock_*`): anything else is `ENOTSOCK`.
    Socket,
}

impl Kind {
    /// Whether a descriptor of type `t` suits the call, or the errno if not.
    fn check(self, t: Filetype) -> WasiResult<()> {
        use Filetype as F;
        let socket = matches!(t, F::SocketStream | F::SocketDgram);
        let ok = match self {
            Kind::Any => true,
            Kind::Stream => t != F::Directory,
            Kind::Seekable => {
                if t == F::Directory {
                    return Err(Errno::Badf);
                }
                if t != F::RegularFile {
                    return Err(Errno::Spipe);
                }
                true
            }
            Kind::File => t == F::RegularFile,
            Kind::Node => matches!(t, F::RegularFile | F::Directory),
            Kind::Flags => t == F::RegularFile || socket,
            Kind::Dir => t == F::Directory,
            Kind::OpenDir => {
                if t == F::RegularFile {
                    return Err(Errno::Notdir);
                }
                t == F::Directory
            }
            Kind::Socket => {
                if !socket {
                    return Err(Errno::Notsock);
                }
                true
            }
        };
        if ok { Ok(()) } else { Err(Errno::Badf) }
    }
}

impl WasiCtx {
    fn entry(&self, fd: u32) -> WasiResult<&FdEntry> {
        self.fds
            .get(fd as usize)
            .and_then(Option::as_ref)
            .ok_or(Errno::Badf)
    }

    /// The entry for `fd`, checked in the documented order: it exists,
    /// it is of `kind`, and it has all of `rights`.
    fn fd_for(&self, fd: u32, kind: Kind, rights: u64) -> WasiResult<&FdEntry> {
        let e = self.entry(fd)?;
        kind.check(e.filetype)?;
        if e.rights_base & rights != rights {
            return Err(Errno::Notcapable);
        }
        Ok(e)
    }

    /// A directory descriptor with `rights`, for a path operation.
    fn dir(&self, fd: u32, rights: u64) -> WasiResult<HostFd> {
        Ok(self.fd_for(fd, Kind::Dir, rights)?.host)
    }

    fn insert(&mut self, entry: FdEntry) -> WasiResult<u32> {
        if let Some(i) = self.fds.iter().position(Option::is_none) {
            self.fds[i] = Some(entry);
            return Ok(i as u32);
        }
        if self.fds.len() >= u32::MAX as usize / 2 {
            return Err(Errno::Mfile);
        }
        self.fds.push(Some(entry));
        Ok(self.fds.len() as u32 - 1)
    }

    fn strings_get(
        list: &[alloc::string::String],
        mem: &mut GuestMemory<'_>,
        ptrs: u32,
        buf: u32,
    ) -> WasiResult<()> {
        // `next` is 64-bit: a last string may end at the top of a 4 GiB
        // memory, and only a string after it would be out of bounds.
        let mut next = u64::from(buf);
        for (i, s) in list.iter().enumerate() {
            let at = u32::try_from(next).map_err(|_| Errno::Fault)?;
            let ptr = u32::try_from(i as u64 * 4 + u64::from(ptrs)).map_err(|_| Errno::Fault)?;
            mem.write_u32(ptr, at)?;
            mem.write_bytes(at, s.as_bytes())?;
            let end = at.checked_add(s.len() as u32).ok_or(Errno::Fault)?;
            mem.write_u8(end, 0)?;
            next = u64::from(end) + 1;
        }
        Ok(())
    }

    fn strings_sizes(
        list: &[alloc::string::String],
        mem: &mut GuestMemory<'_>,
        count: u32,
        size: u32,
    ) -> WasiResult<()> {
        mem.write_u32(count, list.len() as u32)?;
        mem.write_u32(size, list.iter().map(|s| s.len() as u32 + 1).sum())
    }

    /// `args_get`.
    pub fn args_get(
        &mut self,
        mem: &mut GuestMemory<'_>,
        argv: u32,
        argv_buf: u32,
    ) -> WasiResult<()> {
        Self::strings_get(&self.args, mem, argv, argv_buf)
    }

    /// `args_sizes_get`.
    pub fn args_sizes_get(
        &mut self,
        mem: &mut GuestMemory<'_>,
        argc: u32,
        size: u32,
    ) -> WasiResult<()> {
        Self::strings_sizes(&self.args, mem, argc, size)
    }

    /// `environ_get`.
    pub fn environ_get(
        &mut self,
        mem: &mut GuestMemory<'_>,
        environ: u32,
        buf: u32,
    ) -> WasiResult<()> {
        Self::strings_get(&self.env, mem, environ, buf)
    }

    /// `environ_sizes_get`.
    pub fn environ_sizes_get(
        &mut self,
        mem: &mut GuestMemory<'_>,
        count: u32,
        size: u32,
    ) -> WasiResult<()> {
        Self::strings_sizes(&self.env, mem, count, size)
    }

    /// `clock_res_get`.
    pub fn clock_res_get(
        &mut self,
        mem: &mut GuestMemory<'_>,
        id: u32,
        out: u32,
    ) -> WasiResult<()> {
        let clock = ClockId::from_raw(id)?;
        let res = self.host.clock_res(clock)?;
        mem.write_u64(out, res)
    }

    /// `clock_time_get`.
    pub fn clock_time_get(
        &mut self,
        mem: &mut GuestMemory<'_>,
        id: u32,
        precision: u64,
        out: u32,
    ) -> WasiResult<()> {
        let clock = ClockId::from_raw(id)?;
        let t = self.host.clock_time(clock, precision)?;
        mem.write_u64(out, t)
    }

    /// `fd_advise`.
    pub fn fd_advise(
        &mut self,
        _mem: &mut GuestMemory<'_>,
        fd: u32,
        offset: u64,
        len: u64,
        advice: u32,
    ) -> WasiResult<()> {
        let host = self.fd_for(fd, Kind::File, rights::FD_ADVISE)?.host;
        // `filesize` is unsigned in the witx, but a length past i64::MAX
        // cannot be a file's (posix_fadvise refuses a negative length):
        // EINVAL, as Wasmtime. Any offset is fine: advice past the end of
        // a file is harmless.
        if advice > 5 || len > i64::MAX as u64 {
            return Err(Errno::Inval);
        }
        self.host.advise(host, offset, len, advice as u8)
    }

    /// `fd_allocate`.
    pub fn fd_allocate(
        &mut self,
        _mem: &mut GuestMemory<'_>,
        fd: u32,
        offset: u64,
        len: u64,
    ) -> WasiResult<()> {
        let host = self.fd_for(fd, Kind::File, rights::FD_ALLOCATE)?.host;
        offset.checked_add(len).ok_or(Errno::Fbig)?;
        self.host.allocate(host, offset, len)
    }

    /// `fd_close`.
    pub fn fd_close(&mut self, _mem: &mut GuestMemory<'_>, fd: u32) -> WasiResult<()> {
        let host = self.entry(fd)?.host;
        self.fds[fd as usize] = None;
        self.host.close(host)
    }

    /// `fd_datasync`.
    pub fn fd_datasync(&mut self, _mem: &mut GuestMemory<'_>, fd: u32) -> WasiResult<()> {
        let host = self.fd_for(fd, Kind::File, rights::FD_DATASYNC)?.host;
        self.host.datasync(host)
    }

    /// `fd_fdstat_get`.
    pub fn fd_fdstat_get(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        out: u32,
    ) -> WasiResult<()> {
        let e = self.entry(fd)?.clone();
        let flags = self.host.fdflags(e.host)?;
        mem.slice_mut(out, 24)?;
        if out % 8 != 0 {
            return Err(Errno::Inval);
        }
        mem.write_u8(out, e.filetype as u8)?;
        mem.write_u8(out + 1, 0)?;
        mem.write_u16(out + 2, flags)?;
        mem.write_u32(out + 4, 0)?;
        mem.write_u64(out + 8, e.rights_base)?;
        mem.write_u64(out + 16, e.rights_inheriting)
    }

    /// `fd_fdstat_set_flags`.
    pub fn fd_fdstat_set_flags(
        &mut self,
        _mem: &mut GuestMemory<'_>,
        fd: u32,
        flags: u32,
    ) -> WasiResult<()> {
        let host = self
            .fd_for(fd, Kind::Flags, rights::FD_FDSTAT_SET_FLAGS)?
            .host;
        let flags = u16::try_from(flags).map_err(|_| Errno::Inval)?;
        // The synchronous-I/O flags cannot be changed after opening (as in
        // POSIX fcntl(F_SETFL)); undefined bits are invalid.
        if flags & !(fdflags::APPEND | fdflags::NONBLOCK) != 0 {
            return Err(Errno::Inval);
        }
        self.host.set_fdflags(host, flags)
    }

    /// `fd_fdstat_set_rights`: rights can only be dropped.
    pub fn fd_fdstat_set_rights(
        &mut self,
        _mem: &mut GuestMemory<'_>,
        fd: u32,
        base: u64,
        inheriting: u64,
    ) -> WasiResult<()> {
        let e = self.entry(fd)?;
        if (base | inheriting) & !rights::ALL != 0 {
            return Err(Errno::Inval);
        }
        if base & !e.rights_base != 0 || inheriting & !e.rights_inheriting != 0 {
            return Err(Errno::Notcapable);
        }
        let e = self.fds[fd as usize].as_mut().ok_or(Errno::Badf)?;
        e.rights_base = base;
        e.rights_inheriting = inheriting;
        Ok(())
    }

    fn write_filestat(mem: &mut GuestMemory<'_>, out: u32, st: &Filestat) -> WasiResult<()> {
        mem.slice_mut(out, 64)?;
        if out % 8 != 0 {
            return Err(Errno::Inval);
        }
        mem.write_u64(out, st.dev)?;
        mem.write_u64(out + 8, st.ino)?;
        mem.write_u64(out + 16, st.filetype as u64)?;
        mem.write_u64(out + 24, st.nlink)?;
        mem.write_u64(out + 32, st.size)?;
        mem.write_u64(out + 40, st.atim)?;
        mem.write_u64(out + 48, st.mtim)?;
        mem.write_u64(out + 56, st.ctim)
    }

    /// `fd_filestat_get`.
    pub fn fd_filestat_get(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        out: u32,
    ) -> WasiResult<()> {
        let host = self.fd_for(fd, Kind::Any, rights::FD_FILESTAT_GET)?.host;
        let st = self.host.filestat(host)?;
        Self::write_filestat(mem, out, &st)
    }

    /// `fd_filestat_set_size`.
    pub fn fd_filestat_set_size(
        &mut self,
        _mem: &mut GuestMemory<'_>,
        fd: u32,
        size: u64,
    ) -> WasiResult<()> {
        let host = self
            .fd_for(fd, Kind::File, rights::FD_FILESTAT_SET_SIZE)?
            .host;
        self.host.set_size(host, size)
    }

    /// `fd_filestat_set_times`.
    pub fn fd_filestat_set_times(
        &mut self,
        _mem: &mut GuestMemory<'_>,
        fd: u32,
        atim: u64,
        mtim: u64,
        flags: u32,
    ) -> WasiResult<()> {
        let host = self
            .fd_for(fd, Kind::Node, rights::FD_FILESTAT_SET_TIMES)?
            .host;
        let (a, m) = times(atim, mtim, flags)?;
        self.host.set_times(host, a, m)
    }

    /// `fd_pread`.
    pub fn fd_pread(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        iovs: u32,
        iovs_len: u32,
        offset: u64,
        out: u32,
    ) -> WasiResult<()> {
        let host = self
            .fd_for(fd, Kind::Seekable, rights::FD_READ | rights::FD_SEEK)?
            .host;
        let total = scatter(mem, iovs, iovs_len, |buf, done| {
            let at = offset.checked_add(done).ok_or(Errno::Overflow)?;
            self.host.pread(host, buf, at)
        })?;
        mem.write_u32(out, total)
    }

    /// `fd_pwrite`.
    pub fn fd_pwrite(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        iovs: u32,
        iovs_len: u32,
        offset: u64,
        out: u32,
    ) -> WasiResult<()> {
        let host = self
            .fd_for(fd, Kind::Seekable, rights::FD_WRITE | rights::FD_SEEK)?
            .host;
        let total = gather(mem, iovs, iovs_len, |buf, done| {
            let at = offset.checked_add(done).ok_or(Errno::Overflow)?;
            self.host.pwrite(host, buf, at)
        })?;
        mem.write_u32(out, total)
    }

    /// `fd_prestat_get`.
    pub fn fd_prestat_get(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        out: u32,
    ) -> WasiResult<()> {
        let name_len = self.entry(fd)?.preopen.as_ref().ok_or(Errno::Badf)?.len() as u32;
        mem.write_u32(out, 0)?; // tag: dir (and padding)
        mem.write_u32(out + 4, name_len)
    }

    /// `fd_prestat_dir_name`.
    pub fn fd_prestat_dir_name(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        path: u32,
        len: u32,
    ) -> WasiResult<()> {
        // An open descriptor that is not a preopen: ENOTDIR, as Wasmtime
        // (fd_prestat_get says EBADF for the same descriptor; the witx
        // names neither).
        let name = self.entry(fd)?.preopen.as_ref().ok_or(Errno::Notdir)?;
        if (len as usize) < name.len() {
            return Err(Errno::Nametoolong);
        }
        mem.write_bytes(path, name.as_bytes())
    }

    /// `fd_read`.
    pub fn fd_read(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        iovs: u32,
        iovs_len: u32,
        out: u32,
    ) -> WasiResult<()> {
        let host = self.fd_for(fd, Kind::Stream, rights::FD_READ)?.host;
        let total = scatter(mem, iovs, iovs_len, |buf, _| self.host.read(host, buf))?;
        mem.write_u32(out, total)
    }

    /// `fd_readdir`: entries are numbered from 0; the cookie of an entry's
    /// `d_next` is the index of the one after it.
    pub fn fd_readdir(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        buf: u32,
        buf_len: u32,
        cookie: u64,
        out: u32,
    ) -> WasiResult<()> {
        let host = self.dir(fd, rights::FD_READDIR)?;
        mem.slice_mut(buf, buf_len)?;
        let entries = self.host.readdir(host)?;
        let mut used = 0u32;
        for (i, entry) in entries
            .iter()
            .enumerate()
            .skip(usize::try_from(cookie).unwrap_or(usize::MAX))
        {
            let mut header = [0u8; 24];
            header[0..8].copy_from_slice(&(i as u64 + 1).to_le_bytes());
            header[8..16].copy_from_slice(&entry.ino.to_le_bytes());
            header[16..20].copy_from_slice(&(entry.name.len() as u32).to_le_bytes());
            header[20] = entry.filetype as u8;
            for chunk in [&header[..], entry.name.as_bytes()] {
                let room = (buf_len - used) as usize;
                let n = chunk.len().min(room);
                mem.write_bytes(buf + used, &chunk[..n])?;
                used += n as u32;
            }
            if used == buf_len {
                break;
            }
        }
        mem.write_u32(out, used)
    }

    /// `fd_renumber`: moves `fd` to `to`, closing what `to` was.
    pub fn fd_renumber(&mut self, _mem: &mut GuestMemory<'_>, fd: u32, to: u32) -> WasiResult<()> {
        let e = self.entry(fd)?.clone();
        let old = self.entry(to)?.host;
        if fd == to {
            return Ok(());
        }
        self.fds[to as usize] = Some(e);
        self.fds[fd as usize] = None;
        let _ = self.host.close(old);
        Ok(())
    }

    /// `fd_seek`.
    pub fn fd_seek(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        offset: i64,
        whence: u32,
        out: u32,
    ) -> WasiResult<()> {
        let needed = if offset == 0 && whence == 1 {
            rights::FD_TELL
        } else {
            rights::FD_SEEK | rights::FD_TELL
        };
        let e = self.fd_for(fd, Kind::Seekable, 0)?;
        if e.rights_base & needed == 0 {
            return Err(Errno::Notcapable);
        }
        let host = e.host;
        let whence = match whence {
            0 => Whence::Set,
            1 => Whence::Cur,
            2 => Whence::End,
            _ => return Err(Errno::Inval),
        };
        let pos = self.host.seek(host, offset, whence)?;
        mem.write_u64(out, pos)
    }

    /// `fd_sync`.
    pub fn fd_sync(&mut self, _mem: &mut GuestMemory<'_>, fd: u32) -> WasiResult<()> {
        let host = self.fd_for(fd, Kind::File, rights::FD_SYNC)?.host;
        self.host.sync(host)
    }

    /// `fd_tell`.
    pub fn fd_tell(&mut self, mem: &mut GuestMemory<'_>, fd: u32, out: u32) -> WasiResult<()> {
        let host = self.fd_for(fd, Kind::Seekable, rights::FD_TELL)?.host;
        let pos = self.host.seek(host, 0, Whence::Cur)?;
        mem.write_u64(out, pos)
    }

    /// `fd_write`.
    pub fn fd_write(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        iovs: u32,
        iovs_len: u32,
        out: u32,
    ) -> WasiResult<()> {
        let host = self.fd_for(fd, Kind::Stream, rights::FD_WRITE)?.host;
        let total = gather(mem, iovs, iovs_len, |buf, _| self.host.write(host, buf))?;
        mem.write_u32(out, total)
    }

    /// A path argument: UTF-8, relative. An absolute path would leave the
    /// directory it is relative to: `EPERM`, like every other way out of
    /// the sandbox (see [`super::host`]).
    fn path<'m>(mem: &'m GuestMemory<'_>, ptr: u32, len: u32) -> WasiResult<&'m str> {
        let p = mem.str(ptr, len)?;
        if p.starts_with('/') {
            return Err(Errno::Perm);
        }
        if p.contains('\0') {
            return Err(Errno::Inval);
        }
        Ok(p)
    }

    /// `path_create_directory`.
    pub fn path_create_directory(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        path: u32,
        len: u32,
    ) -> WasiResult<()> {
        let dir = self.dir(fd, rights::PATH_CREATE_DIRECTORY)?;
        let p = Self::path(mem, path, len)?;
        self.host.create_dir_at(dir, p)
    }

    /// `lookupflags`: only `symlink_follow` is defined. A path ending in
    /// `/` names a directory, so its last symlink is followed whatever the
    /// flag says (POSIX path resolution).
    fn follow(flags: u32, path: &str) -> WasiResult<bool> {
        if flags & !1 != 0 {
            return Err(Errno::Inval);
        }
        Ok(flags & 1 != 0 || path.ends_with('/'))
    }

    /// `path_filestat_get`.
    pub fn path_filestat_get(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        flags: u32,
        path: u32,
        len: u32,
        out: u32,
    ) -> WasiResult<()> {
        let dir = self.dir(fd, rights::PATH_FILESTAT_GET)?;
        let p = Self::path(mem, path, len)?;
        let st = self.host.stat_at(dir, p, Self::follow(flags, p)?)?;
        if p.ends_with('/') && st.filetype != Filetype::Directory {
            return Err(Errno::Notdir);
        }
        Self::write_filestat(mem, out, &st)
    }

    /// `path_filestat_set_times`.
    #[allow(clippy::too_many_arguments)]
    pub fn path_filestat_set_times(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        flags: u32,
        path: u32,
        len: u32,
        atim: u64,
        mtim: u64,
        fst_flags: u32,
    ) -> WasiResult<()> {
        let dir = self.dir(fd, rights::PATH_FILESTAT_SET_TIMES)?;
        let p = Self::path(mem, path, len)?;
        let follow = Self::follow(flags, p)?;
        let (a, m) = times(atim, mtim, fst_flags)?;
        if p.ends_with('/') && self.host.stat_at(dir, p, true)?.filetype != Filetype::Directory {
            return Err(Errno::Notdir);
        }
        self.host.set_times_at(dir, p, follow, a, m)
    }

    /// `path_link`.
    #[allow(clippy::too_many_arguments)]
    pub fn path_link(
        &mut self,
        mem: &mut GuestMemory<'_>,
        old_fd: u32,
        old_flags: u32,
        old_path: u32,
        old_len: u32,
        new_fd: u32,
        new_path: u32,
        new_len: u32,
    ) -> WasiResult<()> {
        let old_dir = self.dir(old_fd, rights::PATH_LINK_SOURCE)?;
        let new_dir = self.dir(new_fd, rights::PATH_LINK_TARGET)?;
        let old = Self::path(mem, old_path, old_len)?;
        let new = Self::path(mem, new_path, new_len)?;
        // Linking through a symlink (linkat's AT_SYMLINK_FOLLOW) is not
        // offered: refused, as Wasmtime does, rather than ignored.
        if old_flags != 0 {
            return Err(Errno::Inval);
        }
        self.host.link_at(old_dir, old, false, new_dir, new)
    }

    /// `path_open`.
    #[allow(clippy::too_many_arguments)]
    pub fn path_open(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        dirflags: u32,
        path: u32,
        len: u32,
        oflags: u32,
        rights_base: u64,
        rights_inheriting: u64,
        fdflags: u32,
        out: u32,
    ) -> WasiResult<()> {
        let parent = self.fd_for(fd, Kind::OpenDir, 0)?.clone();
        let oflags = u16::try_from(oflags).map_err(|_| Errno::Inval)?;
        let fdflags = u16::try_from(fdflags).map_err(|_| Errno::Inval)?;
        let mut needed = rights::PATH_OPEN;
        if oflags & oflags::CREAT != 0 {
            needed |= rights::PATH_CREATE_FILE;
        }
        if oflags & oflags::TRUNC != 0 {
            needed |= rights::PATH_FILESTAT_SET_SIZE;
        }
        if parent.rights_base & needed != needed {
            return Err(Errno::Notcapable);
        }
        // Undefined bits of any flag set, or rights no descriptor can have.
        if dirflags & !1 != 0
            || oflags & !0xf != 0
            || fdflags & !0x1f != 0
            || (rights_base | rights_inheriting) & !rights::ALL != 0
        {
            return Err(Errno::Inval);
        }
        // A directory can be neither created nor truncated by path_open.
        if oflags & oflags::DIRECTORY != 0 && oflags & (oflags::CREAT | oflags::TRUNC) != 0 {
            return Err(Errno::Inval);
        }
        // Synchronous I/O (dsync, rsync, sync) is not offered by the
        // backends: refused, not silently ignored.
        if fdflags & (fdflags::DSYNC | fdflags::RSYNC | fdflags::SYNC) != 0 {
            return Err(Errno::Notsup);
        }
        // The new descriptor gets what it asked for, within what the
        // directory passes on.
        let base = rights_base & parent.rights_inheriting;
        let inheriting = rights_inheriting & parent.rights_inheriting;
        let write_rights = rights::FD_WRITE | rights::FD_ALLOCATE | rights::FD_FILESTAT_SET_SIZE;
        // The result pointer is checked before anything is created.
        mem.slice_mut(out, 4)?;
        let p = Self::path(mem, path, len)?;
        let options = OpenOptions {
            follow: Self::follow(dirflags, p)?,
            create: oflags & oflags::CREAT != 0,
            exclusive: oflags & oflags::EXCL != 0,
            truncate: oflags & oflags::TRUNC != 0,
            directory: oflags & oflags::DIRECTORY != 0,
            read: base & (rights::FD_READ | rights::FD_READDIR) != 0,
            write: base & write_rights != 0
                || fdflags & fdflags::APPEND != 0 && base & rights::FD_WRITE != 0,
            fdflags,
        };
        let host = self.host.open_at(parent.host, p, options)?;
        let filetype = match self.host.filetype(host) {
            Ok(t) => t,
            Err(e) => {
                let _ = self.host.close(host);
                return Err(e);
            }
        };
        let applicable = match filetype {
            Filetype::Directory => rights::DIRECTORY,
            Filetype::SocketStream | Filetype::SocketDgram => rights::SOCKET,
            _ => rights::FILE,
        };
        let entry = FdEntry {
            host,
            filetype,
            rights_base: base & applicable,
            rights_inheriting: inheriting,
            preopen: None,
        };
        let new_fd = match self.insert(entry) {
            Ok(n) => n,
            Err(e) => {
                let _ = self.host.close(host);
                return Err(e);
            }
        };
        mem.write_u32(out, new_fd)
    }

    /// `path_readlink`.
    pub fn path_readlink(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        path: u32,
        len: u32,
        buf: u32,
        buf_len: u32,
        out: u32,
    ) -> WasiResult<()> {
        let dir = self.dir(fd, rights::PATH_READLINK)?;
        let p = Self::path(mem, path, len)?;
        let target = self.host.readlink_at(dir, p)?;
        // An absolute target names a host path outside every sandbox: it
        // is not shown (EPERM, as Wasmtime).
        if target.starts_with('/') {
            return Err(Errno::Perm);
        }
        let n = target.len().min(buf_len as usize);
        mem.write_bytes(buf, &target.as_bytes()[..n])?;
        mem.write_u32(out, n as u32)
    }

    /// `path_remove_directory`.
    pub fn path_remove_directory(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        path: u32,
        len: u32,
    ) -> WasiResult<()> {
        let dir = self.dir(fd, rights::PATH_REMOVE_DIRECTORY)?;
        let p = Self::path(mem, path, len)?;
        self.host.remove_dir_at(dir, p)
    }

    /// `path_rename`.
    #[allow(clippy::too_many_arguments)]
    pub fn path_rename(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        old_path: u32,
        old_len: u32,
        new_fd: u32,
        new_path: u32,
        new_len: u32,
    ) -> WasiResult<()> {
        let old_dir = self.dir(fd, rights::PATH_RENAME_SOURCE)?;
        let new_dir = self.dir(new_fd, rights::PATH_RENAME_TARGET)?;
        let old = Self::path(mem, old_path, old_len)?;
        let new = Self::path(mem, new_path, new_len)?;
        // A trailing slash on either name says the thing moved is a
        // directory (POSIX rename(2)): anything else is ENOTDIR, checked
        // here because a host may drop the slash.
        if old.ends_with('/') || new.ends_with('/') {
            let st = self
                .host
                .stat_at(old_dir, old.trim_end_matches('/'), false)?;
            if st.filetype != Filetype::Directory {
                return Err(Errno::Notdir);
            }
        }
        self.host.rename_at(old_dir, old, new_dir, new)
    }

    /// `path_symlink`.
    pub fn path_symlink(
        &mut self,
        mem: &mut GuestMemory<'_>,
        old_path: u32,
        old_len: u32,
        fd: u32,
        new_path: u32,
        new_len: u32,
    ) -> WasiResult<()> {
        let dir = self.dir(fd, rights::PATH_SYMLINK)?;
        let target = mem.str(old_path, old_len)?;
        let p = Self::path(mem, new_path, new_len)?;
        // A link to an absolute path would point out of the sandbox.
        if target.starts_with('/') {
            return Err(Errno::Perm);
        }
        self.host.symlink_at(target, dir, p)
    }

    /// `path_unlink_file`.
    pub fn path_unlink_file(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        path: u32,
        len: u32,
    ) -> WasiResult<()> {
        let dir = self.dir(fd, rights::PATH_UNLINK_FILE)?;
        let p = Self::path(mem, path, len)?;
        self.host.unlink_file_at(dir, p)
    }

    /// `poll_oneoff`: clock subscriptions become the timeout; fd
    /// subscriptions go to the backend's `poll`. A subscription the call
    /// cannot accept (an undefined type or clock flag, a descriptor that
    /// fails [`WasiCtx::fd_for`]) fails the call; errors the backend finds
    /// while polling are reported in the events.
    pub fn poll_oneoff(
        &mut self,
        mem: &mut GuestMemory<'_>,
        subs: u32,
        events: u32,
        n: u32,
        out: u32,
    ) -> WasiResult<()> {
        if n == 0 {
            return Err(Errno::Inval);
        }
        let sub_bytes = n.checked_mul(48).ok_or(Errno::Fault)?;
        mem.slice(subs, sub_bytes)?;
        mem.slice_mut(events, n.checked_mul(32).ok_or(Errno::Fault)?)?;
        if subs % 8 != 0 || events % 8 != 0 {
            return Err(Errno::Inval);
        }
        struct Sub {
            userdata: u64,
            kind: u8,
            fd: Option<Result<HostFd, Errno>>,
            deadline: u64,
        }
        let now = |host: &mut dyn super::WasiHost, clock| host.clock_time(clock, 0);
        let mut list = Vec::with_capacity(n as usize);
        let mut timeout: Option<u64> = None;
        for i in 0..n {
            let s = subs + i * 48;
            let userdata = mem.read_u64(s)?;
            let kind = mem.read_u8(s + 8)?;
            match kind {
                0 => {
                    let clock = ClockId::from_raw(mem.read_u32(s + 16)?)?;
                    let t = mem.read_u64(s + 24)?;
                    let flags = mem.read_u16(s + 40)?;
                    if flags & !1 != 0 {
                        return Err(Errno::Inval);
                    }
                    let rel = if flags & 1 != 0 {
                        let now = now(&mut *self.host, clock)?;
                        t.saturating_sub(now)
                    } else {
                        t
                    };
                    timeout = Some(timeout.map_or(rel, |x| x.min(rel)));
                    list.push(Sub {
                        userdata,
                        kind,
                        fd: None,
                        deadline: rel,
                    });
                }
                1 | 2 => {
                    // A descriptor that cannot be polled fails the whole
                    // call (as in Wasmtime), with the errno of the usual
                    // order of checks; a directory is not a stream.
                    let fd = mem.read_u32(s + 16)?;
                    let host = self
                        .fd_for(fd, Kind::Stream, rights::POLL_FD_READWRITE)?
                        .host;
                    list.push(Sub {
                        userdata,
                        kind,
                        fd: Some(Ok(host)),
                        deadline: 0,
                    });
                }
                _ => return Err(Errno::Inval),
            }
        }
        let fds: Vec<(HostFd, Interest)> = list
            .iter()
            .filter_map(|s| match s.fd {
                Some(Ok(h)) => Some((
                    h,
                    if s.kind == 1 {
                        Interest::Read
                    } else {
                        Interest::Write
                    },
                )),
                _ => None,
            })
            .collect();
        // Bad descriptors are reported at once, without waiting.
        let any_bad = list.iter().any(|s| matches!(s.fd, Some(Err(_))));
        let readiness = if any_bad {
            vec![
                Readiness {
                    ready: false,
                    nbytes: 0,
                    hangup: false,
                    error: None
                };
                fds.len()
            ]
        } else {
            self.host.poll(&fds, timeout)?
        };
        let mut written = 0u32;
        let mut fd_index = 0;
        let any_fd_ready = readiness.iter().any(|r| r.ready || r.error.is_some());
        for s in &list {
            let (error, nbytes, flags, fire) = match &s.fd {
                None => (
                    0u16,
                    0u64,
                    0u16,
                    !any_fd_ready && !any_bad && Some(s.deadline) == timeout,
                ),
                Some(Err(e)) => (*e as u16, 0, 0, true),
                Some(Ok(_)) => {
                    let r = readiness.get(fd_index).copied().unwrap_or(Readiness {
                        ready: false,
                        nbytes: 0,
                        hangup: false,
                        error: None,
                    });
                    fd_index += 1;
                    (
                        r.error.map_or(0, |e| e as u16),
                        r.nbytes,
                        if r.hangup { 1 } else { 0 },
                        r.ready || r.error.is_some(),
                    )
                }
            };
            if !fire {
                continue;
            }
            let ev = events + written * 32;
            mem.write_u64(ev, s.userdata)?;
            mem.write_u16(ev + 8, error)?;
            mem.write_u8(ev + 10, s.kind)?;
            mem.write_u64(ev + 16, nbytes)?;
            mem.write_u16(ev + 24, flags)?;
            written += 1;
        }
        mem.write_u32(out, written)
    }

    /// `proc_raise`: signals are not supported.
    /// The function exists (ENOSYS would say it does not): the signal
    /// cannot be delivered, ENOTSUP, as Wasmtime.
    pub fn proc_raise(&mut self, _mem: &mut GuestMemory<'_>, _sig: u32) -> WasiResult<()> {
        Err(Errno::Notsup)
    }

    /// `random_get`.
    pub fn random_get(&mut self, mem: &mut GuestMemory<'_>, buf: u32, len: u32) -> WasiResult<()> {
        let buf = mem.slice_mut(buf, len)?;
        self.host.random(buf)
    }

    /// `sched_yield`.
    pub fn sched_yield(&mut self, _mem: &mut GuestMemory<'_>) -> WasiResult<()> {
        self.host.sched_yield()
    }

    /// `sock_accept`.
    pub fn sock_accept(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        flags: u32,
        out: u32,
    ) -> WasiResult<()> {
        let e = self.fd_for(fd, Kind::Socket, rights::SOCK_ACCEPT)?;
        let flags = u16::try_from(flags).map_err(|_| Errno::Inval)?;
        if flags & !fdflags::NONBLOCK != 0 {
            return Err(Errno::Inval);
        }
        mem.slice_mut(out, 4)?;
        let host = e.host;
        let conn = self.host.sock_accept(host, flags)?;
        let entry = FdEntry {
            host: conn,
            filetype: Filetype::SocketStream,
            rights_base: rights::SOCKET & !rights::SOCK_ACCEPT,
            rights_inheriting: 0,
            preopen: None,
        };
        let new_fd = self.insert(entry)?;
        mem.write_u32(out, new_fd)
    }

    /// `sock_recv`.
    #[allow(clippy::too_many_arguments)]
    pub fn sock_recv(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        iovs: u32,
        iovs_len: u32,
        ri_flags: u32,
        out_len: u32,
        out_flags: u32,
    ) -> WasiResult<()> {
        let e = self.fd_for(fd, Kind::Socket, rights::FD_READ)?;
        if ri_flags & !3 != 0 {
            return Err(Errno::Inval);
        }
        let host = e.host;
        let total = scatter(mem, iovs, iovs_len, |buf, _| {
            self.host.sock_recv(host, buf, ri_flags & 1 != 0)
        })?;
        mem.write_u32(out_len, total)?;
        mem.write_u16(out_flags, 0)
    }

    /// `sock_send`.
    pub fn sock_send(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        iovs: u32,
        iovs_len: u32,
        si_flags: u32,
        out: u32,
    ) -> WasiResult<()> {
        let e = self.fd_for(fd, Kind::Socket, rights::FD_WRITE)?;
        if si_flags != 0 {
            return Err(Errno::Inval);
        }
        let host = e.host;
        let total = gather(mem, iovs, iovs_len, |buf, _| self.host.sock_send(host, buf))?;
        mem.write_u32(out, total)
    }

    /// `sock_shutdown`.
    pub fn sock_shutdown(
        &mut self,
        _mem: &mut GuestMemory<'_>,
        fd: u32,
        how: u32,
    ) -> WasiResult<()> {
        let e = self.fd_for(fd, Kind::Socket, rights::SOCK_SHUTDOWN)?;
        if how == 0 || how & !3 != 0 {
            return Err(Errno::Inval);
        }
        let host = e.host;
        self.host.sock_shutdown(host, how & 1 != 0, how & 2 != 0)
    }
}

/// Runs `f` on each guest buffer of an iovec array in turn, stopping at the
/// first short transfer; returns the total. `f` gets the buffer and the
/// offset of its first byte from the start of the transfer.
fn scatter(
    mem: &mut GuestMemory<'_>,
    iovs: u32,
    count: u32,
    mut f: impl FnMut(&mut [u8], u64) -> WasiResult<usize>,
) -> WasiResult<u32> {
    let mut total = 0usize;
    for (ptr, len) in mem.iovecs(iovs, count)? {
        let buf = mem.slice_mut(ptr, len)?;
        let cap = buf.len().min(MAX_IO);
        let n = f(&mut buf[..cap], total as u64)?;
        total += n;
        if n < len as usize {
            break;
        }
    }
    Ok(total as u32)
}

/// Like [`scatter`], for writes from guest buffers.
fn gather(
    mem: &mut GuestMemory<'_>,
    iovs: u32,
    count: u32,
    mut f: impl FnMut(&[u8], u64) -> WasiResult<usize>,
) -> WasiResult<u32> {
    let mut total = 0usize;
    for (ptr, len) in mem.iovecs(iovs, count)? {
        let buf = mem.slice(ptr, len)?;
        let n = f(&buf[..buf.len().min(MAX_IO)], total as u64)?;
        total += n;
        if n < len as usize {
            break;
        }
    }
    Ok(total as u32)
}

fn times(atim: u64, mtim: u64, flags: u32) -> WasiResult<(SetTime, SetTime)> {
    let flags = u16::try_from(flags).map_err(|_| Errno::Inval)?;
    if flags & !0xf != 0 {
        return Err(Errno::Inval);
    }
    Ok((
        SetTime::from_flags(atim, flags, fstflags::ATIM, fstflags::ATIM_NOW)?,
        SetTime::from_flags(mtim, flags, fstflags::MTIM, fstflags::MTIM_NOW)?,
    ))
}

fn errno(r: WasiResult<()>) -> i32 {
    match r {
        Ok(()) => 0,
        Err(e) => e as i32,
    }
}

/// Runs `f` with the calling instance's memory and the guest's [`WasiCtx`].
fn with_ctx<T>(
    caller: &mut Caller<'_, T>,
    get: impl Fn(&mut T) -> &mut WasiCtx,
    f: impl FnOnce(&mut WasiCtx, &mut GuestMemory<'_>) -> WasiResult<()>,
) -> Result<i32> {
    let memory = caller
        .get_export("memory")
        .and_then(Extern::into_memory)
        .ok_or_else(|| {
            Error::host("WASI functions need the module to export its memory as `memory`")
        })?;
    if memory.ty(&*caller).memory64 {
        return Err(Error::host(MEMORY64));
    }
    let (bytes, data) = memory.data_and_store_mut(caller);
    let mut mem = GuestMemory::new(bytes);
    Ok(errno(f(get(data), &mut mem)))
}

/// The most parameters a preview1 function has (`path_open`'s nine).
const MAX_ARGS: usize = 9;

/// A preview1 argument, from the bits [`raw_args`] gives it.
trait AbiArg {
    fn from_bits(bits: u64) -> Self;
}

impl AbiArg for u32 {
    fn from_bits(bits: u64) -> u32 {
        bits as u32
    }
}

impl AbiArg for u64 {
    fn from_bits(bits: u64) -> u64 {
        bits
    }
}

impl AbiArg for i64 {
    fn from_bits(bits: u64) -> i64 {
        bits as i64
    }
}

/// The bits of each argument, decoded once for every function (not per
/// argument of each, inlined: about 3 KB of flash on a Cortex-M4). An
/// argument that is missing or not of its parameter's type is 0, as
/// [`WasmTy::from_val`] makes it.
#[inline(never)]
fn raw_args(args: &[Val], params: &[ValType]) -> [u64; MAX_ARGS] {
    let mut raw = [0; MAX_ARGS];
    for ((bits, arg), ty) in raw.iter_mut().zip(args).zip(params) {
        *bits = match (*arg, ty) {
            (Val::I32(x), ValType::I32) => x as u32 as u64,
            (Val::I64(x), ValType::I64) => x as u64,
            _ => 0,
        };
    }
    raw
}

/// Defines the listed functions through one host closure type: each is
/// `func_new` of the same closure, told which function it is, which decodes
/// the arguments and calls the [`WasiCtx`] method of that name. (A
/// `func_wrap` per function would compile a typed wrapper for each: about
/// 12 KB more code on a Cortex-M4. The calls' cost is the same either way,
/// since host functions receive their arguments as [`Val`]s.)
macro_rules! register {
    ($linker:ident, $get:ident; $( $name:ident ( $($arg:ident : $ty:ty),* ) ; )*) => {{
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy)]
        enum Which { $($name),* }
        #[allow(unused_assignments, unused_mut, unused_variables)]
        fn call(
            which: Which,
            ctx: &mut WasiCtx,
            mem: &mut GuestMemory<'_>,
            raw: &[u64; MAX_ARGS],
        ) -> WasiResult<()> {
            match which {
                $( Which::$name => {
                    // (`n` is a constant in each arm: each argument is one load.)
                    let mut n = 0usize;
                    $( let $arg = <$ty as AbiArg>::from_bits(raw[{ n += 1; n - 1 }]); )*
                    ctx.$name(mem, $($arg),*)
                } )*
            }
        }
        let table: &[(&str, Which, &[ValType])] = &[
            $( (stringify!($name), Which::$name, &[$(<$ty as WasmTy>::TYPE),*]), )*
        ];
        for &(name, which, params) in table {
            let ty = FuncType::new(params.iter().copied(), [ValType::I32]);
            $linker.func_new(MODULE, name, ty, move |mut caller: Caller<'_, T>, args, results| {
                let raw = raw_args(args, params);
                let status = with_ctx(&mut caller, $get, |ctx, mem| call(which, ctx, mem, &raw))?;
                if let Some(result) = results.first_mut() {
                    *result = Val::I32(status);
                }
                Ok(())
            })?;
        }
    }};
}

/// Why a module with a 64-bit `memory` cannot use WASI.
const MEMORY64: &str = "WASI preview 1 is 32-bit: it cannot use a module whose \
                        exported `memory` is a 64-bit memory (memory64)";

/// Checks that a module can use WASI preview 1: if it imports from
/// `wasi_snapshot_preview1`, the memory it exports as `memory` must be
/// 32-bit (preview 1's pointers and lengths are i32). A 64-bit one is an
/// [`ErrorKind::Unsupported`](crate::ErrorKind::Unsupported) error, found
/// before anything runs; the WASI functions also refuse it when called.
pub fn check_module(module: &crate::store::module::Module) -> Result<()> {
    let uses_wasi = module
        .imports()
        .any(|i| i.module == "wasi_snapshot_preview1");
    let memory64 = module.exports().any(|e| {
        e.name == "memory" && matches!(e.ty, crate::types::ExternType::Memory(m) if m.memory64)
    });
    if uses_wasi && memory64 {
        return Err(Error::new(crate::ErrorKind::Unsupported, MEMORY64));
    }
    Ok(())
}

/// Defines every `wasi_snapshot_preview1` function in `linker`. `get`
/// finds the [`WasiCtx`] in the store's data. `proc_exit` ends the running
/// call with an error whose [`Error::exit_code`] is the guest's status.
pub fn add_to_linker<T: 'static>(
    linker: &mut Linker<T>,
    get: impl Fn(&mut T) -> &mut WasiCtx + Copy + Send + Sync + 'static,
) -> Result<()> {
    register! { linker, get;
        args_get(argv: u32, buf: u32);
        args_sizes_get(argc: u32, size: u32);
        environ_get(environ: u32, buf: u32);
        environ_sizes_get(count: u32, size: u32);
        clock_res_get(id: u32, out: u32);
        clock_time_get(id: u32, precision: u64, out: u32);
        fd_advise(fd: u32, offset: u64, len: u64, advice: u32);
        fd_allocate(fd: u32, offset: u64, len: u64);
        fd_close(fd: u32);
        fd_datasync(fd: u32);
        fd_fdstat_get(fd: u32, out: u32);
        fd_fdstat_set_flags(fd: u32, flags: u32);
        fd_fdstat_set_rights(fd: u32, base: u64, inheriting: u64);
        fd_filestat_get(fd: u32, out: u32);
        fd_filestat_set_size(fd: u32, size: u64);
        fd_filestat_set_times(fd: u32, atim: u64, mtim: u64, flags: u32);
        fd_pread(fd: u32, iovs: u32, iovs_len: u32, offset: u64, out: u32);
        fd_prestat_get(fd: u32, out: u32);
        fd_prestat_dir_name(fd: u32, path: u32, len: u32);
        fd_pwrite(fd: u32, iovs: u32, iovs_len: u32, offset: u64, out: u32);
        fd_read(fd: u32, iovs: u32, iovs_len: u32, out: u32);
        fd_readdir(fd: u32, buf: u32, buf_len: u32, cookie: u64, out: u32);
        fd_renumber(fd: u32, to: u32);
        fd_seek(fd: u32, offset: i64, whence: u32, out: u32);
        fd_sync(fd: u32);
        fd_tell(fd: u32, out: u32);
        fd_write(fd: u32, iovs: u32, iovs_len: u32, out: u32);
        path_create_directory(fd: u32, path: u32, len: u32);
        path_filestat_get(fd: u32, flags: u32, path: u32, len: u32, out: u32);
        path_filestat_set_times(fd: u32, flags: u32, path: u32, len: u32, atim: u64, mtim: u64, fst_flags: u32);
        path_link(old_fd: u32, old_flags: u32, old_path: u32, old_len: u32, new_fd: u32, new_path: u32, new_len: u32);
        path_open(fd: u32, dirflags: u32, path: u32, len: u32, oflags: u32, base: u64, inheriting: u64, fdflags: u32, out: u32);
        path_readlink(fd: u32, path: u32, len: u32, buf: u32, buf_len: u32, out: u32);
        path_remove_directory(fd: u32, path: u32, len: u32);
        path_rename(fd: u32, old_path: u32, old_len: u32, new_fd: u32, new_path: u32, new_len: u32);
        path_symlink(old_path: u32, old_len: u32, fd: u32, new_path: u32, new_len: u32);
        path_unlink_file(fd: u32, path: u32, len: u32);
        poll_oneoff(subs: u32, events: u32, n: u32, out: u32);
        proc_raise(sig: u32);
        random_get(buf: u32, len: u32);
        sched_yield();
        sock_accept(fd: u32, flags: u32, out: u32);
        sock_recv(fd: u32, iovs: u32, iovs_len: u32, ri_flags: u32, out_len: u32, out_flags: u32);
        sock_send(fd: u32, iovs: u32, iovs_len: u32, si_flags: u32, out: u32);
        sock_shutdown(fd: u32, how: u32);
    }
    linker.func_wrap(
        MODULE,
        "proc_exit",
        |_: Caller<'_, T>, code: u32| -> Result<()> { Err(Error::exit(code as i32)) },
    )?;
    Ok(())
}
