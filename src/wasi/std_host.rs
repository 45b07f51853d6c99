//! The std backend: the host's real filesystem through cap-std, sandboxed
//! to preopened directories; clocks from the OS; randomness from getrandom;
//! stdio inherited or captured; TCP listeners preopened by the host.
//!
//! Sandboxing comes from cap-std: every path is resolved relative to a
//! directory handle and cap-std refuses any resolution (`..`, an absolute
//! path, a symlink) that would leave it. Such refusals reach the guest as
//! `EPERM` (what Wasmtime answers; `ENOTCAPABLE` is kept for missing
//! rights).

use super::host::{HostFd, WasiHost};
use super::types::*;
use cap_fs_ext::{DirExt, FollowSymlinks, MetadataExt, OpenOptionsFollowExt, SystemTimeSpec};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::string::{String, ToString};
use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime, UNIX_EPOCH};
use std::vec;
use std::vec::Vec;

enum Object {
    Stdin,
    Stdout,
    Stderr,
    /// Output captured into a shared buffer.
    Capture(Arc<Mutex<Vec<u8>>>),
    /// Input from a buffer.
    Input(Vec<u8>, usize),
    File {
        file: std::fs::File,
        append: bool,
        /// Recorded and reported: reads and writes of a regular file never
        /// wait, so there is nothing else to do.
        nonblock: bool,
    },
    Dir(cap_std::fs::Dir),
    Listener(cap_std::net::TcpListener),
    Stream(cap_std::net::TcpStream),
}

/// A [`WasiHost`] over the operating system. See the [module docs](self).
pub struct StdHost {
    objects: Vec<Option<Object>>,
    start: Instant,
}

impl core::fmt::Debug for StdHost {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("StdHost")
            .field("objects", &self.objects.len())
            .finish()
    }
}

impl Default for StdHost {
    fn default() -> StdHost {
        StdHost::new()
    }
}

/// Maps an I/O error to an errno. cap-std's sandbox refusals carry no OS
/// error code: they become `EPERM`.
fn errno(e: std::io::Error) -> Errno {
    use rustix::io::Errno as E;
    let Some(os) = E::from_io_error(&e) else {
        return match e.kind() {
            std::io::ErrorKind::PermissionDenied => Errno::Perm,
            std::io::ErrorKind::NotFound => Errno::Noent,
            std::io::ErrorKind::AlreadyExists => Errno::Exist,
            std::io::ErrorKind::InvalidInput => Errno::Inval,
            std::io::ErrorKind::Unsupported => Errno::Notsup,
            std::io::ErrorKind::OutOfMemory => Errno::Nomem,
            _ => Errno::Io,
        };
    };
    let table: &[(E, Errno)] = &[
        (E::PERM, Errno::Perm),
        (E::NOENT, Errno::Noent),
        (E::IO, Errno::Io),
        (E::BADF, Errno::Badf),
        (E::AGAIN, Errno::Again),
        (E::NOMEM, Errno::Nomem),
        (E::ACCESS, Errno::Acces),
        (E::EXIST, Errno::Exist),
        (E::XDEV, Errno::Xdev),
        (E::NOTDIR, Errno::Notdir),
        (E::ISDIR, Errno::Isdir),
        (E::INVAL, Errno::Inval),
        (E::MFILE, Errno::Mfile),
        (E::NFILE, Errno::Nfile),
        (E::FBIG, Errno::Fbig),
        (E::NOSPC, Errno::Nospc),
        (E::SPIPE, Errno::Spipe),
        (E::ROFS, Errno::Rofs),
        (E::MLINK, Errno::Mlink),
        (E::PIPE, Errno::Pipe),
        (E::NAMETOOLONG, Errno::Nametoolong),
        (E::NOTEMPTY, Errno::Notempty),
        (E::LOOP, Errno::Loop),
        (E::NOTSOCK, Errno::Notsock),
        (E::NOTSUP, Errno::Notsup),
        (E::CONNRESET, Errno::Connreset),
        (E::CONNABORTED, Errno::Connaborted),
        (E::CONNREFUSED, Errno::Connrefused),
        (E::NOTCONN, Errno::Notconn),
        (E::TIMEDOUT, Errno::Timedout),
        (E::OVERFLOW, Errno::Overflow),
        (E::INTR, Errno::Intr),
        (E::BUSY, Errno::Busy),
        (E::TXTBSY, Errno::Txtbsy),
    ];
    table
        .iter()
        .find(|(o, _)| *o == os)
        .map_or(Errno::Io, |(_, w)| *w)
}

fn nanos(t: std::io::Result<SystemTime>) -> u64 {
    t.ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64)
}

fn time_of(nanos: u64) -> SystemTime {
    UNIX_EPOCH + std::time::Duration::from_nanos(nanos)
}

fn filetype(ft: cap_std::fs::FileType) -> Filetype {
    if ft.is_dir() {
        Filetype::Directory
    } else if ft.is_symlink() {
        Filetype::SymbolicLink
    } else if ft.is_file() {
        Filetype::RegularFile
    } else {
        Filetype::Unknown
    }
}

fn filestat(m: &cap_std::fs::Metadata) -> Filestat {
    let filetype = filetype(m.file_type());
    Filestat {
        dev: m.dev(),
        ino: m.ino(),
        filetype,
        nlink: m.nlink(),
        size: m.len(),
        atim: nanos(m.accessed().map(|t| t.into_std())),
        mtim: nanos(m.modified().map(|t| t.into_std())),
        ctim: nanos(m.created().map(|t| t.into_std())),
    }
}

fn spec(t: SetTime) -> Option<SystemTimeSpec> {
    match t {
        SetTime::Keep => None,
        SetTime::Now => Some(SystemTimeSpec::SymbolicNow),
        SetTime::At(n) => Some(SystemTimeSpec::Absolute(
            cap_std::time::SystemTime::from_std(time_of(n)),
        )),
    }
}

impl StdHost {
    /// A host whose stdio (objects 0, 1, 2) is the process's own.
    pub fn new() -> StdHost {
        StdHost {
            objects: vec![
                Some(Object::Stdin),
                Some(Object::Stdout),
                Some(Object::Stderr),
            ],
            start: Instant::now(),
        }
    }

    fn add(&mut self, obj: Object) -> HostFd {
        match self.objects.iter().position(Option::is_none) {
            Some(i) => {
                self.objects[i] = Some(obj);
                i as HostFd
            }
            None => {
                self.objects.push(Some(obj));
                self.objects.len() as HostFd - 1
            }
        }
    }

    /// Opens a host directory for preopening.
    pub fn open_dir(&mut self, path: impl AsRef<Path>) -> std::io::Result<HostFd> {
        let dir = cap_std::fs::Dir::open_ambient_dir(path, cap_std::ambient_authority())?;
        Ok(self.add(Object::Dir(dir)))
    }

    /// Adopts a bound TCP listener for preopening.
    pub fn listener(&mut self, listener: std::net::TcpListener) -> HostFd {
        self.add(Object::Listener(cap_std::net::TcpListener::from_std(
            listener,
        )))
    }

    /// A new output object whose bytes are collected in the returned buffer.
    pub fn capture(&mut self) -> (HostFd, Arc<Mutex<Vec<u8>>>) {
        let buf = Arc::new(Mutex::new(Vec::new()));
        (self.add(Object::Capture(buf.clone())), buf)
    }

    /// A new input object that reads `data`.
    pub fn input(&mut self, data: impl Into<Vec<u8>>) -> HostFd {
        self.add(Object::Input(data.into(), 0))
    }

    fn obj(&mut self, fd: HostFd) -> WasiResult<&mut Object> {
        self.objects
            .get_mut(fd as usize)
            .and_then(Option::as_mut)
            .ok_or(Errno::Badf)
    }

    fn dir(&mut self, fd: HostFd) -> WasiResult<&cap_std::fs::Dir> {
        match self.obj(fd)? {
            Object::Dir(d) => Ok(d),
            _ => Err(Errno::Notdir),
        }
    }

    fn file(&mut self, fd: HostFd) -> WasiResult<&mut std::fs::File> {
        match self.obj(fd)? {
            Object::File { file, .. } => Ok(file),
            Object::Dir(_) => Err(Errno::Isdir),
            _ => Err(Errno::Spipe),
        }
    }
}

impl WasiHost for StdHost {
    fn clock_res(&mut self, clock: ClockId) -> WasiResult<u64> {
        match clock {
            ClockId::Realtime | ClockId::Monotonic => Ok(1),
            ClockId::ProcessCputime | ClockId::ThreadCputime => Ok(1_000),
        }
    }
    fn clock_time(&mut self, clock: ClockId, _precision: u64) -> WasiResult<u64> {
        Ok(match clock {
            ClockId::Realtime => nanos(Ok(SystemTime::now())),
            ClockId::Monotonic => self.start.elapsed().as_nanos() as u64,
            ClockId::ProcessCputime => {
                let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
                t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64
            }
            ClockId::ThreadCputime => {
                let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
                t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64
            }
        })
    }
    fn random(&mut self, buf: &mut [u8]) -> WasiResult<()> {
        getrandom::fill(buf).map_err(|_| Errno::Io)
    }
    fn sched_yield(&mut self) -> WasiResult<()> {
        std::thread::yield_now();
        Ok(())
    }
    fn poll(
        &mut self,
        fds: &[(HostFd, Interest)],
        timeout: Option<u64>,
    ) -> WasiResult<Vec<Readiness>> {
        use rustix::event::{PollFd, PollFlags};
        use std::os::fd::AsFd;
        let not = Readiness {
            ready: false,
            nbytes: 0,
            hangup: false,
            error: None,
        };
        let mut out = vec![not; fds.len()];
        // Files, captures and in-memory input are always ready; the rest
        // goes to poll(2).
        let mut waits: Vec<(usize, std::os::fd::BorrowedFd<'_>, PollFlags)> = Vec::new();
        let stdin = std::io::stdin();
        let stdout = std::io::stdout();
        let stderr = std::io::stderr();
        let mut immediate = false;
        for (i, &(fd, interest)) in fds.iter().enumerate() {
            let flags = match interest {
                Interest::Read => PollFlags::IN,
                Interest::Write => PollFlags::OUT,
            };
            match self.objects.get(fd as usize).and_then(Option::as_ref) {
                None => {
                    out[i].error = Some(Errno::Badf);
                    immediate = true;
                }
                Some(Object::File { file, .. }) => {
                    // A regular file is always ready; report the bytes left
                    // to read from the current position.
                    let mut f: &std::fs::File = file;
                    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
                    let pos = f.stream_position().unwrap_or(0);
                    out[i].ready = true;
                    out[i].nbytes = if interest == Interest::Read {
                        len.saturating_sub(pos)
                    } else {
                        0
                    };
                    immediate = true;
                }
                Some(Object::Dir(_) | Object::Capture(_) | Object::Input(..)) => {
                    out[i].ready = true;
                    immediate = true;
                }
                Some(Object::Stdin) => waits.push((i, stdin.as_fd(), flags)),
                Some(Object::Stdout) => waits.push((i, stdout.as_fd(), flags)),
                Some(Object::Stderr) => waits.push((i, stderr.as_fd(), flags)),
                Some(Object::Listener(l)) => waits.push((i, l.as_fd(), flags)),
                Some(Object::Stream(s)) => waits.push((i, s.as_fd(), flags)),
            }
        }
        if waits.is_empty() {
            if !immediate {
                if let Some(ns) = timeout {
                    std::thread::sleep(std::time::Duration::from_nanos(ns));
                }
            }
            return Ok(out);
        }
        let mut pollfds: Vec<PollFd<'_>> = waits
            .iter()
            .map(|(_, fd, flags)| PollFd::from_borrowed_fd(*fd, *flags))
            .collect();
        let zero = rustix::time::Timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        let ts = timeout.map(|ns| rustix::time::Timespec {
            tv_sec: (ns / 1_000_000_000) as _,
            tv_nsec: (ns % 1_000_000_000) as _,
        });
        let wait = if immediate { Some(&zero) } else { ts.as_ref() };
        rustix::event::poll(&mut pollfds, wait).map_err(|e| errno(e.into()))?;
        for ((i, _, _), p) in waits.iter().zip(&pollfds) {
            let r = p.revents();
            out[*i].ready =
                r.intersects(PollFlags::IN | PollFlags::OUT | PollFlags::HUP | PollFlags::ERR);
            out[*i].hangup = r.contains(PollFlags::HUP);
        }
        Ok(out)
    }

    fn filetype(&mut self, fd: HostFd) -> WasiResult<Filetype> {
        use std::io::IsTerminal;
        Ok(match self.obj(fd)? {
            // The process's stdio is a character device only when it is a
            // terminal; a pipe or a redirected file is reported as
            // `unknown` (the witx: "unknown or different from any of the
            // other types"), as Wasmtime does.
            Object::Stdin if std::io::stdin().is_terminal() => Filetype::CharacterDevice,
            Object::Stdout if std::io::stdout().is_terminal() => Filetype::CharacterDevice,
            Object::Stderr if std::io::stderr().is_terminal() => Filetype::CharacterDevice,
            Object::Stdin | Object::Stdout | Object::Stderr => Filetype::Unknown,
            Object::Capture(_) | Object::Input(..) => Filetype::CharacterDevice,
            Object::File { .. } => Filetype::RegularFile,
            Object::Dir(_) => Filetype::Directory,
            Object::Listener(_) | Object::Stream(_) => Filetype::SocketStream,
        })
    }
    fn close(&mut self, fd: HostFd) -> WasiResult<()> {
        self.objects
            .get_mut(fd as usize)
            .and_then(Option::take)
            .map(drop)
            .ok_or(Errno::Badf)
    }
    fn read(&mut self, fd: HostFd, buf: &mut [u8]) -> WasiResult<usize> {
        match self.obj(fd)? {
            Object::Stdin => std::io::stdin().read(buf).map_err(errno),
            Object::Input(data, pos) => {
                let n = buf.len().min(data.len() - *pos);
                buf[..n].copy_from_slice(&data[*pos..*pos + n]);
                *pos += n;
                Ok(n)
            }
            Object::File { file, .. } => file.read(buf).map_err(errno),
            Object::Stream(s) => s.read(buf).map_err(errno),
            Object::Dir(_) => Err(Errno::Isdir),
            _ => Err(Errno::Badf),
        }
    }
    fn write(&mut self, fd: HostFd, buf: &[u8]) -> WasiResult<usize> {
        match self.obj(fd)? {
            Object::Stdout => {
                let mut out = std::io::stdout();
                out.write_all(buf)
                    .and_then(|()| out.flush())
                    .map_err(errno)?;
                Ok(buf.len())
            }
            Object::Stderr => std::io::stderr()
                .write_all(buf)
                .map(|()| buf.len())
                .map_err(errno),
            Object::Capture(c) => {
                c.lock().map_err(|_| Errno::Io)?.extend_from_slice(buf);
                Ok(buf.len())
            }
            Object::File { file, append, .. } => {
                if *append {
                    file.seek(SeekFrom::End(0)).map_err(errno)?;
                }
                file.write(buf).map_err(errno)
            }
            Object::Stream(s) => s.write(buf).map_err(errno),
            Object::Dir(_) => Err(Errno::Isdir),
            _ => Err(Errno::Badf),
        }
    }
    #[cfg(unix)]
    fn pread(&mut self, fd: HostFd, buf: &mut [u8], offset: u64) -> WasiResult<usize> {
        use std::os::unix::fs::FileExt;
        self.file(fd)?.read_at(buf, offset).map_err(errno)
    }
    #[cfg(unix)]
    fn pwrite(&mut self, fd: HostFd, buf: &[u8], offset: u64) -> WasiResult<usize> {
        use std::os::unix::fs::FileExt;
        self.file(fd)?.write_at(buf, offset).map_err(errno)
    }
    fn seek(&mut self, fd: HostFd, offset: i64, whence: Whence) -> WasiResult<u64> {
        let pos = match whence {
            Whence::Set => SeekFrom::Start(u64::try_from(offset).map_err(|_| Errno::Inval)?),
            Whence::Cur => SeekFrom::Current(offset),
            Whence::End => SeekFrom::End(offset),
        };
        self.file(fd)?.seek(pos).map_err(errno)
    }
    fn fdflags(&mut self, fd: HostFd) -> WasiResult<u16> {
        Ok(match self.obj(fd)? {
            Object::File {
                append, nonblock, ..
            } => {
                (if *append { fdflags::APPEND } else { 0 })
                    | if *nonblock { fdflags::NONBLOCK } else { 0 }
            }
            _ => 0,
        })
    }
    fn set_fdflags(&mut self, fd: HostFd, flags: u16) -> WasiResult<()> {
        match self.obj(fd)? {
            Object::File {
                append, nonblock, ..
            } if flags & !(fdflags::APPEND | fdflags::NONBLOCK) == 0 => {
                *append = flags & fdflags::APPEND != 0;
                *nonblock = flags & fdflags::NONBLOCK != 0;
                Ok(())
            }
            Object::Stream(s) if flags & !fdflags::NONBLOCK == 0 => s
                .set_nonblocking(flags & fdflags::NONBLOCK != 0)
                .map_err(errno),
            _ if flags == 0 => Ok(()),
            _ => Err(Errno::Notsup),
        }
    }
    fn sync(&mut self, fd: HostFd) -> WasiResult<()> {
        match self.obj(fd)? {
            Object::File { file, .. } => file.sync_all().map_err(errno),
            _ => Ok(()),
        }
    }
    fn datasync(&mut self, fd: HostFd) -> WasiResult<()> {
        match self.obj(fd)? {
            Object::File { file, .. } => file.sync_data().map_err(errno),
            _ => Ok(()),
        }
    }
    fn allocate(&mut self, fd: HostFd, offset: u64, len: u64) -> WasiResult<()> {
        let file = self.file(fd)?;
        let end = offset.checked_add(len).ok_or(Errno::Fbig)?;
        let size = file.metadata().map_err(errno)?.len();
        if end > size {
            file.set_len(end).map_err(errno)?;
        }
        Ok(())
    }
    fn filestat(&mut self, fd: HostFd) -> WasiResult<Filestat> {
        match self.obj(fd)? {
            Object::File { file, .. } => {
                let m = cap_std::fs::Metadata::from_file(file).map_err(errno)?;
                Ok(filestat(&m))
            }
            Object::Dir(d) => Ok(filestat(&d.dir_metadata().map_err(errno)?)),
            Object::Listener(_) | Object::Stream(_) => Ok(Filestat::device(Filetype::SocketStream)),
            _ => Ok(Filestat::device(self.filetype(fd)?)),
        }
    }
    fn set_size(&mut self, fd: HostFd, size: u64) -> WasiResult<()> {
        self.file(fd)?.set_len(size).map_err(errno)
    }
    fn set_times(&mut self, fd: HostFd, atim: SetTime, mtim: SetTime) -> WasiResult<()> {
        match self.obj(fd)? {
            Object::File { file, .. } => {
                let now = SystemTime::now();
                let mut times = std::fs::FileTimes::new();
                match atim {
                    SetTime::At(n) => times = times.set_accessed(time_of(n)),
                    SetTime::Now => times = times.set_accessed(now),
                    SetTime::Keep => {}
                }
                match mtim {
                    SetTime::At(n) => times = times.set_modified(time_of(n)),
                    SetTime::Now => times = times.set_modified(now),
                    SetTime::Keep => {}
                }
                file.set_times(times).map_err(errno)
            }
            Object::Dir(d) => d.set_times(".", spec(atim), spec(mtim)).map_err(errno),
            _ => Err(Errno::Badf),
        }
    }
    fn readdir(&mut self, fd: HostFd) -> WasiResult<Vec<DirEntry>> {
        let dir = self.dir(fd)?;
        let me = dir.dir_metadata().map_err(errno)?;
        let mut out = vec![
            DirEntry {
                name: ".".to_string(),
                filetype: Filetype::Directory,
                ino: me.ino(),
            },
            DirEntry {
                name: "..".to_string(),
                filetype: Filetype::Directory,
                ino: 0,
            },
        ];
        let mut rest = Vec::new();
        for entry in dir.entries().map_err(errno)? {
            let entry = entry.map_err(errno)?;
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            let filetype = filetype(entry.file_type().map_err(errno)?);
            let ino = cap_fs_ext::DirEntryExt::full_metadata(&entry)
                .map(|m| m.ino())
                .unwrap_or(0);
            rest.push(DirEntry {
                name,
                filetype,
                ino,
            });
        }
        // A stable order, so cookies stay meaningful between calls.
        rest.sort_by(|a, b| a.name.cmp(&b.name));
        out.extend(rest);
        Ok(out)
    }

    fn open_at(&mut self, dir: HostFd, path: &str, o: OpenOptions) -> WasiResult<HostFd> {
        let d = self.dir(dir)?;
        let follow = if o.follow {
            FollowSymlinks::Yes
        } else {
            FollowSymlinks::No
        };
        let meta = if o.follow {
            d.metadata(path)
        } else {
            d.symlink_metadata(path)
        };
        let is_dir = match &meta {
            Ok(m) => m.is_dir(),
            Err(_) => false,
        };
        if meta.is_ok() && o.create && o.exclusive {
            return Err(Errno::Exist);
        }
        // Not following a symlink in the last component (O_NOFOLLOW): ELOOP,
        // whether a directory or a file was wanted.
        if let Ok(m) = &meta {
            if m.file_type().is_symlink() {
                return Err(Errno::Loop);
            }
        }
        if is_dir || (o.directory && meta.is_ok()) {
            if !is_dir {
                return Err(Errno::Notdir);
            }
            if o.write {
                return Err(Errno::Isdir);
            }
            let sub = if o.follow {
                d.open_dir(path)
            } else {
                d.open_dir_nofollow(path)
            }
            .map_err(errno)?;
            return Ok(self.add(Object::Dir(sub)));
        }
        if o.directory {
            return Err(meta.err().map(errno).unwrap_or(Errno::Notdir));
        }
        let mut opts = cap_std::fs::OpenOptions::new();
        let write = o.write || o.create || o.truncate;
        opts.read(o.read || !write)
            .write(write)
            .truncate(o.truncate)
            .follow(follow);
        if o.create {
            if o.exclusive {
                opts.create_new(true);
            } else {
                opts.create(true);
            }
        }
        let file = d.open_with(path, &opts).map_err(errno)?;
        Ok(self.add(Object::File {
            file: file.into_std(),
            append: o.fdflags & fdflags::APPEND != 0,
            nonblock: o.fdflags & fdflags::NONBLOCK != 0,
        }))
    }
    fn stat_at(&mut self, dir: HostFd, path: &str, follow: bool) -> WasiResult<Filestat> {
        let d = self.dir(dir)?;
        let m = if follow {
            d.metadata(path)
        } else {
            d.symlink_metadata(path)
        }
        .map_err(errno)?;
        Ok(filestat(&m))
    }
    fn set_times_at(
        &mut self,
        dir: HostFd,
        path: &str,
        follow: bool,
        atim: SetTime,
        mtim: SetTime,
    ) -> WasiResult<()> {
        let d = self.dir(dir)?;
        if follow {
            d.set_times(path, spec(atim), spec(mtim)).map_err(errno)
        } else {
            d.set_symlink_times(path, spec(atim), spec(mtim))
                .map_err(errno)
        }
    }
    fn create_dir_at(&mut self, dir: HostFd, path: &str) -> WasiResult<()> {
        self.dir(dir)?.create_dir(path).map_err(errno)
    }
    fn remove_dir_at(&mut self, dir: HostFd, path: &str) -> WasiResult<()> {
        self.dir(dir)?.remove_dir(path).map_err(errno)
    }
    fn unlink_file_at(&mut self, dir: HostFd, path: &str) -> WasiResult<()> {
        let d = self.dir(dir)?;
        match d.symlink_metadata(path) {
            Ok(m) if m.is_dir() => return Err(Errno::Isdir),
            _ => {}
        }
        d.remove_file_or_symlink(path).map_err(errno)
    }
    fn rename_at(
        &mut self,
        old_dir: HostFd,
        old: &str,
        new_dir: HostFd,
        new: &str,
    ) -> WasiResult<()> {
        let target = self.dir(new_dir)?.try_clone().map_err(errno)?;
        self.dir(old_dir)?.rename(old, &target, new).map_err(errno)
    }
    fn link_at(
        &mut self,
        old_dir: HostFd,
        old: &str,
        follow: bool,
        new_dir: HostFd,
        new: &str,
    ) -> WasiResult<()> {
        if follow {
            // cap-std's hard_link never follows a symlink source.
            return Err(Errno::Notsup);
        }
        let target = self.dir(new_dir)?.try_clone().map_err(errno)?;
        self.dir(old_dir)?
            .hard_link(old, &target, new)
            .map_err(errno)
    }
    fn symlink_at(&mut self, target: &str, dir: HostFd, path: &str) -> WasiResult<()> {
        DirExt::symlink(self.dir(dir)?, target, path).map_err(errno)
    }
    fn readlink_at(&mut self, dir: HostFd, path: &str) -> WasiResult<String> {
        let target = self.dir(dir)?.read_link_contents(path).map_err(errno)?;
        target
            .into_os_string()
            .into_string()
            .map_err(|_| Errno::Ilseq)
    }

    fn sock_accept(&mut self, fd: HostFd, flags: u16) -> WasiResult<HostFd> {
        let Object::Listener(l) = self.obj(fd)? else {
            return Err(Errno::Notsock);
        };
        let (stream, _) = l.accept().map_err(errno)?;
        stream
            .set_nonblocking(flags & fdflags::NONBLOCK != 0)
            .map_err(errno)?;
        Ok(self.add(Object::Stream(stream)))
    }
    fn sock_recv(&mut self, fd: HostFd, buf: &mut [u8], peek: bool) -> WasiResult<usize> {
        let Object::Stream(s) = self.obj(fd)? else {
            return Err(Errno::Notsock);
        };
        if peek { s.peek(buf) } else { s.read(buf) }.map_err(errno)
    }
    fn sock_send(&mut self, fd: HostFd, buf: &[u8]) -> WasiResult<usize> {
        let Object::Stream(s) = self.obj(fd)? else {
            return Err(Errno::Notsock);
        };
        s.write(buf).map_err(errno)
    }
    fn sock_shutdown(&mut self, fd: HostFd, read: bool, write: bool) -> WasiResult<()> {
        let Object::Stream(s) = self.obj(fd)? else {
            return Err(Errno::Notsock);
        };
        let how = match (read, write) {
            (true, true) => std::net::Shutdown::Both,
            (true, false) => std::net::Shutdown::Read,
            _ => std::net::Shutdown::Write,
        };
        s.shutdown(how).map_err(errno)
    }
}
