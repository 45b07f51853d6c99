//! `fd_advise` (every advice, odd ranges), `fd_allocate` (zero, huge and
//! overflowing ranges) and `poll_oneoff` (empty, clocks, fds of each kind,
//! bad descriptors, bad event types).
use spindle_wasi_conformance::*;

fn adv(off: i64, len: i64, advice: i32) -> String {
    let fd = open("file.txt", 0);
    then_close(fd, unsafe { p::fd_advise(fd, off, len, advice) })
}
fn alloc(off: i64, len: i64) -> String {
    let fd = scratch("alloc.txt", b"abc");
    let r = unsafe { p::fd_allocate(fd, off, len) };
    let st = stat_fd(fd);
    unsafe { p::fd_close(fd) };
    format!("{} {st}", en(r))
}

#[repr(C, align(8))]
#[derive(Clone, Copy)]
struct Sub([u8; 48]);
fn clock(userdata: u64, id: u32, timeout: u64, flags: u16) -> Sub {
    let mut s = [0u8; 48];
    s[0..8].copy_from_slice(&userdata.to_le_bytes());
    s[8] = 0;
    s[16..20].copy_from_slice(&id.to_le_bytes());
    s[24..32].copy_from_slice(&timeout.to_le_bytes());
    s[32..40].copy_from_slice(&1u64.to_le_bytes());
    s[40..42].copy_from_slice(&flags.to_le_bytes());
    Sub(s)
}
fn fdsub(userdata: u64, kind: u8, fd: i32) -> Sub {
    let mut s = [0u8; 48];
    s[0..8].copy_from_slice(&userdata.to_le_bytes());
    s[8] = kind;
    s[16..20].copy_from_slice(&fd.to_le_bytes());
    Sub(s)
}
/// Polls and shows the events: `n=N [userdata/type/errno ...]`, sorted by
/// userdata (the order of ready events is not specified).
fn poll(subs: &[Sub]) -> String {
    #[repr(C, align(8))]
    struct Ev([u8; 32 * 8]);
    let mut ev = Ev([0; 256]);
    let mut n = 0i32;
    let r = unsafe {
        p::poll_oneoff(
            subs.as_ptr() as i32,
            ev.0.as_mut_ptr() as i32,
            subs.len() as i32,
            at(&mut n),
        )
    };
    if r != 0 {
        return en(r);
    }
    let mut evs: Vec<String> = (0..n.min(8) as usize)
        .map(|i| {
            let e = &ev.0[i * 32..i * 32 + 32];
            let ud = u64::from_le_bytes(e[0..8].try_into().unwrap());
            let errno = u16::from_le_bytes([e[8], e[9]]);
            format!("{ud}/{}/{}", e[10], en(errno as i32))
        })
        .collect();
    evs.sort();
    format!("ok n={n} [{}]", evs.join(" "))
}

fn main() {
    run(&[
        ("advise normal", || adv(0, 0, 0)),
        ("advise sequential", || adv(0, 0, 1)),
        ("advise random", || adv(0, 0, 2)),
        ("advise willneed", || adv(0, 0, 3)),
        ("advise dontneed", || adv(0, 0, 4)),
        ("advise noreuse", || adv(0, 0, 5)),
        ("advise 6", || adv(0, 0, 6)),
        ("advise huge range", || adv(i64::MAX, i64::MAX, 0)),
        ("advise negative len", || adv(0, -1, 0)),
        ("advise negative offset", || adv(-1, 1, 0)),
        ("advise bad fd", || en(unsafe { p::fd_advise(99, 0, 0, 0) })),
        ("allocate 0 0", || alloc(0, 0)),
        ("allocate within", || alloc(0, 2)),
        ("allocate grow", || alloc(0, 100)),
        ("allocate overflow", || alloc(-1, 2)),
        ("allocate huge", || alloc(1 << 62, 1 << 62)),
        ("allocate bad fd", || {
            en(unsafe { p::fd_allocate(99, 0, 1) })
        }),
        ("poll none", || poll(&[])),
        ("poll clock 0", || poll(&[clock(7, 1, 0, 0)])),
        ("poll clock realtime abstime past", || {
            poll(&[clock(7, 0, 1, 1)])
        }),
        ("poll clock bad id", || poll(&[clock(7, 9, 0, 0)])),
        ("poll clock bad flags", || poll(&[clock(7, 1, 0, 2)])),
        ("poll read file", || {
            let fd = open("file.txt", 0);
            let r = poll(&[fdsub(1, 1, fd)]);
            unsafe { p::fd_close(fd) };
            r
        }),
        ("poll write file", || {
            let fd = open("file.txt", 0);
            let r = poll(&[fdsub(1, 2, fd)]);
            unsafe { p::fd_close(fd) };
            r
        }),
        ("poll read dir", || {
            let fd = open("sub", 2);
            let r = poll(&[fdsub(1, 1, fd), clock(2, 1, 0, 0)]);
            unsafe { p::fd_close(fd) };
            r
        }),
        ("poll read preopen", || {
            poll(&[fdsub(1, 1, DIR), clock(2, 1, 0, 0)])
        }),
        ("poll read bad fd", || poll(&[fdsub(1, 1, 99)])),
        ("poll write stdout", || poll(&[fdsub(1, 2, 1)])),
        ("poll read bad fd and clock", || {
            poll(&[fdsub(1, 1, 99), clock(2, 1, 0, 0)])
        }),
        ("poll read no-poll-right file", || {
            let fd = open_raw(DIR, 0, "file.txt", 0, wasi::RIGHTS_FD_READ, 0, 0).unwrap();
            // No clock next to it: which of two ready events a runtime
            // reports is not specified (a file is always ready anyway).
            let r = poll(&[fdsub(1, 1, fd)]);
            unsafe { p::fd_close(fd) };
            r
        }),
        ("poll event type 3", || poll(&[fdsub(1, 3, 0)])),
        ("poll misaligned subs", || {
            let buf = [clock(7, 1, 0, 0); 2];
            let mut ev = [0u64; 8];
            let mut n = 0i32;
            en(unsafe {
                p::poll_oneoff(
                    buf.as_ptr() as i32 + 4,
                    ev.as_mut_ptr() as i32,
                    1,
                    at(&mut n),
                )
            })
        }),
        ("poll subs out of bounds", || {
            let mut ev = [0u64; 8];
            let mut n = 0i32;
            en(unsafe {
                p::poll_oneoff(end_of_memory() - 8, ev.as_mut_ptr() as i32, 1, at(&mut n))
            })
        }),
        ("poll events out of bounds", || {
            let s = [clock(7, 1, 0, 0)];
            let mut n = 0i32;
            en(unsafe { p::poll_oneoff(s.as_ptr() as i32, end_of_memory() - 8, 1, at(&mut n)) })
        }),
        ("poll nevents out of bounds", || {
            let s = [clock(7, 1, 0, 0)];
            let mut ev = [0u64; 8];
            en(unsafe {
                p::poll_oneoff(
                    s.as_ptr() as i32,
                    ev.as_mut_ptr() as i32,
                    1,
                    end_of_memory(),
                )
            })
        }),
        ("poll huge count", || {
            let s = [clock(7, 1, 0, 0)];
            let mut ev = [0u64; 8];
            let mut n = 0i32;
            en(unsafe {
                p::poll_oneoff(
                    s.as_ptr() as i32,
                    ev.as_mut_ptr() as i32,
                    0x7fff_ffff,
                    at(&mut n),
                )
            })
        }),
    ]);
}
