//! Sandbox escapes: every attempt to reach outside the preopened directory
//! must fail, with ENOTCAPABLE, EPERM, ENOENT or EACCES (real runtimes differ
//! in which one they pick), and must never succeed.
//!
//! Paths are resolved against the preopen (fd 3), whose guest name is
//! `/sandbox`; "outside" means anything above it. The program only ever
//! tries to *create* things outside (under names nobody uses) or to *read*
//! them: it never tries to remove or rename a host file, so a broken sandbox
//! cannot damage the host.

use spindle_wasi_tests::*;

const WORKDIR: &str = "sandbox.d";
/// The answers an escape attempt may get.
const DENIED: [Errno; 4] = [wasi::ERRNO_NOTCAPABLE, wasi::ERRNO_PERM, wasi::ERRNO_NOENT, wasi::ERRNO_ACCES];
/// Deep enough to reach the host's root directory from any sandbox.
const TO_ROOT: &str = "../../../../../../../../../../../../../../../..";

fn main() {
    let mut t = Checks::new("sandbox");
    let Some(w) = fresh_workdir(&mut t, WORKDIR) else { t.finish() };
    let _ = mkdir(w, "a");
    let _ = write_file(w, "inside.txt", b"inside");

    allowed(&mut t);
    opens(&mut t);
    symlink_escapes(&mut t, w);
    mutations(&mut t);
    // The sandbox is intact after all that.
    t.bytes("files inside the sandbox are intact", &read_file(PREOPEN, "sandbox.d/inside.txt").unwrap_or_default(), b"inside");

    cleanup_workdir(&mut t, w, WORKDIR);
    t.finish()
}

/// Opens `path` under the preopen (following symlinks) for reading, as a file
/// or (with `dir`) as a directory; closes it if that unexpectedly works.
fn try_open(path: &str, dir: bool) -> Result<Fd, Errno> {
    let r = if dir { open_dir(PREOPEN, path) } else { open(PREOPEN, path, 0, RIGHTS_FILE_RO, 0) };
    if let Ok(fd) = r {
        let _ = close(fd);
    }
    r
}

/// Paths that contain `..` or `.` but stay inside are fine: the sandbox must
/// not be implemented by just refusing every `..`.
fn allowed(t: &mut Checks) {
    t.ok("open \".\" (the sandbox root itself)", try_open(".", true));
    t.ok("open sandbox.d/a/.. (stays inside)", try_open("sandbox.d/a/..", true));
    t.ok("open sandbox.d/a/../inside.txt (stays inside)", try_open("sandbox.d/a/../inside.txt", false));
    t.ok("open sandbox.d/../sandbox.d/inside.txt (stays inside)", try_open("sandbox.d/../sandbox.d/inside.txt", false));
    t.ok("open ./sandbox.d/./inside.txt", try_open("./sandbox.d/./inside.txt", false));
}

/// Opening and stat-ing paths that lead outside.
fn opens(t: &mut Checks) {
    t.err("open \"..\" as a directory", try_open("..", true), &DENIED);
    t.err("open \"..\" as a file", try_open("..", false), &DENIED);
    t.err("open ../etc/passwd", try_open("../etc/passwd", false), &DENIED);
    t.err("open ../../../../../../../../../../../../../../../../etc/passwd", try_open(&format!("{TO_ROOT}/etc/passwd"), false), &DENIED);
    t.err("open /etc/passwd (absolute path)", try_open("/etc/passwd", false), &DENIED);
    t.err("open / (absolute root) as a directory", try_open("/", true), &DENIED);
    t.err("open /sandbox/sandbox.d/inside.txt (absolute guest path)", try_open("/sandbox/sandbox.d/inside.txt", false), &DENIED);
    t.err("open sandbox.d/../../x (a/../../x)", try_open("sandbox.d/../../x", false), &DENIED);
    t.err("open sandbox.d/a/../../../x", try_open("sandbox.d/a/../../../x", false), &DENIED);
    t.err("open sandbox.d/a/../../.. as a directory", try_open("sandbox.d/a/../../..", true), &DENIED);
    t.err(
        "open CREAT ../spindle-wasi-escape.txt",
        open(PREOPEN, "../spindle-wasi-escape.txt", wasi::OFLAGS_CREAT, RIGHTS_FILE_RW, 0).map(|fd| {
            let _ = close(fd);
            fd
        }),
        &DENIED,
    );
    t.err("path_filestat_get \"..\"", stat(PREOPEN, "..").map(|s| s.ino), &DENIED);
    t.err("path_filestat_get /etc (absolute)", stat(PREOPEN, "/etc").map(|s| s.ino), &DENIED);
    t.err("path_filestat_get ../../../..(...)/etc/passwd", stat(PREOPEN, &format!("{TO_ROOT}/etc/passwd")).map(|s| s.size), &DENIED);
    t.err("path_readlink ../../../..(...)/proc/self/exe", readlink(PREOPEN, &format!("{TO_ROOT}/proc/self/exe")), &DENIED);
}

/// Symlinks inside the sandbox that point outside. Creating such a link may
/// itself be refused (fine, with one of the DENIED errors); if it is
/// allowed, nothing may be reached through it.
fn symlink_escapes(t: &mut Checks, w: Fd) {
    // (link name in sandbox.d, target, paths to open through it relative to sandbox.d)
    let cases: [(&str, String, &[(&str, bool)]); 5] = [
        ("etc_link", "/etc".to_string(), &[("", true), ("/passwd", false)]),
        ("up", "../..".to_string(), &[("", true), ("/etc/passwd", false)]),
        ("root", TO_ROOT.to_string(), &[("", true), ("/etc/passwd", false)]),
        ("passwd_link", "/etc/passwd".to_string(), &[("", false)]),
        // A chain: l1 -> l2 -> ../.. (each step looks harmless on its own).
        ("l1", "l2".to_string(), &[("", true), ("/etc/passwd", false)]),
    ];
    // The second half of the l1 chain; if the host refuses it, l1 dangles.
    let _ = unsafe { wasi::path_symlink("../..", w, "l2") };
    for (name, target, throughs) in cases.iter() {
        match unsafe { wasi::path_symlink(target, w, name) } {
            Err(e) if DENIED.contains(&e) => {
                t.pass(format_args!("path_symlink {name} -> {target} refused -> {}", en(e)));
                continue;
            }
            Err(e) => {
                t.fail(format_args!("path_symlink {name} -> {target}"), format!("unexpected {}", en(e)));
                continue;
            }
            Ok(()) => t.pass(format_args!("path_symlink {name} -> {target} created (must not be followable)")),
        }
        for (suffix, dir) in throughs.iter() {
            let p = format!("{WORKDIR}/{name}{suffix}");
            t.err(format_args!("open {p} through a symlink pointing outside"), try_open(&p, *dir), &DENIED);
            if suffix.is_empty() {
                t.err(format_args!("path_filestat_get (follow) {p}"), stat(PREOPEN, &p).map(|s| s.ino), &DENIED);
            }
        }
    }
    // A link to inside the sandbox still works (sanity).
    if unsafe { wasi::path_symlink("inside.txt", w, "good_link") }.is_ok() {
        t.bytes("a symlink pointing inside the sandbox works", &read_file(w, "good_link").unwrap_or_default(), b"inside");
    }
}

/// Creating links, renaming and making directories outside.
fn mutations(t: &mut Checks) {
    t.err(
        "path_create_directory ../spindle-wasi-escape-dir",
        mkdir(PREOPEN, "../spindle-wasi-escape-dir"),
        &DENIED,
    );
    t.err("path_create_directory /tmp/spindle-wasi-escape-dir (absolute)", mkdir(PREOPEN, "/tmp/spindle-wasi-escape-dir"), &DENIED);
    t.err(
        "path_link a sandbox file to ../spindle-wasi-escape-link",
        unsafe { wasi::path_link(PREOPEN, 0, "sandbox.d/inside.txt", PREOPEN, "../spindle-wasi-escape-link") },
        &DENIED,
    );
    t.err(
        "path_link /etc/passwd (absolute) into the sandbox",
        unsafe { wasi::path_link(PREOPEN, 0, "/etc/passwd", PREOPEN, "sandbox.d/pw1") },
        &DENIED,
    );
    t.err(
        "path_link ../../..(...)/etc/passwd into the sandbox",
        unsafe { wasi::path_link(PREOPEN, 0, &format!("{TO_ROOT}/etc/passwd"), PREOPEN, "sandbox.d/pw2") },
        &DENIED,
    );
    t.err(
        "path_rename a sandbox file to ../spindle-wasi-escape-renamed",
        unsafe { wasi::path_rename(PREOPEN, "sandbox.d/inside.txt", PREOPEN, "../spindle-wasi-escape-renamed") },
        &DENIED,
    );
    t.err(
        "path_rename a sandbox file to /tmp/spindle-wasi-escape-renamed (absolute)",
        unsafe { wasi::path_rename(PREOPEN, "sandbox.d/inside.txt", PREOPEN, "/tmp/spindle-wasi-escape-renamed") },
        &DENIED,
    );
    t.err(
        "path_symlink with the new link outside (../spindle-wasi-escape-symlink)",
        unsafe { wasi::path_symlink("sandbox.d/inside.txt", PREOPEN, "../spindle-wasi-escape-symlink") },
        &DENIED,
    );
    t.err(
        "path_unlink_file ../spindle-wasi-no-such-file",
        unlink(PREOPEN, "../spindle-wasi-no-such-file"),
        &DENIED,
    );
    t.err(
        "path_filestat_set_times on \"..\"",
        unsafe { wasi::path_filestat_set_times(PREOPEN, 0, "..", 0, 0, wasi::FSTFLAGS_ATIM_NOW) },
        &DENIED,
    );
}
