//! Shared helpers for the Spindle WASI preview1 test programs.
//!
//! Every program in `src/bin/` builds a [`Checks`] value, runs its checks
//! through it and ends with [`Checks::finish`]. Each check prints exactly one
//! line on stdout:
//!
//! ```text
//! ok: <what>
//! FAIL: <what>: <detail>
//! ```
//!
//! Lines starting with `# ` are informational and are not checks. The last
//! line is a summary `<program>: N passed, M failed`, and the exit code is 0
//! when every check passed, 1 otherwise.
//!
//! The helpers below talk to the host only through the raw
//! `wasi_snapshot_preview1` bindings of the `wasi` crate (0.11), so that the
//! exact WASI calls being exercised are visible in the programs.

use std::fmt::{Debug, Display};

pub use wasi::{Errno, Fd, Filestat, Filetype};

/// The descriptor of the preopened directory the harness provides.
pub const PREOPEN: Fd = 3;
/// The guest path of that preopen (`--dir HOST::/sandbox`).
pub const PREOPEN_NAME: &str = "/sandbox";

/// Environment variable that turns *known reference-runtime divergences* into
/// passes (see README). By default (strict mode) they are failures.
pub const LENIENT_ENV: &str = "WASI_TESTS_ALLOW_DIVERGENCE";

// ---------------------------------------------------------------------------
// Rights used when opening things. Real runtimes differ in how much they care
// about rights, so we ask for exactly what a check needs.
// ---------------------------------------------------------------------------

/// Rights for reading and writing a regular file.
pub const RIGHTS_FILE_RW: wasi::Rights = wasi::RIGHTS_FD_READ
    | wasi::RIGHTS_FD_WRITE
    | wasi::RIGHTS_FD_SEEK
    | wasi::RIGHTS_FD_TELL
    | wasi::RIGHTS_FD_FDSTAT_SET_FLAGS
    | wasi::RIGHTS_FD_SYNC
    | wasi::RIGHTS_FD_DATASYNC
    | wasi::RIGHTS_FD_ADVISE
    | wasi::RIGHTS_FD_ALLOCATE
    | wasi::RIGHTS_FD_FILESTAT_GET
    | wasi::RIGHTS_FD_FILESTAT_SET_SIZE
    | wasi::RIGHTS_FD_FILESTAT_SET_TIMES
    | wasi::RIGHTS_POLL_FD_READWRITE;

/// Rights for reading a regular file only.
pub const RIGHTS_FILE_RO: wasi::Rights = wasi::RIGHTS_FD_READ
    | wasi::RIGHTS_FD_SEEK
    | wasi::RIGHTS_FD_TELL
    | wasi::RIGHTS_FD_ADVISE
    | wasi::RIGHTS_FD_FILESTAT_GET
    | wasi::RIGHTS_POLL_FD_READWRITE;

/// Rights for writing a regular file only.
pub const RIGHTS_FILE_WO: wasi::Rights = wasi::RIGHTS_FD_WRITE
    | wasi::RIGHTS_FD_SEEK
    | wasi::RIGHTS_FD_TELL
    | wasi::RIGHTS_FD_FILESTAT_GET
    | wasi::RIGHTS_FD_FILESTAT_SET_SIZE;

/// Rights for a directory descriptor (no FD_READ / FD_WRITE: asking for
/// FD_WRITE on a directory is how a guest asks to open it for writing).
pub const RIGHTS_DIR: wasi::Rights = wasi::RIGHTS_PATH_CREATE_DIRECTORY
    | wasi::RIGHTS_PATH_CREATE_FILE
    | wasi::RIGHTS_PATH_LINK_SOURCE
    | wasi::RIGHTS_PATH_LINK_TARGET
    | wasi::RIGHTS_PATH_OPEN
    | wasi::RIGHTS_FD_READDIR
    | wasi::RIGHTS_PATH_READLINK
    | wasi::RIGHTS_PATH_RENAME_SOURCE
    | wasi::RIGHTS_PATH_RENAME_TARGET
    | wasi::RIGHTS_PATH_FILESTAT_GET
    | wasi::RIGHTS_PATH_FILESTAT_SET_SIZE
    | wasi::RIGHTS_PATH_FILESTAT_SET_TIMES
    | wasi::RIGHTS_FD_FILESTAT_GET
    | wasi::RIGHTS_FD_FILESTAT_SET_TIMES
    | wasi::RIGHTS_PATH_SYMLINK
    | wasi::RIGHTS_PATH_REMOVE_DIRECTORY
    | wasi::RIGHTS_PATH_UNLINK_FILE;

/// Inheriting rights for directory descriptors: anything a file or
/// subdirectory opened through them may need.
pub const RIGHTS_INHERIT_ALL: wasi::Rights = RIGHTS_DIR | RIGHTS_FILE_RW;

// ---------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------

/// `EBADF`-style name of an errno.
pub fn en(e: Errno) -> String {
    format!("E{}", e.name())
}

/// A list of errno names, for messages: `EPERM|ENOENT`.
pub fn ens(es: &[Errno]) -> String {
    es.iter().map(|e| en(*e)).collect::<Vec<_>>().join("|")
}

/// Name of a file type (`REGULAR_FILE`, `DIRECTORY`, ...).
pub fn ftn(t: Filetype) -> &'static str {
    t.name()
}

/// Debug rendering that stays readable for byte strings.
pub fn show_bytes(b: &[u8]) -> String {
    if b.len() > 64 {
        format!("{:?}... ({} bytes)", String::from_utf8_lossy(&b[..64]), b.len())
    } else {
        format!("{:?}", String::from_utf8_lossy(b))
    }
}

// ---------------------------------------------------------------------------
// The check collector
// ---------------------------------------------------------------------------

/// Collects and prints check results for one program.
pub struct Checks {
    program: &'static str,
    passed: u32,
    failed: u32,
    lenient: bool,
}

impl Checks {
    pub fn new(program: &'static str) -> Checks {
        let lenient = std::env::var(LENIENT_ENV).map(|v| v == "1").unwrap_or(false);
        println!("# {program}: WASI preview1 checks{}", if lenient { " (lenient: known divergences tolerated)" } else { "" });
        Checks { program, passed: 0, failed: 0, lenient }
    }

    /// Whether known reference-runtime divergences are tolerated.
    pub fn lenient(&self) -> bool {
        self.lenient
    }

    /// Prints an informational line (not a check).
    pub fn note(&self, msg: impl Display) {
        println!("# {msg}");
    }

    /// Records a passing check.
    pub fn pass(&mut self, what: impl Display) {
        self.passed += 1;
        println!("ok: {what}");
    }

    /// Records a failing check.
    pub fn fail(&mut self, what: impl Display, detail: impl Display) {
        self.failed += 1;
        println!("FAIL: {what}: {detail}");
    }

    /// Passes if `cond`, otherwise fails with `detail`.
    pub fn check(&mut self, cond: bool, what: impl Display, detail: impl Display) -> bool {
        if cond {
            self.pass(what);
        } else {
            self.fail(what, detail);
        }
        cond
    }

    /// Passes if `got == want`.
    pub fn eq<T: PartialEq + Debug>(&mut self, what: impl Display, got: T, want: T) -> bool {
        if got == want {
            self.pass(what);
            true
        } else {
            self.fail(what, format!("got {got:?}, want {want:?}"));
            false
        }
    }

    /// Passes if the bytes are equal (with readable output on mismatch).
    pub fn bytes(&mut self, what: impl Display, got: &[u8], want: &[u8]) -> bool {
        if got == want {
            self.pass(what);
            true
        } else {
            self.fail(what, format!("got {}, want {}", show_bytes(got), show_bytes(want)));
            false
        }
    }

    /// Expects the call to succeed; returns its value.
    pub fn ok<T>(&mut self, what: impl Display, r: Result<T, Errno>) -> Option<T> {
        match r {
            Ok(v) => {
                self.pass(what);
                Some(v)
            }
            Err(e) => {
                self.fail(what, format!("unexpected error {}", en(e)));
                None
            }
        }
    }

    /// Expects the call to fail with one of `allowed`.
    pub fn err<T: Debug>(&mut self, what: impl Display, r: Result<T, Errno>, allowed: &[Errno]) -> bool {
        match r {
            Err(e) if allowed.contains(&e) => {
                self.pass(format_args!("{what} -> {}", en(e)));
                true
            }
            Err(e) => {
                self.fail(what, format!("got {}, want {}", en(e), ens(allowed)));
                false
            }
            Ok(v) => {
                self.fail(what, format!("succeeded ({v:?}), want {}", ens(allowed)));
                false
            }
        }
    }

    /// Like [`Checks::err`], but errors in `divergent` are a documented
    /// divergence of a reference runtime: a failure in strict mode, a pass in
    /// lenient mode.
    pub fn err_or_divergence<T: Debug>(
        &mut self,
        what: impl Display,
        r: Result<T, Errno>,
        allowed: &[Errno],
        divergent: &[Errno],
        why: &str,
    ) -> bool {
        match r {
            Err(e) if divergent.contains(&e) => {
                self.divergence(what, format!("got {} ({why}), want {}", en(e), ens(allowed)));
                self.lenient
            }
            other => self.err(what, other, allowed),
        }
    }

    /// Records a known divergence: a pass in lenient mode, a failure otherwise.
    pub fn divergence(&mut self, what: impl Display, detail: impl Display) {
        if self.lenient {
            self.pass(format_args!("{what} [tolerated divergence: {detail}]"));
        } else {
            self.fail(what, format_args!("{detail} [known divergence; set {LENIENT_ENV}=1 to tolerate]"));
        }
    }

    /// Number of failures so far.
    pub fn failures(&self) -> u32 {
        self.failed
    }

    /// Prints the summary and exits: 0 if all checks passed, 1 otherwise.
    pub fn finish(self) -> ! {
        println!("{}: {} passed, {} failed", self.program, self.passed, self.failed);
        std::process::exit(if self.failed == 0 && self.passed > 0 { 0 } else { 1 })
    }
}

// ---------------------------------------------------------------------------
// Thin wrappers over the raw calls
// ---------------------------------------------------------------------------

/// Opens `path` under `dir` as a file with the given open flags and rights.
pub fn open(dir: Fd, path: &str, oflags: wasi::Oflags, rights: wasi::Rights, fdflags: wasi::Fdflags) -> Result<Fd, Errno> {
    unsafe { wasi::path_open(dir, wasi::LOOKUPFLAGS_SYMLINK_FOLLOW, path, oflags, rights, RIGHTS_INHERIT_ALL, fdflags) }
}

/// Opens an existing file for reading and writing.
pub fn open_rw(dir: Fd, path: &str) -> Result<Fd, Errno> {
    open(dir, path, 0, RIGHTS_FILE_RW, 0)
}

/// Creates (or truncates) a file and opens it for reading and writing.
pub fn create(dir: Fd, path: &str) -> Result<Fd, Errno> {
    open(dir, path, wasi::OFLAGS_CREAT | wasi::OFLAGS_TRUNC, RIGHTS_FILE_RW, 0)
}

/// Opens a directory.
pub fn open_dir(dir: Fd, path: &str) -> Result<Fd, Errno> {
    unsafe { wasi::path_open(dir, wasi::LOOKUPFLAGS_SYMLINK_FOLLOW, path, wasi::OFLAGS_DIRECTORY, RIGHTS_DIR, RIGHTS_INHERIT_ALL, 0) }
}

pub fn close(fd: Fd) -> Result<(), Errno> {
    unsafe { wasi::fd_close(fd) }
}

/// One `fd_write` call with one buffer.
pub fn write(fd: Fd, data: &[u8]) -> Result<usize, Errno> {
    let iov = [wasi::Ciovec { buf: data.as_ptr(), buf_len: data.len() }];
    unsafe { wasi::fd_write(fd, &iov) }
}

/// Writes all of `data`, looping over short writes (which WASI allows).
pub fn write_all(fd: Fd, mut data: &[u8]) -> Result<(), Errno> {
    while !data.is_empty() {
        let n = write(fd, data)?;
        if n == 0 || n > data.len() {
            return Err(wasi::ERRNO_IO);
        }
        data = &data[n..];
    }
    Ok(())
}

/// Writes all of `data` at `offset` with `fd_pwrite`, looping over short writes.
pub fn pwrite_all(fd: Fd, mut data: &[u8], mut offset: u64) -> Result<(), Errno> {
    while !data.is_empty() {
        let iov = [wasi::Ciovec { buf: data.as_ptr(), buf_len: data.len() }];
        let n = unsafe { wasi::fd_pwrite(fd, &iov, offset)? };
        if n == 0 || n > data.len() {
            return Err(wasi::ERRNO_IO);
        }
        data = &data[n..];
        offset += n as u64;
    }
    Ok(())
}

/// One `fd_read` call into one buffer.
pub fn read(fd: Fd, buf: &mut [u8]) -> Result<usize, Errno> {
    let iov = [wasi::Iovec { buf: buf.as_mut_ptr(), buf_len: buf.len() }];
    unsafe { wasi::fd_read(fd, &iov) }
}

/// Reads until end of file (a read returning 0).
pub fn read_to_end(fd: Fd) -> Result<Vec<u8>, Errno> {
    let mut out = Vec::new();
    let mut buf = vec![0u8; 4096];
    loop {
        let n = read(fd, &mut buf)?;
        if n == 0 {
            return Ok(out);
        }
        if n > buf.len() {
            return Err(wasi::ERRNO_IO);
        }
        out.extend_from_slice(&buf[..n]);
    }
}

/// Reads up to `len` bytes at `offset` with `fd_pread`, looping over short reads.
pub fn pread_upto(fd: Fd, len: usize, mut offset: u64) -> Result<Vec<u8>, Errno> {
    let mut out = vec![0u8; len];
    let mut got = 0;
    while got < len {
        let iov = [wasi::Iovec { buf: out[got..].as_mut_ptr(), buf_len: len - got }];
        let n = unsafe { wasi::fd_pread(fd, &iov, offset)? };
        if n == 0 {
            break;
        }
        if n > len - got {
            return Err(wasi::ERRNO_IO);
        }
        got += n;
        offset += n as u64;
    }
    out.truncate(got);
    Ok(out)
}

pub fn seek(fd: Fd, offset: i64, whence: wasi::Whence) -> Result<u64, Errno> {
    unsafe { wasi::fd_seek(fd, offset, whence) }
}

pub fn tell(fd: Fd) -> Result<u64, Errno> {
    unsafe { wasi::fd_tell(fd) }
}

pub fn fdstat(fd: Fd) -> Result<wasi::Fdstat, Errno> {
    unsafe { wasi::fd_fdstat_get(fd) }
}

pub fn filestat(fd: Fd) -> Result<Filestat, Errno> {
    unsafe { wasi::fd_filestat_get(fd) }
}

/// `path_filestat_get` following symlinks.
pub fn stat(dir: Fd, path: &str) -> Result<Filestat, Errno> {
    unsafe { wasi::path_filestat_get(dir, wasi::LOOKUPFLAGS_SYMLINK_FOLLOW, path) }
}

/// `path_filestat_get` without following a final symlink.
pub fn lstat(dir: Fd, path: &str) -> Result<Filestat, Errno> {
    unsafe { wasi::path_filestat_get(dir, 0, path) }
}

pub fn mkdir(dir: Fd, path: &str) -> Result<(), Errno> {
    unsafe { wasi::path_create_directory(dir, path) }
}

pub fn rmdir(dir: Fd, path: &str) -> Result<(), Errno> {
    unsafe { wasi::path_remove_directory(dir, path) }
}

pub fn unlink(dir: Fd, path: &str) -> Result<(), Errno> {
    unsafe { wasi::path_unlink_file(dir, path) }
}

/// Creates (or truncates) `path` and writes `content` into it.
pub fn write_file(dir: Fd, path: &str, content: &[u8]) -> Result<(), Errno> {
    let fd = create(dir, path)?;
    let r = write_all(fd, content);
    close(fd)?;
    r
}

/// Reads the whole file at `path`.
pub fn read_file(dir: Fd, path: &str) -> Result<Vec<u8>, Errno> {
    let fd = open(dir, path, 0, RIGHTS_FILE_RO, 0)?;
    let r = read_to_end(fd);
    close(fd)?;
    r
}

/// Reads the target of a symlink.
pub fn readlink(dir: Fd, path: &str) -> Result<String, Errno> {
    let mut buf = vec![0u8; 1024];
    let n = unsafe { wasi::path_readlink(dir, path, buf.as_mut_ptr(), buf.len())? };
    if n > buf.len() {
        return Err(wasi::ERRNO_IO);
    }
    buf.truncate(n);
    String::from_utf8(buf).map_err(|_| wasi::ERRNO_ILSEQ)
}

/// Current value of a clock, in nanoseconds.
pub fn now(clock: wasi::Clockid) -> u64 {
    unsafe { wasi::clock_time_get(clock, 1) }.unwrap_or(0)
}

/// Whether `fd` is an open descriptor.
pub fn fd_is_open(fd: Fd) -> bool {
    fdstat(fd).is_ok()
}

// ---------------------------------------------------------------------------
// Directory reading
// ---------------------------------------------------------------------------

/// One directory entry as returned by `fd_readdir`.
#[derive(Clone, Debug)]
pub struct Entry {
    pub name: String,
    pub next: u64,
    pub ino: u64,
    pub kind: Filetype,
}

/// Size of the `dirent` header that precedes each name.
pub const DIRENT_SIZE: usize = 24;

/// Statistics about one [`read_dir_with`] run.
#[derive(Debug, Default, Clone, Copy)]
pub struct ReadDirStats {
    /// Number of `fd_readdir` calls made.
    pub calls: u32,
    /// Number of calls that returned a buffer ending in a cut-off entry.
    pub truncated: u32,
}

/// Reads the whole directory starting at `cookie`, `buf_len` bytes per call.
///
/// Implements the protocol every WASI libc uses: parse whole entries; if the
/// host filled the buffer, the last entry may be cut off, so resume from the
/// `d_next` cookie of the last complete entry. If not even one entry fits, the
/// buffer is doubled. A call that fills less than the whole buffer marks the
/// end of the directory.
pub fn read_dir_with(fd: Fd, buf_len: usize, mut cookie: u64) -> Result<(Vec<Entry>, ReadDirStats), Errno> {
    let mut out = Vec::new();
    let mut stats = ReadDirStats::default();
    let mut buf = vec![0u8; buf_len.max(1)];
    loop {
        stats.calls += 1;
        if stats.calls > 100_000 {
            return Err(wasi::ERRNO_LOOP);
        }
        let n = unsafe { wasi::fd_readdir(fd, buf.as_mut_ptr(), buf.len(), cookie)? };
        if n > buf.len() {
            return Err(wasi::ERRNO_IO);
        }
        let mut off = 0;
        let mut whole = 0;
        while off + DIRENT_SIZE <= n {
            let h = &buf[off..off + DIRENT_SIZE];
            let next = u64::from_le_bytes(h[0..8].try_into().unwrap());
            let ino = u64::from_le_bytes(h[8..16].try_into().unwrap());
            let namlen = u32::from_le_bytes(h[16..20].try_into().unwrap()) as usize;
            let kind: Filetype = unsafe { std::mem::transmute::<u8, Filetype>(h[20]) };
            if off + DIRENT_SIZE + namlen > n {
                break; // cut-off entry: resume from `cookie`
            }
            let name = String::from_utf8_lossy(&buf[off + DIRENT_SIZE..off + DIRENT_SIZE + namlen]).into_owned();
            out.push(Entry { name, next, ino, kind });
            cookie = next;
            off += DIRENT_SIZE + namlen;
            whole += 1;
        }
        if n < buf.len() {
            if off != n {
                // The host returned less than the buffer but the data ended
                // in the middle of an entry: malformed.
                return Err(wasi::ERRNO_IO);
            }
            return Ok((out, stats));
        }
        if off != n {
            stats.truncated += 1;
        }
        if whole == 0 {
            let len = buf.len() * 2;
            buf.resize(len, 0);
        }
    }
}

/// Reads a whole directory with a 4 KiB buffer.
pub fn read_dir(fd: Fd) -> Result<Vec<Entry>, Errno> {
    read_dir_with(fd, 4096, 0).map(|(e, _)| e)
}

/// Names in a directory other than `.` and `..`, sorted.
pub fn list(dir: Fd, path: &str) -> Result<Vec<String>, Errno> {
    let fd = open_dir(dir, path)?;
    let r = read_dir(fd);
    close(fd)?;
    let mut names: Vec<String> = r?.into_iter().map(|e| e.name).filter(|n| n != "." && n != "..").collect();
    names.sort();
    Ok(names)
}

/// Removes `path` (a file, symlink or directory tree) under `dir`.
/// Symlinks are removed, never followed.
pub fn remove_tree(dir: Fd, path: &str) -> Result<(), Errno> {
    let st = lstat(dir, path)?;
    if st.filetype == wasi::FILETYPE_DIRECTORY {
        for name in list(dir, path)? {
            remove_tree(dir, &format!("{path}/{name}"))?;
        }
        rmdir(dir, path)
    } else {
        unlink(dir, path)
    }
}

/// Creates an empty work directory `name` in the preopen (removing a leftover
/// one from an earlier run) and opens it. Failures are recorded in `t`.
pub fn fresh_workdir(t: &mut Checks, name: &str) -> Option<Fd> {
    match lstat(PREOPEN, name) {
        Ok(_) => {
            if let Err(e) = remove_tree(PREOPEN, name) {
                t.fail(format_args!("remove leftover work directory {name}"), en(e));
                return None;
            }
            t.note(format_args!("removed leftover work directory {name}"));
        }
        Err(_) => {}
    }
    t.ok(format_args!("path_create_directory work directory {name}"), mkdir(PREOPEN, name))?;
    t.ok(format_args!("path_open work directory {name} (OFLAGS_DIRECTORY)"), open_dir(PREOPEN, name))
}

/// Closes the work directory and removes it; records the result.
pub fn cleanup_workdir(t: &mut Checks, fd: Fd, name: &str) {
    let _ = close(fd);
    t.ok(format_args!("remove work directory {name} and its contents"), remove_tree(PREOPEN, name));
}

// ---------------------------------------------------------------------------
// Misc
// ---------------------------------------------------------------------------

/// 64-bit FNV-1a, for checksums.
pub struct Fnv(pub u64);

impl Fnv {
    pub fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    pub fn update(&mut self, data: &[u8]) {
        for &b in data {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

impl Default for Fnv {
    fn default() -> Self {
        Fnv::new()
    }
}

/// A deterministic, position-addressable byte pattern: byte `i` of a test file.
pub fn pattern_byte(i: u64) -> u8 {
    let x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    ((x >> 29) ^ (x >> 47) ^ i) as u8
}

/// Fills `buf` with [`pattern_byte`] values starting at position `start`.
pub fn fill_pattern(buf: &mut [u8], start: u64) {
    for (k, b) in buf.iter_mut().enumerate() {
        *b = pattern_byte(start + k as u64);
    }
}
