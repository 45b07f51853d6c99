//! Zero and huge lengths, bad descriptors, hostile pointers (out of
//! bounds, straddling the end of memory, misaligned) and invalid enum
//! values, on every kind of call.
use spindle_wasi_conformance::*;

fn oob() -> i32 {
    end_of_memory()
}
fn wr(fd: i32, iovs: i32, n: i32, out: i32) -> String {
    en(unsafe { p::fd_write(fd, iovs, n, out) })
}

fn main() {
    run(&[
        ("fd_close bad fd", || en(unsafe { p::fd_close(1000) })),
        ("fd_close -1", || en(unsafe { p::fd_close(-1) })),
        ("fd_close twice", || {
            let fd = open("file.txt", 0);
            unsafe { p::fd_close(fd) };
            en(unsafe { p::fd_close(fd) })
        }),
        ("fd_write closed fd", || {
            let fd = open("file.txt", 0);
            unsafe { p::fd_close(fd) };
            write(fd, b"x")
        }),
        ("fd_renumber to bad fd", || {
            en(unsafe { p::fd_renumber(1, 1000) })
        }),
        ("fd_renumber from bad fd", || {
            en(unsafe { p::fd_renumber(1000, 1) })
        }),
        ("fd_renumber same fd", || {
            en(unsafe { p::fd_renumber(1, 1) })
        }),
        ("fd_fdstat_get bad fd", || describe(1000)),
        ("fd_write zero iovecs", || {
            let mut n = 7i32;
            let r = wr(1, 0, 0, at(&mut n));
            format!("{r} n={n}")
        }),
        ("fd_write zero-length iovec", || {
            let iov = [0i32, 0];
            let mut n = 7i32;
            let r = wr(1, iov.as_ptr() as i32, 1, at(&mut n));
            format!("{r} n={n}")
        }),
        ("fd_write iovs out of bounds", || {
            let mut n = 0i32;
            wr(1, oob(), 1, at(&mut n))
        }),
        ("fd_write iovs straddle end", || {
            let mut n = 0i32;
            wr(1, oob() - 4, 1, at(&mut n))
        }),
        ("fd_write iov buf out of bounds", || {
            let iov = [oob() - 2, 4];
            let mut n = 0i32;
            wr(1, iov.as_ptr() as i32, 1, at(&mut n))
        }),
        ("fd_write iov huge len", || {
            let iov = [16i32, -1];
            let mut n = 0i32;
            wr(1, iov.as_ptr() as i32, 1, at(&mut n))
        }),
        ("fd_write huge iovs count", || {
            let mut n = 0i32;
            wr(1, 16, 0x7fff_ffff, at(&mut n))
        }),
        ("fd_write nwritten out of bounds", || {
            let iov = [b"".as_ptr() as i32, 0];
            wr(1, iov.as_ptr() as i32, 1, oob())
        }),
        ("fd_write nwritten misaligned", || {
            let iov = [b"".as_ptr() as i32, 0];
            let mut n = [0i32; 2];
            wr(1, iov.as_ptr() as i32, 1, n.as_mut_ptr() as i32 + 1)
        }),
        ("fd_write iovs misaligned", || {
            let iov = [0i32, 0, 0];
            let mut n = 0i32;
            wr(1, iov.as_ptr() as i32 + 2, 1, at(&mut n))
        }),
        ("fd_read iov buf out of bounds", || {
            let fd = open("file.txt", 0);
            let iov = [oob() - 2, 4];
            let mut n = 0i32;
            then_close(fd, unsafe {
                p::fd_read(fd, iov.as_ptr() as i32, 1, at(&mut n))
            })
        }),
        ("fd_read nread out of bounds", || {
            let fd = open("file.txt", 0);
            let mut b = [0u8; 4];
            let iov = [b.as_mut_ptr() as i32, 4];
            then_close(fd, unsafe { p::fd_read(fd, iov.as_ptr() as i32, 1, oob()) })
        }),
        ("fd_read zero iovecs", || {
            let fd = open("file.txt", 0);
            let mut n = 7i32;
            let r = unsafe { p::fd_read(fd, 0, 0, at(&mut n)) };
            format!("{} n={n}", then_close(fd, r))
        }),
        ("fd_pread huge offset", || {
            let fd = open("file.txt", 0);
            let mut b = [0u8; 4];
            let iov = [b.as_mut_ptr() as i32, 4];
            let mut n = 7i32;
            let r = unsafe { p::fd_pread(fd, iov.as_ptr() as i32, 1, i64::MAX, at(&mut n)) };
            format!("{} n={n}", then_close(fd, r))
        }),
        ("fd_pread negative offset", || {
            let fd = open("file.txt", 0);
            let mut b = [0u8; 4];
            let iov = [b.as_mut_ptr() as i32, 4];
            let mut n = 7i32;
            then_close(fd, unsafe {
                p::fd_pread(fd, iov.as_ptr() as i32, 1, -1, at(&mut n))
            })
        }),
        ("fd_pwrite negative offset", || {
            let fd = open("file.txt", 0);
            let iov = [b"x".as_ptr() as i32, 1];
            let mut n = 7i32;
            then_close(fd, unsafe {
                p::fd_pwrite(fd, iov.as_ptr() as i32, 1, -1, at(&mut n))
            })
        }),
        ("fd_seek whence 3", || {
            let fd = open("file.txt", 0);
            let mut x = 0u64;
            then_close(fd, unsafe { p::fd_seek(fd, 0, 3, at(&mut x)) })
        }),
        ("fd_seek negative", || {
            let fd = open("file.txt", 0);
            let mut x = 0u64;
            then_close(fd, unsafe { p::fd_seek(fd, -1, 0, at(&mut x)) })
        }),
        ("fd_seek cur negative", || {
            let fd = open("file.txt", 0);
            let mut x = 0u64;
            then_close(fd, unsafe { p::fd_seek(fd, -100, 1, at(&mut x)) })
        }),
        ("fd_seek end huge", || {
            let fd = open("file.txt", 0);
            let mut x = 0u64;
            let r = unsafe { p::fd_seek(fd, i64::MAX, 2, at(&mut x)) };
            format!("{} pos={x}", then_close(fd, r))
        }),
        ("fd_seek out ptr out of bounds", || {
            let fd = open("file.txt", 0);
            then_close(fd, unsafe { p::fd_seek(fd, 0, 0, oob()) })
        }),
        ("fd_tell out misaligned", || {
            let fd = open("file.txt", 0);
            let mut x = [0u64; 2];
            then_close(fd, unsafe { p::fd_tell(fd, x.as_mut_ptr() as i32 + 4) })
        }),
        ("fd_filestat_get out out of bounds", || {
            let fd = open("file.txt", 0);
            then_close(fd, unsafe { p::fd_filestat_get(fd, oob() - 32) })
        }),
        ("fd_filestat_get out misaligned", || {
            let fd = open("file.txt", 0);
            let mut x = [0u64; 9];
            then_close(fd, unsafe {
                p::fd_filestat_get(fd, x.as_mut_ptr() as i32 + 4)
            })
        }),
        ("fd_fdstat_get out out of bounds", || {
            en(unsafe { p::fd_fdstat_get(1, oob()) })
        }),
        ("fd_fdstat_get out misaligned", || {
            let mut x = [0u64; 4];
            en(unsafe { p::fd_fdstat_get(1, x.as_mut_ptr() as i32 + 4) })
        }),
        ("fd_filestat_set_size huge", || {
            let fd = scratch("big", b"");
            then_close(fd, unsafe { p::fd_filestat_set_size(fd, -1) })
        }),
        ("fd_prestat_get out of bounds", || {
            en(unsafe { p::fd_prestat_get(DIR, oob()) })
        }),
        ("fd_prestat_dir_name len 0", || {
            let mut b = [0u8; 16];
            en(unsafe { p::fd_prestat_dir_name(DIR, b.as_mut_ptr() as i32, 0) })
        }),
        ("fd_prestat_dir_name len 4", || {
            let mut b = [0u8; 16];
            en(unsafe { p::fd_prestat_dir_name(DIR, b.as_mut_ptr() as i32, 4) })
        }),
        ("fd_prestat_dir_name len 100", || {
            let mut b = [0u8; 100];
            let r = unsafe { p::fd_prestat_dir_name(DIR, b.as_mut_ptr() as i32, 100) };
            format!("{} {:?}", en(r), String::from_utf8_lossy(&b[..9]))
        }),
        ("fd_prestat_dir_name out of bounds", || {
            en(unsafe { p::fd_prestat_dir_name(DIR, oob() - 2, 8) })
        }),
        ("fd_readdir buf len 0", || {
            let mut n = 7i32;
            let mut b = [0u8; 4];
            let r = unsafe { p::fd_readdir(DIR, b.as_mut_ptr() as i32, 0, 0, at(&mut n)) };
            format!("{} n={n}", en(r))
        }),
        ("fd_readdir buf out of bounds", || {
            let mut n = 7i32;
            en(unsafe { p::fd_readdir(DIR, oob() - 8, 64, 0, at(&mut n)) })
        }),
        ("fd_readdir huge cookie", || {
            let mut n = 7i32;
            let mut b = [0u8; 64];
            let r = unsafe { p::fd_readdir(DIR, b.as_mut_ptr() as i32, 64, i64::MAX, at(&mut n)) };
            format!("{} n={n}", en(r))
        }),
        ("path_open path out of bounds", || {
            let mut fd = 0i32;
            en(unsafe { p::path_open(DIR, 0, oob() - 2, 8, 0, 2, 0, 0, at(&mut fd)) })
        }),
        ("path_open path huge len", || {
            let mut fd = 0i32;
            en(unsafe { p::path_open(DIR, 0, 16, -1, 0, 2, 0, 0, at(&mut fd)) })
        }),
        ("path_open fd out of bounds creates?", || {
            let (pp, pl) = s("created_oob");
            let r = unsafe { p::path_open(DIR, 0, pp, pl, 1, 2, 0, 0, oob()) };
            format!("{} then {}", en(r), exists("created_oob"))
        }),
        ("path_open path not utf-8", || {
            let b = [b'f', 0xff, b'x'];
            let mut fd = 0i32;
            en(unsafe { p::path_open(DIR, 0, b.as_ptr() as i32, 3, 0, 2, 0, 0, at(&mut fd)) })
        }),
        ("path_open path with nul", || {
            let (pp, pl) = s("file.txt\0x");
            let mut fd = 0i32;
            en(unsafe { p::path_open(DIR, 0, pp, pl, 0, 2, 0, 0, at(&mut fd)) })
        }),
        ("path_open long name", || {
            let name = "n".repeat(300);
            opened(open_raw(DIR, 0, &name, 1, 2, 0, 0))
        }),
        ("path_open deep missing", || {
            opened(open_raw(DIR, 0, &"d/".repeat(200), 0, 2, 0, 0))
        }),
        ("path_create_directory len 0", || {
            en(unsafe { p::path_create_directory(DIR, 16, 0) })
        }),
        ("path_readlink buf len 0", || {
            let (pp, pl) = s("link_file");
            let mut n = 7i32;
            let r = unsafe { p::path_readlink(DIR, pp, pl, 16, 0, at(&mut n)) };
            format!("{} n={n}", en(r))
        }),
        ("path_readlink buf out of bounds", || {
            let (pp, pl) = s("link_file");
            let mut n = 7i32;
            en(unsafe { p::path_readlink(DIR, pp, pl, oob() - 2, 16, at(&mut n)) })
        }),
        ("path_filestat_get out out of bounds", || {
            let (pp, pl) = s("file.txt");
            en(unsafe { p::path_filestat_get(DIR, 0, pp, pl, oob() - 8) })
        }),
        ("path_symlink target out of bounds", || {
            let (pp, pl) = s("s1");
            en(unsafe { p::path_symlink(oob() - 1, 4, DIR, pp, pl) })
        }),
        ("args_sizes_get out of bounds", || {
            let mut n = 0i32;
            en(unsafe { p::args_sizes_get(at(&mut n), oob()) })
        }),
        ("args_get buf out of bounds", || {
            let mut v = [0i32; 8];
            en(unsafe { p::args_get(v.as_mut_ptr() as i32, oob() - 1) })
        }),
        ("args_get argv out of bounds", || {
            let mut b = [0u8; 256];
            en(unsafe { p::args_get(oob(), b.as_mut_ptr() as i32) })
        }),
        ("environ_sizes_get out of bounds", || {
            let mut n = 0i32;
            en(unsafe { p::environ_sizes_get(oob(), at(&mut n)) })
        }),
        ("environ_get out of bounds", || {
            en(unsafe { p::environ_get(oob(), oob()) })
        }),
        ("clock_time_get out of bounds", || {
            en(unsafe { p::clock_time_get(1, 0, oob()) })
        }),
        ("clock_time_get misaligned", || {
            let mut x = [0u64; 2];
            en(unsafe { p::clock_time_get(1, 0, x.as_mut_ptr() as i32 + 4) })
        }),
        ("clock_res_get out of bounds", || {
            en(unsafe { p::clock_res_get(0, oob()) })
        }),
        ("clock_time_get id 4", || {
            let mut x = 0u64;
            en(unsafe { p::clock_time_get(4, 0, at(&mut x)) })
        }),
        ("clock_res_get id 4", || {
            let mut x = 0u64;
            en(unsafe { p::clock_res_get(4, at(&mut x)) })
        }),
        ("random_get len 0 at end", || {
            en(unsafe { p::random_get(oob(), 0) })
        }),
        ("random_get out of bounds", || {
            en(unsafe { p::random_get(oob() - 4, 8) })
        }),
        ("random_get huge", || en(unsafe { p::random_get(16, -1) })),
        ("sock_accept out of bounds", || {
            en(unsafe { p::sock_accept(DIR, 0, oob()) })
        }),
        ("sock_shutdown bad how", || {
            en(unsafe { p::sock_shutdown(1, 7) })
        }),
        ("proc_raise", || en(unsafe { p::proc_raise(2) })),
        ("sched_yield", || en(unsafe { p::sched_yield() })),
        ("fd_renumber onto a closed fd", || {
            let a = open("file.txt", 0);
            let b = open("empty.txt", 0);
            unsafe { p::fd_close(b) };
            let r = unsafe { p::fd_renumber(a, b) };
            let d = describe(b);
            unsafe { p::fd_close(a) };
            unsafe { p::fd_close(b) };
            format!("{} {d}", en(r))
        }),
        ("fd_readdir cookie past the end", || {
            let mut n = 7i32;
            let mut b = [0u8; 64];
            let r = unsafe { p::fd_readdir(DIR, b.as_mut_ptr() as i32, 64, 1000, at(&mut n)) };
            format!("{} n={n}", en(r))
        }),
        (
            "fd_read into zero-length buffers at the end of memory",
            || {
                let fd = open("file.txt", 0);
                let iov = [oob(), 0];
                let mut n = 7i32;
                let r = unsafe { p::fd_read(fd, iov.as_ptr() as i32, 1, at(&mut n)) };
                format!("{} n={n}", then_close(fd, r))
            },
        ),
        // Last: it leaves the preopen at another number.
        ("fd_renumber preopen onto a file (last)", || {
            let fd = open("file.txt", 0);
            let r = unsafe { p::fd_renumber(DIR, fd) };
            let d = describe(fd);
            let back = unsafe { p::fd_renumber(fd, DIR) };
            format!("{} {d} back {} {}", en(r), en(back), describe(DIR))
        }),
    ]);
}
