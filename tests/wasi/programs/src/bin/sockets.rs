//! Sockets: the harness preopens a listening TCP socket as fd 4 and, once the
//! program runs, connects one client that sends `ping\n` and reads the reply.
//! The program accepts it with sock_accept, receives `ping\n` with sock_recv,
//! answers `pong\n` with sock_send, then sock_shutdown and fd_close.
//!
//! A single-threaded guest cannot connect to itself, hence the harness-side
//! client. Without a listener on fd 4 the program prints
//! `SKIP: no listener preopened` and exits with code 77.

use spindle_wasi_tests::*;

/// The preopened listener's descriptor.
const LISTENER_FD: Fd = 4;
/// Validation aid: some reference runtimes (wasmi's `--tcplisten`) put the
/// listener before the preopened directory, i.e. at fd 3; this variable moves
/// the expected listener fd. The Spindle harness does not need it.
const LISTENER_ENV: &str = "WASI_TESTS_LISTENER_FD";
/// Exit code meaning "skipped".
const EXIT_SKIP: i32 = 77;
/// Errors acceptable for socket calls on something that is not a socket.
const NOT_A_SOCKET: [Errno; 3] = [wasi::ERRNO_NOTSOCK, wasi::ERRNO_BADF, wasi::ERRNO_NOTCAPABLE];

fn recv(fd: Fd, buf: &mut [u8]) -> Result<usize, Errno> {
    let iov = [wasi::Iovec { buf: buf.as_mut_ptr(), buf_len: buf.len() }];
    unsafe { wasi::sock_recv(fd, &iov, 0) }.map(|(n, _flags)| n)
}

fn send(fd: Fd, data: &[u8]) -> Result<usize, Errno> {
    let iov = [wasi::Ciovec { buf: data.as_ptr(), buf_len: data.len() }];
    unsafe { wasi::sock_send(fd, &iov, 0) }
}

/// Runs `op`, retrying while it fails with EAGAIN: a host may hand over the
/// listener (and so the accepted connection) in non-blocking mode, as
/// wasi-common does. Sleeps 10 ms between tries (poll_oneoff), at most 10 s.
fn retry<T>(retries: &mut u32, mut op: impl FnMut() -> Result<T, Errno>) -> Result<T, Errno> {
    let mut left = 1000;
    loop {
        match op() {
            Err(e) if e == wasi::ERRNO_AGAIN && left > 0 => {
                left -= 1;
                *retries += 1;
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

/// The first preopened directory (fd 3 under the Spindle harness), used as
/// a descriptor that is certainly not a socket.
fn preopened_dir() -> Fd {
    (3..16).find(|fd| unsafe { wasi::fd_prestat_get(*fd) }.is_ok()).unwrap_or(PREOPEN)
}

fn main() {
    let listener_fd: Fd = std::env::var(LISTENER_ENV).ok().and_then(|v| v.parse().ok()).unwrap_or(LISTENER_FD);
    // Skip cleanly when the harness gave us no listener.
    let listener = match fdstat(listener_fd) {
        Err(e) if e == wasi::ERRNO_BADF => {
            println!("SKIP: no listener preopened");
            std::process::exit(EXIT_SKIP);
        }
        other => other,
    };

    let mut t = Checks::new("sockets");
    let dir = preopened_dir();
    match listener {
        Ok(st) => {
            t.eq(format_args!("fd {listener_fd} (the listener) is a SOCKET_STREAM"), ftn(st.fs_filetype), "SOCKET_STREAM");
        }
        Err(e) => t.fail(format_args!("fd_fdstat_get({listener_fd})"), en(e)),
    }

    // ---- socket calls on things that are not sockets ---------------------
    t.err("sock_accept on the preopened directory", unsafe { wasi::sock_accept(dir, 0) }, &NOT_A_SOCKET);
    t.err("sock_accept on a fd that is not open", unsafe { wasi::sock_accept(1000, 0) }, &[wasi::ERRNO_BADF]);
    let mut buf = [0u8; 16];
    t.err("sock_recv on the preopened directory", recv(dir, &mut buf), &NOT_A_SOCKET);
    t.err("sock_send on the preopened directory", send(dir, b"x"), &NOT_A_SOCKET);
    t.err("sock_shutdown on the preopened directory", unsafe { wasi::sock_shutdown(dir, wasi::SDFLAGS_WR) }, &NOT_A_SOCKET);

    // ---- accept the harness's client (blocks until it connects) ----------
    let mut retries = 0u32;
    t.note(format_args!("waiting for the harness's client on fd {listener_fd}"));
    let Some(conn) = t.ok(format_args!("sock_accept on the listener (fd {listener_fd})"), retry(&mut retries, || unsafe { wasi::sock_accept(listener_fd, 0) })) else { t.finish() };
    t.check(conn != listener_fd, "sock_accept returns a new fd", format!("returned {conn}"));
    if let Ok(st) = fdstat(conn) {
        t.eq("the accepted connection is a SOCKET_STREAM", ftn(st.fs_filetype), "SOCKET_STREAM");
    }

    // Receive until the newline (TCP may split the message).
    let mut got = Vec::new();
    let mut rerr = None;
    while !got.contains(&b'\n') && got.len() < 64 {
        match retry(&mut retries, || recv(conn, &mut buf)) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n.min(buf.len())]),
            Err(e) => {
                rerr = Some(e);
                break;
            }
        }
    }
    match rerr {
        Some(e) => t.fail("sock_recv", en(e)),
        None => {
            t.bytes("sock_recv receives ping\\n", &got, b"ping\n");
        }
    }

    // Send the reply, looping over short sends.
    let mut rest: &[u8] = b"pong\n";
    let mut serr = None;
    while !rest.is_empty() {
        match retry(&mut retries, || send(conn, rest)) {
            Ok(n) if n >= 1 && n <= rest.len() => rest = &rest[n..],
            Ok(n) => {
                serr = Some(format!("sent {n} of {} bytes", rest.len()));
                break;
            }
            Err(e) => {
                serr = Some(en(e));
                break;
            }
        }
    }
    match serr {
        None => t.pass("sock_send pong\\n"),
        Some(d) => t.fail("sock_send pong\\n", d),
    }

    if retries > 0 {
        t.note(format_args!("{retries} EAGAIN retries (non-blocking socket)"));
    }
    t.ok("sock_shutdown(SDFLAGS_WR)", unsafe { wasi::sock_shutdown(conn, wasi::SDFLAGS_WR) });
    t.ok("fd_close the connection", close(conn));
    t.err("sock_send on the closed connection", send(conn, b"x"), &[wasi::ERRNO_BADF]);
    t.ok("the listener is still open", fdstat(listener_fd).map(|_| ()));

    t.finish()
}
