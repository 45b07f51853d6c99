//! Helpers for the conformance probes: raw preview1 calls (so that any
//! pointer, length, flag or descriptor can be passed, including hostile
//! ones) and a printer that turns each result into one transcript line.
//!
//! A probe is a list of named cases. Each case makes one call on an error
//! path (or a success path next to one) and returns what it observed: the
//! errno's name and, where the call produced something, that too (bytes
//! transferred, file type, flags). `run` prints `label: observation`, one
//! line per case, so two runtimes' transcripts can be diffed line by line.
//!
//! Cases never depend on each other: each opens what it needs and uses its
//! own scratch names, so the harness can restart a probe after any case
//! (which it does when a runtime traps) on a fresh copy of the tree.

pub use wasi::wasi_snapshot_preview1 as p;

/// The preopened sandbox (`--dir HOST::/sandbox`).
pub const DIR: i32 = 3;

/// Every right (bits 0..=29).
pub const ALL: u64 = (1 << 30) - 1;

/// The rights a directory can use (the `wasi` crate's names, bit by bit).
pub const DIR_RIGHTS: u64 = wasi::RIGHTS_FD_FDSTAT_SET_FLAGS
    | wasi::RIGHTS_FD_SYNC
    | wasi::RIGHTS_FD_ADVISE
    | wasi::RIGHTS_PATH_CREATE_DIRECTORY
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

/// `lookupflags::symlink_follow`.
pub const FOLLOW: i32 = 1;

/// One case: a label and the call that returns its observation.
pub type Case = (&'static str, fn() -> String);

const NAMES: [&str; 77] = [
    "SUCCESS",
    "2BIG",
    "ACCES",
    "ADDRINUSE",
    "ADDRNOTAVAIL",
    "AFNOSUPPORT",
    "AGAIN",
    "ALREADY",
    "BADF",
    "BADMSG",
    "BUSY",
    "CANCELED",
    "CHILD",
    "CONNABORTED",
    "CONNREFUSED",
    "CONNRESET",
    "DEADLK",
    "DESTADDRREQ",
    "DOM",
    "DQUOT",
    "EXIST",
    "FAULT",
    "FBIG",
    "HOSTUNREACH",
    "IDRM",
    "ILSEQ",
    "INPROGRESS",
    "INTR",
    "INVAL",
    "IO",
    "ISCONN",
    "ISDIR",
    "LOOP",
    "MFILE",
    "MLINK",
    "MSGSIZE",
    "MULTIHOP",
    "NAMETOOLONG",
    "NETDOWN",
    "NETRESET",
    "NETUNREACH",
    "NFILE",
    "NOBUFS",
    "NODEV",
    "NOENT",
    "NOEXEC",
    "NOLCK",
    "NOLINK",
    "NOMEM",
    "NOMSG",
    "NOPROTOOPT",
    "NOSPC",
    "NOSYS",
    "NOTCONN",
    "NOTDIR",
    "NOTEMPTY",
    "NOTRECOVERABLE",
    "NOTSOCK",
    "NOTSUP",
    "NOTTY",
    "NXIO",
    "OVERFLOW",
    "OWNERDEAD",
    "PERM",
    "PIPE",
    "PROTO",
    "PROTONOSUPPORT",
    "PROTOTYPE",
    "RANGE",
    "ROFS",
    "SPIPE",
    "SRCH",
    "STALE",
    "TIMEDOUT",
    "TXTBSY",
    "XDEV",
    "NOTCAPABLE",
];

/// The errno's name (`E` + its witx name), or the raw number.
pub fn en(code: i32) -> String {
    match usize::try_from(code).ok().and_then(|i| NAMES.get(i)) {
        Some(&"SUCCESS") => "ok".into(),
        Some(n) => format!("E{n}"),
        None => format!("errno {code}"),
    }
}

/// Runs the cases of a probe: `ARGV[1]` may be `--list` (print the labels)
/// or a number of cases to skip.
pub fn run(cases: &[Case]) {
    let arg = std::env::args().nth(1).unwrap_or_default();
    if arg == "--list" {
        for (label, _) in cases {
            println!("{label}");
        }
        return;
    }
    let skip: usize = arg.parse().unwrap_or(0);
    for (label, f) in cases.iter().skip(skip) {
        let out = f();
        println!("{label}: {out}");
    }
}

/// Pointer and length of a string (as the ABI's `string`).
pub fn s(x: &str) -> (i32, i32) {
    (x.as_ptr() as i32, x.len() as i32)
}

/// Address of a value, as an ABI pointer.
pub fn at<T>(x: &mut T) -> i32 {
    x as *mut T as i32
}

/// The first byte past linear memory: a pointer there is out of bounds.
pub fn end_of_memory() -> i32 {
    (core::arch::wasm32::memory_size(0) * 65536) as i32
}

/// `path_open`: the new fd, or the errno.
pub fn open_raw(
    dir: i32,
    lookup: i32,
    path: &str,
    oflags: i32,
    base: u64,
    inheriting: u64,
    fdflags: i32,
) -> Result<i32, i32> {
    let (pp, pl) = s(path);
    let mut fd = -1i32;
    let r = unsafe {
        p::path_open(
            dir,
            lookup,
            pp,
            pl,
            oflags,
            base as i64,
            inheriting as i64,
            fdflags,
            at(&mut fd),
        )
    };
    if r == 0 {
        Ok(fd)
    } else {
        Err(r)
    }
}

/// Opens `path` in the sandbox with every right (so only the case's own
/// restriction is tested). Panics if it fails: the tree is the harness's.
/// (A directory, `oflags::directory`, gets the directory rights: asking
/// for write rights on one is refused.)
pub fn open(path: &str, oflags: i32) -> i32 {
    let base = if oflags & 2 != 0 { DIR_RIGHTS } else { ALL };
    open_raw(DIR, FOLLOW, path, oflags, base, ALL, 0)
        .unwrap_or_else(|e| panic!("setup: opening {path}: {}", en(e)))
}

/// A fresh scratch file (created, truncated) with every right.
pub fn scratch(name: &str, data: &[u8]) -> i32 {
    let fd = open(name, 1 | 8);
    let iov = [data.as_ptr() as i32, data.len() as i32];
    let mut n = 0i32;
    unsafe { p::fd_write(fd, iov.as_ptr() as i32, 1, at(&mut n)) };
    fd
}

/// The observation of a call that returns a new fd: the errno, or `ok`
/// and what the fd is (file type and fdflags), then closes it.
pub fn opened(r: Result<i32, i32>) -> String {
    match r {
        Ok(fd) => {
            let d = describe(fd);
            unsafe { p::fd_close(fd) };
            format!("ok {d}")
        }
        Err(e) => en(e),
    }
}

/// `type=T flags=F` from `fd_fdstat_get`.
pub fn describe(fd: i32) -> String {
    let mut st = [0u64; 3];
    let r = unsafe { p::fd_fdstat_get(fd, st.as_mut_ptr() as i32) };
    if r != 0 {
        return format!("fdstat={}", en(r));
    }
    let b = st[0].to_le_bytes();
    format!(
        "type={} flags={:#x}",
        b[0],
        u16::from_le_bytes([b[2], b[3]])
    )
}

/// The rights of `fd` from `fd_fdstat_get`: (base, inheriting).
pub fn rights(fd: i32) -> (u64, u64) {
    let mut st = [0u64; 3];
    unsafe { p::fd_fdstat_get(fd, st.as_mut_ptr() as i32) };
    (st[1], st[2])
}

/// `path_filestat_get`'s errno, or `ok type=T size=S nlink=N`.
pub fn stat_path(dir: i32, lookup: i32, path: &str) -> String {
    let (pp, pl) = s(path);
    let mut st = [0u64; 8];
    let r = unsafe { p::path_filestat_get(dir, lookup, pp, pl, st.as_mut_ptr() as i32) };
    if r != 0 {
        return en(r);
    }
    format!("ok type={} size={} nlink={}", st[2] as u8, st[4], st[3])
}

/// `fd_filestat_get`'s errno, or `ok type=T size=S`.
pub fn stat_fd(fd: i32) -> String {
    let mut st = [0u64; 8];
    let r = unsafe { p::fd_filestat_get(fd, st.as_mut_ptr() as i32) };
    if r != 0 {
        return en(r);
    }
    format!("ok type={} size={}", st[2] as u8, st[4])
}

/// Reads through `fd_read` into a 64-byte buffer: errno, or `ok n=N "text"`.
/// `fd_seek`: the new position, or the errno.
pub fn seek(fd: i32, off: i64, whence: i32) -> String {
    let mut pos = 0u64;
    let r = unsafe { p::fd_seek(fd, off, whence, at(&mut pos)) };
    if r == 0 {
        format!("ok pos={pos}")
    } else {
        en(r)
    }
}

/// `fd_pread` of up to 8 bytes at offset 0: the count, or the errno.
pub fn pread(fd: i32) -> String {
    let mut buf = [0u8; 8];
    let iov = [buf.as_mut_ptr() as i32, 8];
    let mut n = 0i32;
    let r = unsafe { p::fd_pread(fd, iov.as_ptr() as i32, 1, 0, at(&mut n)) };
    if r == 0 {
        format!("ok n={n}")
    } else {
        en(r)
    }
}

pub fn read(fd: i32) -> String {
    let mut buf = [0u8; 64];
    let iov = [buf.as_mut_ptr() as i32, buf.len() as i32];
    let mut n = 0i32;
    let r = unsafe { p::fd_read(fd, iov.as_ptr() as i32, 1, at(&mut n)) };
    if r != 0 {
        return en(r);
    }
    format!("ok n={n} {:?}", String::from_utf8_lossy(&buf[..n as usize]))
}

/// Writes `data` through `fd_write`: errno, or `ok n=N`.
pub fn write(fd: i32, data: &[u8]) -> String {
    let iov = [data.as_ptr() as i32, data.len() as i32];
    let mut n = 0i32;
    let r = unsafe { p::fd_write(fd, iov.as_ptr() as i32, 1, at(&mut n)) };
    if r != 0 {
        return en(r);
    }
    format!("ok n={n}")
}

/// The errno of a call, then closes `fd`.
pub fn then_close(fd: i32, r: i32) -> String {
    unsafe { p::fd_close(fd) };
    en(r)
}

/// Does `path` exist (lstat)? For checking that a refused call had no
/// effect.
pub fn exists(path: &str) -> bool {
    stat_path(DIR, 0, path).starts_with("ok")
}

/// The text of a file in the sandbox (`-` if it cannot be opened).
pub fn contents(path: &str) -> String {
    match open_raw(DIR, 0, path, 0, ALL, ALL, 0) {
        Ok(fd) => {
            let t = read(fd);
            unsafe { p::fd_close(fd) };
            t
        }
        Err(e) => format!("-{}", en(e)),
    }
}
