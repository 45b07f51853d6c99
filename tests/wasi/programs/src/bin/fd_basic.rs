//! Basic descriptor operations: fd_write to stdio, fd_fdstat_get, EBADF on
//! closed and nonexistent descriptors, fd_renumber, fd_prestat_get and
//! fd_prestat_dir_name on the preopen (fd 3, `/sandbox`).

use spindle_wasi_tests::*;

/// A descriptor number nothing should be using.
const NO_SUCH_FD: Fd = 1000;
const WORKDIR: &str = "fd_basic.d";

/// Runs the calls that must fail with EBADF on a descriptor that is not open.
fn expect_badf(t: &mut Checks, fd: Fd, label: &str) {
    let badf = [wasi::ERRNO_BADF];
    let mut buf = [0u8; 8];
    t.err(format_args!("fd_read on {label}"), read(fd, &mut buf), &badf);
    t.err(format_args!("fd_write on {label}"), write(fd, b"x"), &badf);
    t.err(format_args!("fd_seek on {label}"), seek(fd, 0, wasi::WHENCE_SET), &badf);
    t.err(format_args!("fd_tell on {label}"), tell(fd), &badf);
    t.err(format_args!("fd_fdstat_get on {label}"), fdstat(fd).map(|s| s.fs_filetype.name()), &badf);
    t.err(format_args!("fd_filestat_get on {label}"), filestat(fd).map(|s| s.size), &badf);
    t.err(format_args!("fd_close on {label}"), close(fd), &badf);
}

fn main() {
    let mut t = Checks::new("fd_basic");

    // ---- fd_write to stdout / stderr -------------------------------------
    let line = b"# a line written with one raw fd_write call\n";
    t.eq("fd_write to stdout returns the byte count", write(wasi::FD_STDOUT, line), Ok(line.len()));

    // Several buffers in one call. WASI (like writev) may write fewer bytes
    // than asked; the count must be within range and, looping, all arrives.
    let parts: [&[u8]; 3] = [b"# gathered ", b"write from three ", b"buffers\n"];
    let iovs: Vec<wasi::Ciovec> = parts.iter().map(|p| wasi::Ciovec { buf: p.as_ptr(), buf_len: p.len() }).collect();
    let total: usize = parts.iter().map(|p| p.len()).sum();
    match unsafe { wasi::fd_write(wasi::FD_STDOUT, &iovs) } {
        Ok(n) if n >= 1 && n <= total => {
            // Finish the line before printing check results.
            let joined: Vec<u8> = parts.concat();
            let rest = write_all(wasi::FD_STDOUT, &joined[n..]);
            t.pass(format_args!("fd_write with 3 iovecs wrote {n} of {total} bytes"));
            t.ok("fd_write: rest of the gathered write", rest);
        }
        other => t.fail("fd_write with 3 iovecs", format!("{other:?}, want 1..={total}")),
    }
    t.eq("fd_write with no iovecs returns 0", unsafe { wasi::fd_write(wasi::FD_STDOUT, &[]) }, Ok(0));
    let eline = b"fd_basic: this line goes to stderr\n";
    t.eq("fd_write to stderr returns the byte count", write(wasi::FD_STDERR, eline), Ok(eline.len()));

    // ---- fd_fdstat_get on stdio and the preopen --------------------------
    // Stdio may be a terminal (CHARACTER_DEVICE), a pipe (UNKNOWN), a socket
    // or a redirected file, depending on how the harness runs us.
    let stdio_types = [
        wasi::FILETYPE_CHARACTER_DEVICE,
        wasi::FILETYPE_UNKNOWN,
        wasi::FILETYPE_REGULAR_FILE,
        wasi::FILETYPE_SOCKET_STREAM,
    ];
    for (fd, name, right) in [
        (wasi::FD_STDIN, "stdin", wasi::RIGHTS_FD_READ),
        (wasi::FD_STDOUT, "stdout", wasi::RIGHTS_FD_WRITE),
        (wasi::FD_STDERR, "stderr", wasi::RIGHTS_FD_WRITE),
    ] {
        if let Some(st) = t.ok(format_args!("fd_fdstat_get({name})"), fdstat(fd)) {
            t.check(
                stdio_types.contains(&st.fs_filetype),
                format_args!("{name} file type is a stream type ({})", ftn(st.fs_filetype)),
                format!("file type {}", ftn(st.fs_filetype)),
            );
            t.check(
                st.fs_rights_base & right == right,
                format_args!("{name} has the {} right", if right == wasi::RIGHTS_FD_READ { "fd_read" } else { "fd_write" }),
                format!("rights_base = {:#x}", st.fs_rights_base),
            );
        }
    }
    if let Some(st) = t.ok("fd_fdstat_get(3) (the preopen)", fdstat(PREOPEN)) {
        t.eq("preopen fd 3 is a DIRECTORY", ftn(st.fs_filetype), "DIRECTORY");
        t.check(
            st.fs_rights_base & wasi::RIGHTS_PATH_OPEN != 0,
            "preopen fd 3 has the path_open right",
            format!("rights_base = {:#x}", st.fs_rights_base),
        );
    }

    // ---- fd_prestat_get / fd_prestat_dir_name ----------------------------
    if let Some(ps) = t.ok("fd_prestat_get(3)", unsafe { wasi::fd_prestat_get(PREOPEN) }) {
        t.eq("fd_prestat_get(3) tag is PREOPENTYPE_DIR", ps.tag, wasi::PREOPENTYPE_DIR.raw());
        let len = unsafe { ps.u.dir.pr_name_len };
        t.eq("fd_prestat_get(3) name length is 8", len, PREOPEN_NAME.len());
        let mut name = vec![0xEEu8; len + 4];
        if t.ok("fd_prestat_dir_name(3)", unsafe { wasi::fd_prestat_dir_name(PREOPEN, name.as_mut_ptr(), len) }).is_some() {
            t.bytes("fd_prestat_dir_name(3) is /sandbox", &name[..len], PREOPEN_NAME.as_bytes());
            t.check(
                name[len..].iter().all(|b| *b == 0xEE),
                "fd_prestat_dir_name writes no more than the name length",
                "bytes past the name were modified",
            );
        }
        let mut small = [0u8; 3];
        t.err(
            "fd_prestat_dir_name(3) into a 3-byte buffer",
            unsafe { wasi::fd_prestat_dir_name(PREOPEN, small.as_mut_ptr(), small.len()) },
            &[wasi::ERRNO_NAMETOOLONG, wasi::ERRNO_INVAL, wasi::ERRNO_RANGE],
        );
    }
    let badf = [wasi::ERRNO_BADF];
    t.err("fd_prestat_get(0) (stdin is not a preopen)", unsafe { wasi::fd_prestat_get(0) }.map(|p| p.tag), &badf);
    t.err("fd_prestat_get(1000) (not open)", unsafe { wasi::fd_prestat_get(NO_SUCH_FD) }.map(|p| p.tag), &badf);
    // fd 4 is either absent or the harness's socket: never a preopened dir.
    t.err("fd_prestat_get(4) (no second preopened dir)", unsafe { wasi::fd_prestat_get(4) }.map(|p| p.tag), &badf);
    if let Ok(dfd) = open_dir(PREOPEN, ".") {
        t.err(
            "fd_prestat_get on a directory opened with path_open (not a preopen)",
            unsafe { wasi::fd_prestat_get(dfd) }.map(|p| p.tag),
            &badf,
        );
        let _ = close(dfd);
    }

    // ---- EBADF on a descriptor that was never open -----------------------
    expect_badf(&mut t, NO_SUCH_FD, "fd 1000 (never opened)");

    // ---- EBADF after close -----------------------------------------------
    let Some(work) = fresh_workdir(&mut t, WORKDIR) else { t.finish() };
    if let Some(fd) = t.ok("path_open a scratch file (CREAT)", create(work, "scratch.txt")) {
        t.ok("fd_write to the scratch file", write_all(fd, b"scratch"));
        t.ok("fd_close the scratch file", close(fd));
        expect_badf(&mut t, fd, "a closed fd");
    }

    // ---- fd_renumber -----------------------------------------------------
    let _ = write_file(work, "a.txt", b"contents of A");
    let _ = write_file(work, "b.txt", b"contents of B");
    let fa = t.ok("open a.txt", open_rw(work, "a.txt"));
    let fb = t.ok("open b.txt", open_rw(work, "b.txt"));
    if let (Some(fa), Some(fb)) = (fa, fb) {
        t.ok(format_args!("fd_renumber({fa} -> {fb})"), unsafe { wasi::fd_renumber(fa, fb) });
        t.err("old fd is closed after fd_renumber", fdstat(fa).map(|s| s.fs_filetype.name()), &badf);
        t.bytes(
            "the target fd now refers to a.txt",
            &read_to_end(fb).unwrap_or_default(),
            b"contents of A",
        );
        t.err("fd_renumber from a fd that is not open", unsafe { wasi::fd_renumber(NO_SUCH_FD, fb) }, &badf);
        t.err("fd_renumber onto a fd that is not open", unsafe { wasi::fd_renumber(fb, NO_SUCH_FD) }, &badf);
        t.ok("target fd still usable after failed renumbers", fdstat(fb).map(|_| ()));
        let _ = close(fb);
    }

    cleanup_workdir(&mut t, work, WORKDIR);
    t.finish()
}
