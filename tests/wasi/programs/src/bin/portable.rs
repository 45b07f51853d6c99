//! A small program that uses only what every Spindle backend provides,
//! including the embedded one (in-memory filesystem): stdout, args, clocks,
//! random bytes, and simple file I/O in the preopen (create, write, read,
//! readdir, unlink). No subdirectories, links, sockets or polling.

use spindle_wasi_tests::*;

const FILE: &str = "portable.txt";

fn main() {
    let mut t = Checks::new("portable");

    // stdout
    let line = b"# portable: hello from fd_write\n";
    t.eq("fd_write to stdout", write(wasi::FD_STDOUT, line), Ok(line.len()));

    // args
    let args: Vec<String> = std::env::args().collect();
    t.eq("args are [program, a, b, c]", args.iter().skip(1).map(|s| s.as_str()).collect::<Vec<_>>(), vec!["a", "b", "c"]);

    // clocks
    let rt = now(wasi::CLOCKID_REALTIME);
    t.check(rt > 1_577_836_800 * 1_000_000_000, "realtime clock is after 2020", format!("{rt}"));
    let m1 = now(wasi::CLOCKID_MONOTONIC);
    let m2 = now(wasi::CLOCKID_MONOTONIC);
    t.check(m1 > 0 && m2 >= m1, "monotonic clock is non-decreasing", format!("{m1} then {m2}"));

    // random
    let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
    let ra = unsafe { wasi::random_get(a.as_mut_ptr(), a.len()) };
    let rb = unsafe { wasi::random_get(b.as_mut_ptr(), b.len()) };
    t.check(ra.is_ok() && rb.is_ok() && a != b, "random_get gives two different 32-byte draws", format!("{ra:?} {rb:?}"));

    // the preopen
    match unsafe { wasi::fd_prestat_get(PREOPEN) } {
        Ok(p) => {
            let len = unsafe { p.u.dir.pr_name_len };
            let mut name = vec![0u8; len];
            let r = unsafe { wasi::fd_prestat_dir_name(PREOPEN, name.as_mut_ptr(), len) };
            t.check(r.is_ok() && name == PREOPEN_NAME.as_bytes(), "fd 3 is the preopen /sandbox", show_bytes(&name));
        }
        Err(e) => t.fail("fd_prestat_get(3)", en(e)),
    }

    // file I/O in the preopen root
    let _ = unlink(PREOPEN, FILE); // leftover from an earlier run
    let content = b"portable file contents\n";
    if let Some(fd) = t.ok("path_open CREAT portable.txt", create(PREOPEN, FILE)) {
        t.ok("fd_write the file", write_all(fd, content));
        t.ok("fd_close the file", close(fd));
    }
    if let Some(fd) = t.ok("path_open portable.txt for reading", open(PREOPEN, FILE, 0, RIGHTS_FILE_RO, 0)) {
        t.bytes("fd_read reads back the contents", &read_to_end(fd).unwrap_or_default(), content);
        t.eq("fd_filestat_get size", filestat(fd).map(|s| s.size), Ok(content.len() as u64));
        let _ = close(fd);
    }
    match list(PREOPEN, ".") {
        Ok(names) => {
            t.check(names.iter().any(|n| n == FILE), "fd_readdir lists portable.txt", format!("{names:?}"));
        }
        Err(e) => t.fail("fd_readdir on the preopen", en(e)),
    }
    t.ok("path_unlink_file portable.txt", unlink(PREOPEN, FILE));
    match list(PREOPEN, ".") {
        Ok(names) => {
            t.check(!names.iter().any(|n| n == FILE), "fd_readdir no longer lists it", format!("{names:?}"));
        }
        Err(e) => t.fail("fd_readdir on the preopen after unlink", en(e)),
    }
    t.err("path_open the unlinked file", open(PREOPEN, FILE, 0, RIGHTS_FILE_RO, 0), &[wasi::ERRNO_NOENT]);

    t.finish()
}
