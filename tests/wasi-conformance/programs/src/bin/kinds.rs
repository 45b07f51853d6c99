//! Wrong descriptor kinds: socket calls on a file, stdio and a directory;
//! directory calls on a file and stdio; file calls on a directory and on
//! stdio. A call wrong in two ways (kind and rights) is in `rights`.
use spindle_wasi_conformance::*;

fn f() -> i32 {
    open("file.txt", 0)
}
fn d() -> i32 {
    open("sub", 2)
}
fn recv(fd: i32) -> String {
    let mut buf = [0u8; 8];
    let iov = [buf.as_mut_ptr() as i32, 8];
    let (mut n, mut fl) = (0i32, 0i32);
    en(unsafe { p::sock_recv(fd, iov.as_ptr() as i32, 1, 0, at(&mut n), at(&mut fl)) })
}
fn send(fd: i32) -> String {
    let iov = [b"x".as_ptr() as i32, 1];
    let mut n = 0i32;
    en(unsafe { p::sock_send(fd, iov.as_ptr() as i32, 1, 0, at(&mut n)) })
}
fn accept(fd: i32) -> String {
    let mut n = 0i32;
    en(unsafe { p::sock_accept(fd, 0, at(&mut n)) })
}
fn readdir(fd: i32) -> String {
    let mut buf = [0u8; 256];
    let mut n = 0i32;
    let r = unsafe { p::fd_readdir(fd, buf.as_mut_ptr() as i32, 256, 0, at(&mut n)) };
    en(r)
}
fn tell(fd: i32) -> String {
    let mut pos = 0u64;
    let r = unsafe { p::fd_tell(fd, at(&mut pos)) };
    if r == 0 {
        format!("ok pos={pos}")
    } else {
        en(r)
    }
}
fn pwrite(fd: i32) -> String {
    let iov = [b"x".as_ptr() as i32, 1];
    let mut n = 0i32;
    let r = unsafe { p::fd_pwrite(fd, iov.as_ptr() as i32, 1, 0, at(&mut n)) };
    if r == 0 {
        format!("ok n={n}")
    } else {
        en(r)
    }
}
fn prestat(fd: i32) -> String {
    let mut b = [0u32; 2];
    let r = unsafe { p::fd_prestat_get(fd, b.as_mut_ptr() as i32) };
    if r == 0 {
        format!("ok len={}", b[1])
    } else {
        en(r)
    }
}
fn prestat_name(fd: i32) -> String {
    let mut b = [0u8; 32];
    en(unsafe { p::fd_prestat_dir_name(fd, b.as_mut_ptr() as i32, 32) })
}
fn shutdown(fd: i32) -> String {
    en(unsafe { p::sock_shutdown(fd, 3) })
}
fn path_on(fd: i32) -> String {
    stat_path(fd, 0, "x")
}
fn open_on(fd: i32) -> String {
    opened(open_raw(fd, 0, "x", 0, ALL, ALL, 0))
}
fn mkdir_on(fd: i32) -> String {
    let (pp, pl) = s("x");
    en(unsafe { p::path_create_directory(fd, pp, pl) })
}

macro_rules! on {
    ($open:expr, $call:expr) => {{
        let fd = $open;
        let r = $call(fd);
        unsafe { p::fd_close(fd) };
        r
    }};
}

fn main() {
    run(&[
        ("sock_accept file", || on!(f(), accept)),
        ("sock_accept dir", || on!(d(), accept)),
        ("sock_accept preopen", || accept(DIR)),
        ("sock_accept stdin", || accept(0)),
        ("sock_recv file", || on!(f(), recv)),
        ("sock_recv dir", || on!(d(), recv)),
        ("sock_recv stdin", || recv(0)),
        ("sock_send file", || on!(f(), send)),
        ("sock_send stdout", || send(1)),
        ("sock_send dir", || on!(d(), send)),
        ("sock_shutdown file", || on!(f(), shutdown)),
        ("sock_shutdown dir", || on!(d(), shutdown)),
        ("sock_shutdown stdout", || shutdown(1)),
        ("fd_readdir file", || on!(f(), readdir)),
        ("fd_readdir stdout", || readdir(1)),
        ("path_filestat_get on file", || on!(f(), path_on)),
        ("path_filestat_get on stdout", || path_on(1)),
        ("path_open on file", || on!(f(), open_on)),
        ("path_open on stdin", || open_on(0)),
        ("path_create_directory on file", || on!(f(), mkdir_on)),
        ("fd_prestat_get file", || on!(f(), prestat)),
        ("fd_prestat_get opened dir", || on!(d(), prestat)),
        ("fd_prestat_get stdout", || prestat(1)),
        ("fd_prestat_dir_name file", || on!(f(), prestat_name)),
        ("fd_prestat_get preopen", || prestat(DIR)),
        ("fd_prestat_dir_name stdout", || prestat_name(1)),
        ("fd_prestat_dir_name opened dir", || on!(d(), prestat_name)),
        ("fd_read dir", || on!(d(), read)),
        ("fd_read preopen", || read(DIR)),
        ("fd_write dir", || on!(d(), |fd| write(fd, b"x"))),
        ("fd_pread dir", || on!(d(), pread)),
        ("fd_pwrite dir", || on!(d(), pwrite)),
        ("fd_pread stdin", || pread(0)),
        ("fd_pwrite stdout", || pwrite(1)),
        ("fd_seek dir", || on!(d(), |fd| seek(fd, 0, 0))),
        ("fd_tell dir", || on!(d(), tell)),
        ("fd_seek stdout", || seek(1, 0, 0)),
        ("fd_seek stdout cur 0", || seek(1, 0, 1)),
        ("fd_tell stdout", || tell(1)),
        ("fd_read stdout", || read(1)),
        ("fd_write stdin", || write(0, b"")),
        ("fd_filestat_set_size dir", || {
            on!(d(), |fd| en(unsafe { p::fd_filestat_set_size(fd, 0) }))
        }),
        ("fd_filestat_set_size stdout", || {
            en(unsafe { p::fd_filestat_set_size(1, 0) })
        }),
        ("fd_filestat_set_times stdout", || {
            en(unsafe { p::fd_filestat_set_times(1, 0, 0, 2 | 8) })
        }),
        ("fd_filestat_set_times dir", || {
            on!(d(), |fd| en(unsafe {
                p::fd_filestat_set_times(fd, 0, 0, 2 | 8)
            }))
        }),
        ("fd_allocate dir", || {
            on!(d(), |fd| en(unsafe { p::fd_allocate(fd, 0, 1) }))
        }),
        ("fd_allocate stdout", || {
            en(unsafe { p::fd_allocate(1, 0, 1) })
        }),
        ("fd_advise dir", || {
            on!(d(), |fd| en(unsafe { p::fd_advise(fd, 0, 0, 0) }))
        }),
        ("fd_advise stdout", || {
            en(unsafe { p::fd_advise(1, 0, 0, 0) })
        }),
        ("fd_sync dir", || {
            on!(d(), |fd| en(unsafe { p::fd_sync(fd) }))
        }),
        ("fd_datasync dir", || {
            on!(d(), |fd| en(unsafe { p::fd_datasync(fd) }))
        }),
        ("fd_sync stdout", || en(unsafe { p::fd_sync(1) })),
        ("fd_datasync stdout", || en(unsafe { p::fd_datasync(1) })),
        ("fd_filestat_get stdout", || stat_fd(1)),
        ("fd_filestat_get dir", || on!(d(), stat_fd)),
        ("fd_fdstat_get stdin", || describe(0)),
        ("fd_fdstat_get stdout", || describe(1)),
        ("fd_fdstat_get preopen", || describe(DIR)),
        ("fd_fdstat_get file", || on!(f(), describe)),
        ("fd_fdstat_set_flags dir nonblock", || {
            on!(d(), |fd| en(unsafe { p::fd_fdstat_set_flags(fd, 4) }))
        }),
        ("fd_fdstat_set_flags dir append", || {
            on!(d(), |fd| en(unsafe { p::fd_fdstat_set_flags(fd, 1) }))
        }),
        ("fd_renumber file onto stdin", || {
            let fd = f();
            let r = unsafe { p::fd_renumber(fd, 0) };
            let d = describe(0);
            format!("{} fd0 {d}", en(r))
        }),
    ]);
}
