//! Missing rights: descriptors opened with reduced `rights_base` or
//! `rights_inheriting`, then used; and calls wrong in two ways at once
//! (wrong descriptor kind *and* missing right), where the order of checks
//! decides the errno.
use spindle_wasi_conformance::*;
use wasi::*;

/// file.txt opened with only `base` rights.
fn f(base: u64) -> i32 {
    open_raw(DIR, FOLLOW, "file.txt", 0, base, 0, 0).unwrap_or_else(|e| panic!("{}", en(e)))
}
/// sub/ opened with only `base` and `inh` rights.
fn d(base: u64, inh: u64) -> i32 {
    open_raw(DIR, FOLLOW, "sub", 2, base, inh, 0).unwrap_or_else(|e| panic!("{}", en(e)))
}
macro_rules! on {
    ($open:expr, $call:expr) => {{
        let fd = $open;
        let r = $call(fd);
        unsafe { p::fd_close(fd) };
        r
    }};
}
const R: u64 = RIGHTS_FD_READ;

fn main() {
    run(&[
        ("read-only, fd_write", || on!(f(R), |fd| write(fd, b"x"))),
        ("read-only, fd_read", || on!(f(R), read)),
        ("read-only, fd_seek set", || on!(f(R), |fd| seek(fd, 1, 0))),
        ("read-only, fd_seek cur 0", || {
            on!(f(R), |fd| seek(fd, 0, 1))
        }),
        ("read-only, fd_tell", || {
            on!(f(R), |fd| {
                let mut x = 0u64;
                en(unsafe { p::fd_tell(fd, at(&mut x)) })
            })
        }),
        ("read-only, fd_pread", || on!(f(R), pread)),
        ("read-only, fd_filestat_get", || on!(f(R), stat_fd)),
        ("read-only, fd_filestat_set_size", || {
            on!(f(R), |fd| en(unsafe { p::fd_filestat_set_size(fd, 1) }))
        }),
        ("read-only, fd_filestat_set_times", || {
            on!(f(R), |fd| en(unsafe {
                p::fd_filestat_set_times(fd, 0, 0, 2)
            }))
        }),
        ("read-only, fd_sync", || {
            on!(f(R), |fd| en(unsafe { p::fd_sync(fd) }))
        }),
        ("read-only, fd_datasync", || {
            on!(f(R), |fd| en(unsafe { p::fd_datasync(fd) }))
        }),
        ("read-only, fd_advise", || {
            on!(f(R), |fd| en(unsafe { p::fd_advise(fd, 0, 0, 1) }))
        }),
        ("read-only, fd_allocate", || {
            on!(f(R), |fd| en(unsafe { p::fd_allocate(fd, 0, 1) }))
        }),
        ("read-only, fd_fdstat_set_flags append", || {
            on!(f(R), |fd| en(unsafe { p::fd_fdstat_set_flags(fd, 1) }))
        }),
        ("read-only, fd_fdstat_set_flags 0", || {
            on!(f(R), |fd| en(unsafe { p::fd_fdstat_set_flags(fd, 0) }))
        }),
        ("no rights, fd_read", || on!(f(0), read)),
        ("no rights, fd_fdstat_get", || on!(f(0), describe)),
        ("write-only, fd_read", || on!(f(RIGHTS_FD_WRITE), read)),
        ("write-only, fd_write", || {
            on!(f(RIGHTS_FD_WRITE), |fd| write(fd, b""))
        }),
        ("read-only, fd_fdstat_set_rights grow", || {
            on!(f(R), |fd| en(unsafe {
                p::fd_fdstat_set_rights(fd, (R | RIGHTS_FD_WRITE) as i64, 0)
            }))
        }),
        ("read-only, fd_fdstat_set_rights same", || {
            on!(f(R), |fd| en(unsafe {
                p::fd_fdstat_set_rights(fd, R as i64, 0)
            }))
        }),
        ("file, fd_fdstat_set_rights drop write then write", || {
            let fd = open("file.txt", 0);
            let r = unsafe { p::fd_fdstat_set_rights(fd, R as i64, 0) };
            format!("{} then {}", en(r), on!(fd, |fd| write(fd, b"")))
        }),
        // A directory without some rights.
        ("dir no path_open, path_open", || {
            on!(d(RIGHTS_FD_READDIR, ALL), |fd| opened(open_raw(
                fd,
                0,
                "inner.txt",
                0,
                R,
                0,
                0
            )))
        }),
        ("dir no path_filestat_get, stat", || {
            on!(d(RIGHTS_PATH_OPEN, ALL), |fd| stat_path(fd, 0, "inner.txt"))
        }),
        ("dir no create_file, creat", || {
            on!(d(RIGHTS_PATH_OPEN, ALL), |fd| opened(open_raw(
                fd, 0, "new.txt", 1, R, 0, 0
            )))
        }),
        ("dir no create_file, creat existing", || {
            on!(d(RIGHTS_PATH_OPEN, ALL), |fd| opened(open_raw(
                fd,
                0,
                "inner.txt",
                1,
                R,
                0,
                0
            )))
        }),
        ("dir no set_size, trunc", || {
            on!(d(RIGHTS_PATH_OPEN, ALL), |fd| opened(open_raw(
                fd,
                0,
                "inner.txt",
                8,
                R | RIGHTS_FD_WRITE,
                0,
                0
            )))
        }),
        ("dir no readdir, fd_readdir", || {
            on!(d(RIGHTS_PATH_OPEN, ALL), |fd| {
                let mut b = [0u8; 64];
                let mut n = 0i32;
                en(unsafe { p::fd_readdir(fd, b.as_mut_ptr() as i32, 64, 0, at(&mut n)) })
            })
        }),
        ("dir inheriting read only, open then write", || {
            on!(d(RIGHTS_PATH_OPEN, R), |fd| {
                match open_raw(fd, 0, "inner.txt", 0, R | RIGHTS_FD_WRITE, 0, 0) {
                    Ok(f) => format!("open ok, write {}", on!(f, |f| write(f, b""))),
                    Err(e) => format!("open {}", en(e)),
                }
            })
        }),
        ("dir inheriting none, open", || {
            on!(d(RIGHTS_PATH_OPEN, 0), |fd| opened(open_raw(
                fd,
                0,
                "inner.txt",
                0,
                R,
                0,
                0
            )))
        }),
        // Two wrongs: which check comes first?
        ("dir no rights, fd_read", || on!(d(0, 0), read)),
        ("dir no rights, fd_write", || {
            on!(d(0, 0), |fd| write(fd, b"x"))
        }),
        ("dir no rights, fd_seek", || {
            on!(d(0, 0), |fd| seek(fd, 0, 0))
        }),
        ("dir no rights, fd_filestat_set_size", || {
            on!(d(0, 0), |fd| en(unsafe { p::fd_filestat_set_size(fd, 0) }))
        }),
        ("dir no rights, sock_recv", || {
            on!(d(0, 0), |fd| {
                let (mut n, mut fl) = (0i32, 0i32);
                en(unsafe { p::sock_recv(fd, 0, 0, 0, at(&mut n), at(&mut fl)) })
            })
        }),
        ("file no rights, path_open", || {
            on!(f(0), |fd| opened(open_raw(fd, 0, "x", 0, R, 0, 0)))
        }),
        ("file no rights, path_filestat_get", || {
            on!(f(0), |fd| stat_path(fd, 0, "x"))
        }),
        ("file no rights, fd_readdir", || {
            on!(f(0), |fd| {
                let mut b = [0u8; 64];
                let mut n = 0i32;
                en(unsafe { p::fd_readdir(fd, b.as_mut_ptr() as i32, 64, 0, at(&mut n)) })
            })
        }),
        ("file no rights, sock_send", || {
            on!(f(0), |fd| {
                let mut n = 0i32;
                en(unsafe { p::sock_send(fd, 0, 0, 0, at(&mut n)) })
            })
        }),
        ("file no rights, sock_accept", || {
            on!(f(0), |fd| {
                let mut n = 0i32;
                en(unsafe { p::sock_accept(fd, 0, at(&mut n)) })
            })
        }),
        ("file no rights, fd_prestat_get", || {
            on!(f(0), |fd| {
                let mut b = [0u32; 2];
                en(unsafe { p::fd_prestat_get(fd, b.as_mut_ptr() as i32) })
            })
        }),
        ("dir, open with file write rights", || {
            opened(open_raw(DIR, 0, "sub", 0, R | RIGHTS_FD_WRITE, 0, 0))
        }),
        ("dir, open directory flag with write rights", || {
            opened(open_raw(DIR, 0, "sub", 2, RIGHTS_FD_WRITE, 0, 0))
        }),
        ("file, open asking every right", || {
            opened(open_raw(DIR, 0, "file.txt", 0, u64::MAX, u64::MAX, 0))
        }),
    ]);
}
