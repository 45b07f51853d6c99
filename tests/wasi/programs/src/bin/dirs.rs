//! Directories and names: path_create_directory, fd_readdir with cookies,
//! path_remove_directory, path_unlink_file, path_rename, path_link,
//! path_symlink / path_readlink, and ENOENT cases. Everything happens inside
//! `dirs.d/` in the preopen.

use std::collections::BTreeMap;

use spindle_wasi_tests::*;

const WORKDIR: &str = "dirs.d";
const NOENT: [Errno; 1] = [wasi::ERRNO_NOENT];

fn main() {
    let mut t = Checks::new("dirs");
    let Some(w) = fresh_workdir(&mut t, WORKDIR) else { t.finish() };

    create_directory(&mut t, w);
    readdir(&mut t, w);
    remove(&mut t, w);
    rename(&mut t, w);
    hard_links(&mut t, w);
    symlinks(&mut t, w);
    missing(&mut t, w);

    cleanup_workdir(&mut t, w, WORKDIR);
    t.finish()
}

fn is_dir(dir: Fd, path: &str) -> bool {
    lstat(dir, path).map(|s| s.filetype == wasi::FILETYPE_DIRECTORY).unwrap_or(false)
}

/// path_create_directory, EEXIST, nested directories.
fn create_directory(t: &mut Checks, w: Fd) {
    t.ok("path_create_directory d1", mkdir(w, "d1"));
    t.check(is_dir(w, "d1"), "d1 is a directory", "path_filestat_get does not say DIRECTORY");
    t.err("path_create_directory d1 again", mkdir(w, "d1"), &[wasi::ERRNO_EXIST]);
    t.ok("path_create_directory d1/d2 (nested)", mkdir(w, "d1/d2"));
    t.check(is_dir(w, "d1/d2"), "d1/d2 is a directory", "path_filestat_get does not say DIRECTORY");
    t.err("path_create_directory in a missing parent (nope/x)", mkdir(w, "nope/x"), &NOENT);
    let _ = write_file(w, "plain.txt", b"x");
    t.err("path_create_directory over an existing file", mkdir(w, "plain.txt"), &[wasi::ERRNO_EXIST]);
    t.err(
        "path_create_directory below a file (plain.txt/x)",
        mkdir(w, "plain.txt/x"),
        &[wasi::ERRNO_NOTDIR, wasi::ERRNO_NOENT],
    );
    if let Ok(fd) = open_dir(w, "d1") {
        t.ok("path_create_directory relative to a non-preopen dir fd", mkdir(fd, "d3"));
        let _ = close(fd);
        t.check(is_dir(w, "d1/d3"), "d1/d3 was created through the d1 fd", "missing");
    }
}

/// fd_readdir: small buffers, resuming from cookies, every name once.
fn readdir(t: &mut Checks, w: Fd) {
    const N: usize = 50;
    let _ = mkdir(w, "many");
    let mut created = 0;
    for i in 0..N {
        // Names of varying length, to shift the entry boundaries around.
        let name = format!("many/file-{i:02}{}", "x".repeat(i % 7));
        if write_file(w, &name, b"").is_ok() {
            created += 1;
        }
    }
    t.eq("created 50 files in many/", created, N);
    t.ok("path_create_directory many/sub", mkdir(w, "many/sub"));
    let mut expected: Vec<String> = (0..N).map(|i| format!("file-{i:02}{}", "x".repeat(i % 7))).collect();
    expected.push("sub".into());
    expected.sort();

    let Some(fd) = t.ok("open many/ as a directory", open_dir(w, "many")) else { return };

    // Read with several buffer sizes, including ones smaller than one entry.
    let mut reference: Option<Vec<Entry>> = None;
    for buf_len in [1usize, 24, 40, 64, 100, 256, 4096, 65536] {
        let what = format!("fd_readdir with a {buf_len}-byte buffer");
        match read_dir_with(fd, buf_len, 0) {
            Ok((entries, stats)) => {
                t.pass(format_args!("{what} ({} calls, {} cut-off)", stats.calls, stats.truncated));
                let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
                for e in &entries {
                    *counts.entry(e.name.as_str()).or_default() += 1;
                }
                let dups: Vec<_> = counts.iter().filter(|(_, c)| **c > 1).map(|(n, _)| *n).collect();
                t.check(dups.is_empty(), format_args!("{what}: no name seen twice"), format!("duplicates: {dups:?}"));
                let mut names: Vec<String> = counts.keys().filter(|n| **n != "." && **n != "..").map(|n| n.to_string()).collect();
                names.sort();
                t.check(
                    names == expected,
                    format_args!("{what}: all 51 names seen (\".\" and \"..\" tolerated)"),
                    format!("got {} names: {names:?}", names.len()),
                );
                if buf_len == 65536 {
                    reference = Some(entries);
                }
            }
            Err(e) => t.fail(what, en(e)),
        }
    }

    if let Some(all) = reference {
        // File types.
        let wrong: Vec<_> = all
            .iter()
            .filter(|e| e.name != "." && e.name != "..")
            .filter(|e| {
                let want = if e.name == "sub" { wasi::FILETYPE_DIRECTORY } else { wasi::FILETYPE_REGULAR_FILE };
                e.kind != want
            })
            .map(|e| format!("{}={}", e.name, ftn(e.kind)))
            .collect();
        t.check(wrong.is_empty(), "fd_readdir d_type: REGULAR_FILE for files, DIRECTORY for sub", format!("{wrong:?}"));
        // `.` and `..`, if present, are directories.
        let dots_ok = all.iter().filter(|e| e.name == "." || e.name == "..").all(|e| e.kind == wasi::FILETYPE_DIRECTORY);
        t.check(dots_ok, "\".\" and \"..\" (if listed) are DIRECTORY", "wrong d_type");
        // Each d_next cookie resumes right after its entry.
        let mut bad = Vec::new();
        for k in [0usize, 1, 2, all.len() / 2, all.len() - 2, all.len() - 1] {
            match read_dir_with(fd, 4096, all[k].next) {
                Ok((rest, _)) => {
                    let want: Vec<&str> = all[k + 1..].iter().map(|e| e.name.as_str()).collect();
                    let got: Vec<&str> = rest.iter().map(|e| e.name.as_str()).collect();
                    if got != want {
                        bad.push(format!("after entry {k}: got {} names, want {}", got.len(), want.len()));
                    }
                }
                Err(e) => bad.push(format!("after entry {k}: {}", en(e))),
            }
        }
        t.check(bad.is_empty(), "fd_readdir resuming from d_next cookies lists exactly the remaining entries", format!("{bad:?}"));
        // Cookie 0 starts over.
        let again = read_dir_with(fd, 4096, 0).map(|(e, _)| e.len());
        t.eq("fd_readdir from cookie 0 again lists everything", again, Ok(all.len()));
    }

    // After unlinking a file it is no longer listed.
    let _ = unlink(w, &format!("many/{}", expected[0]));
    match read_dir_with(fd, 4096, 0) {
        Ok((entries, _)) => {
            t.check(
                !entries.iter().any(|e| e.name == expected[0]) && entries.len() >= N,
                "fd_readdir no longer lists an unlinked file",
                format!("{} entries", entries.len()),
            );
        }
        Err(e) => t.fail("fd_readdir after unlink", en(e)),
    };
    let _ = close(fd);

    // fd_readdir on a file descriptor that is not a directory.
    if let Ok(ffd) = open_rw(w, "plain.txt") {
        let mut buf = [0u8; 256];
        t.err(
            "fd_readdir on a regular file",
            unsafe { wasi::fd_readdir(ffd, buf.as_mut_ptr(), buf.len(), 0) },
            &[wasi::ERRNO_NOTDIR, wasi::ERRNO_BADF, wasi::ERRNO_NOTCAPABLE],
        );
        let _ = close(ffd);
    }

    // An empty directory lists nothing but (maybe) . and ..
    let _ = mkdir(w, "empty");
    t.eq("an empty directory lists no names", list(w, "empty"), Ok(vec![]));
}

/// path_remove_directory and path_unlink_file.
fn remove(t: &mut Checks, w: Fd) {
    let _ = mkdir(w, "r");
    let _ = mkdir(w, "r/inner");
    let _ = write_file(w, "r/file.txt", b"x");

    t.err("path_remove_directory on a non-empty directory", rmdir(w, "r"), &[wasi::ERRNO_NOTEMPTY]);
    t.err("path_remove_directory on a file", rmdir(w, "r/file.txt"), &[wasi::ERRNO_NOTDIR]);
    t.err("path_remove_directory on a missing path", rmdir(w, "r/missing"), &NOENT);
    // Unlinking a directory: Linux unlinkat(2) says EISDIR, POSIX (and macOS)
    // say EPERM; runtimes pass on whatever their host says, so accept both.
    t.err("path_unlink_file on a directory", unlink(w, "r/inner"), &[wasi::ERRNO_ISDIR, wasi::ERRNO_PERM]);
    t.check(is_dir(w, "r/inner"), "the directory survived path_unlink_file", "it is gone");

    t.ok("path_unlink_file on a file", unlink(w, "r/file.txt"));
    t.err("the unlinked file is gone", stat(w, "r/file.txt").map(|s| s.size), &NOENT);
    t.err("path_unlink_file on it again", unlink(w, "r/file.txt"), &NOENT);
    t.ok("path_remove_directory on an empty directory", rmdir(w, "r/inner"));
    t.err("the removed directory is gone", stat(w, "r/inner").map(|s| s.size), &NOENT);
    t.ok("path_remove_directory on the now-empty parent", rmdir(w, "r"));

    // A file that is open can still be unlinked; the open fd keeps working.
    let _ = write_file(w, "open.txt", b"still here");
    if let Ok(fd) = open_rw(w, "open.txt") {
        t.ok("path_unlink_file on an open file", unlink(w, "open.txt"));
        t.bytes("the open fd still reads the data", &read_to_end(fd).unwrap_or_default(), b"still here");
        let _ = close(fd);
    }
}

/// path_rename for files and directories, across directories and dir fds.
fn rename(t: &mut Checks, w: Fd) {
    let rn = |a: &str, b: &str| unsafe { wasi::path_rename(w, a, w, b) };
    let _ = mkdir(w, "x");
    let _ = mkdir(w, "y");
    let _ = write_file(w, "x/a.txt", b"AAA");

    t.ok("path_rename a file within a directory", rn("x/a.txt", "x/b.txt"));
    t.err("old name is gone after rename", stat(w, "x/a.txt").map(|s| s.size), &NOENT);
    t.bytes("new name has the contents", &read_file(w, "x/b.txt").unwrap_or_default(), b"AAA");

    t.ok("path_rename a file into another directory", rn("x/b.txt", "y/c.txt"));
    t.bytes("moved file has the contents", &read_file(w, "y/c.txt").unwrap_or_default(), b"AAA");
    t.err("moved file is gone from the old directory", stat(w, "x/b.txt").map(|s| s.size), &NOENT);

    // Using two different directory descriptors.
    if let (Ok(fx), Ok(fy)) = (open_dir(w, "x"), open_dir(w, "y")) {
        t.ok("path_rename between two directory fds", unsafe { wasi::path_rename(fy, "c.txt", fx, "d.txt") });
        t.bytes("file moved through two fds has the contents", &read_file(w, "x/d.txt").unwrap_or_default(), b"AAA");
        let _ = close(fx);
        let _ = close(fy);
    }

    // Rename over an existing file replaces it.
    let _ = write_file(w, "x/e.txt", b"EEE");
    t.ok("path_rename onto an existing file", rn("x/d.txt", "x/e.txt"));
    t.bytes("the target was replaced", &read_file(w, "x/e.txt").unwrap_or_default(), b"AAA");

    // Directories, with their contents.
    let _ = mkdir(w, "dA");
    let _ = write_file(w, "dA/inside.txt", b"in");
    t.ok("path_rename a directory", rn("dA", "dB"));
    t.check(is_dir(w, "dB") && !is_dir(w, "dA"), "the directory moved", "dA still there or dB missing");
    t.bytes("the renamed directory kept its contents", &read_file(w, "dB/inside.txt").unwrap_or_default(), b"in");
    t.ok("path_rename a directory into another directory", rn("dB", "y/dC"));
    t.bytes("nested move kept the contents", &read_file(w, "y/dC/inside.txt").unwrap_or_default(), b"in");

    // Errors.
    t.err("path_rename a missing file", rn("x/missing", "x/z"), &NOENT);
    let _ = mkdir(w, "full");
    let _ = write_file(w, "full/f", b"");
    let _ = mkdir(w, "dD");
    t.err("path_rename a directory onto a non-empty directory", rn("dD", "full"), &[wasi::ERRNO_NOTEMPTY, wasi::ERRNO_EXIST]);
    t.err("path_rename a file onto a directory", rn("x/e.txt", "dD"), &[wasi::ERRNO_ISDIR]);
    t.err("path_rename a directory onto a file", rn("dD", "x/e.txt"), &[wasi::ERRNO_NOTDIR]);
    t.err("path_rename a directory into itself", rn("dD", "dD/sub"), &[wasi::ERRNO_INVAL]);
    // Renaming a directory onto an empty directory replaces it.
    let _ = mkdir(w, "emptyE");
    t.ok("path_rename a directory onto an empty directory", rn("dD", "emptyE"));
    t.check(is_dir(w, "emptyE") && !is_dir(w, "dD"), "the empty target was replaced", "wrong state");
}

/// path_link (hard links).
fn hard_links(t: &mut Checks, w: Fd) {
    let _ = write_file(w, "orig.txt", b"linked");
    t.ok("path_link orig.txt -> hard.txt", unsafe { wasi::path_link(w, 0, "orig.txt", w, "hard.txt") });
    let a = stat(w, "orig.txt");
    let b = stat(w, "hard.txt");
    t.eq("both names have nlink 2", (a.map(|s| s.nlink), b.map(|s| s.nlink)), (Ok(2), Ok(2)));
    t.eq("both names have the same inode", a.map(|s| s.ino), b.map(|s| s.ino));
    t.bytes("the link reads the same data", &read_file(w, "hard.txt").unwrap_or_default(), b"linked");
    if let Ok(fd) = open_rw(w, "hard.txt") {
        let _ = pwrite_all(fd, b"LINKED", 0);
        let _ = close(fd);
    }
    t.bytes("a write through one name is seen through the other", &read_file(w, "orig.txt").unwrap_or_default(), b"LINKED");

    let _ = mkdir(w, "ldir");
    if let Ok(ld) = open_dir(w, "ldir") {
        t.ok("path_link into another directory through another fd", unsafe { wasi::path_link(w, 0, "orig.txt", ld, "third.txt") });
        let _ = close(ld);
        t.eq("nlink is 3 after a third link", stat(w, "orig.txt").map(|s| s.nlink), Ok(3));
    }
    t.err("path_link onto an existing name", unsafe { wasi::path_link(w, 0, "orig.txt", w, "hard.txt") }, &[wasi::ERRNO_EXIST]);
    t.err("path_link of a missing file", unsafe { wasi::path_link(w, 0, "missing.txt", w, "new.txt") }, &NOENT);
    t.err(
        "path_link of a directory",
        unsafe { wasi::path_link(w, 0, "ldir", w, "ldir2") },
        &[wasi::ERRNO_PERM, wasi::ERRNO_ACCES, wasi::ERRNO_ISDIR],
    );

    t.ok("path_unlink_file the original name", unlink(w, "orig.txt"));
    t.bytes("the hard link still has the data", &read_file(w, "hard.txt").unwrap_or_default(), b"LINKED");
    t.eq("nlink drops to 2", stat(w, "hard.txt").map(|s| s.nlink), Ok(2));
}

/// path_symlink, path_readlink, and following (or not) symlinks.
fn symlinks(t: &mut Checks, w: Fd) {
    let _ = write_file(w, "target.txt", b"pointed to");
    t.ok("path_symlink sym -> target.txt", unsafe { wasi::path_symlink("target.txt", w, "sym") });
    t.eq("path_readlink sym", readlink(w, "sym"), Ok("target.txt".to_string()));
    let mut small = [0u8; 4];
    // A short buffer gets a truncated target (and the count written).
    match unsafe { wasi::path_readlink(w, "sym", small.as_mut_ptr(), small.len()) } {
        Ok(n) if n <= 4 && small[..n] == b"target.txt"[..n] => t.pass(format_args!("path_readlink into a 4-byte buffer returns {n} bytes")),
        Err(e) if e == wasi::ERRNO_RANGE || e == wasi::ERRNO_NAMETOOLONG => {
            t.pass(format_args!("path_readlink into a 4-byte buffer -> {}", en(e)))
        }
        other => t.fail("path_readlink into a 4-byte buffer", format!("{other:?} {small:?}")),
    }
    if let Some(st) = t.ok("path_filestat_get sym without SYMLINK_FOLLOW", lstat(w, "sym")) {
        t.eq("without follow the type is SYMBOLIC_LINK", ftn(st.filetype), "SYMBOLIC_LINK");
    }
    if let Some(st) = t.ok("path_filestat_get sym with SYMLINK_FOLLOW", stat(w, "sym")) {
        t.eq("with follow the type is REGULAR_FILE", ftn(st.filetype), "REGULAR_FILE");
        t.eq("with follow the size is the target's", st.size, 10);
    }
    t.bytes("path_open through the symlink reads the target", &read_file(w, "sym").unwrap_or_default(), b"pointed to");
    t.err(
        "path_open a symlink without SYMLINK_FOLLOW",
        unsafe { wasi::path_open(w, 0, "sym", 0, RIGHTS_FILE_RO, 0, 0) },
        &[wasi::ERRNO_LOOP, wasi::ERRNO_MLINK],
    );
    t.err("path_symlink onto an existing name", unsafe { wasi::path_symlink("x", w, "sym") }, &[wasi::ERRNO_EXIST]);
    t.err("path_readlink on a regular file", readlink(w, "target.txt"), &[wasi::ERRNO_INVAL]);
    t.err("path_readlink on a missing path", readlink(w, "nolink"), &NOENT);

    // Dangling links.
    t.ok("path_symlink to a missing target", unsafe { wasi::path_symlink("nowhere.txt", w, "dangling") });
    t.eq("path_readlink of a dangling link", readlink(w, "dangling"), Ok("nowhere.txt".to_string()));
    t.eq("lstat of a dangling link is SYMBOLIC_LINK", lstat(w, "dangling").map(|s| ftn(s.filetype)), Ok("SYMBOLIC_LINK"));
    t.err("stat (follow) of a dangling link", stat(w, "dangling").map(|s| s.size), &NOENT);

    // A symlink to a directory can be traversed.
    let _ = mkdir(w, "realdir");
    let _ = write_file(w, "realdir/f.txt", b"via dir link");
    t.ok("path_symlink dirlink -> realdir", unsafe { wasi::path_symlink("realdir", w, "dirlink") });
    t.bytes("open a file through a directory symlink", &read_file(w, "dirlink/f.txt").unwrap_or_default(), b"via dir link");
    // A relative symlink in a subdirectory resolves relative to that subdirectory.
    t.ok("path_symlink realdir/up -> ../target.txt", unsafe { wasi::path_symlink("../target.txt", w, "realdir/up") });
    t.bytes("a ../ symlink inside the sandbox resolves", &read_file(w, "realdir/up").unwrap_or_default(), b"pointed to");

    // Removing a symlink removes the link, not the target.
    t.ok("path_unlink_file on a symlink", unlink(w, "sym"));
    t.bytes("the target survives", &read_file(w, "target.txt").unwrap_or_default(), b"pointed to");
    t.ok("path_unlink_file on a symlink to a directory", unlink(w, "dirlink"));
    t.check(is_dir(w, "realdir"), "the directory target survives", "it is gone");
}

/// ENOENT from every path function on a missing name.
fn missing(t: &mut Checks, w: Fd) {
    let m = "no-such-entry";
    t.err("path_open on a missing name", open(w, m, 0, RIGHTS_FILE_RO, 0), &NOENT);
    t.err("path_open DIRECTORY on a missing name", open_dir(w, m), &NOENT);
    t.err("path_filestat_get on a missing name", stat(w, m).map(|s| s.size), &NOENT);
    t.err("path_remove_directory on a missing name", rmdir(w, m), &NOENT);
    t.err("path_unlink_file on a missing name", unlink(w, m), &NOENT);
    t.err("path_rename from a missing name", unsafe { wasi::path_rename(w, m, w, "other") }, &NOENT);
    t.err("path_link from a missing name", unsafe { wasi::path_link(w, 0, m, w, "other") }, &NOENT);
    t.err("path_readlink on a missing name", readlink(w, m), &NOENT);
    t.err("path_open in a missing directory", open(w, "no-such-dir/f", 0, RIGHTS_FILE_RO, 0), &NOENT);
    t.err("path_rename into a missing directory", unsafe { wasi::path_rename(w, "plain.txt", w, "no-such-dir/f") }, &NOENT);
    t.err("path_symlink in a missing directory", unsafe { wasi::path_symlink("x", w, "no-such-dir/l") }, &NOENT);
}
