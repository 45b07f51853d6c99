//! Regular files in the preopened directory: path_open flags and errors,
//! reads and writes (plain, positional, vectored), seeking, file stats and
//! times, sync/advise/allocate, fdflags (APPEND), rights, a large file, and
//! EISDIR cases. Everything happens inside `files.d/` in the preopen.

use spindle_wasi_tests::*;

const WORKDIR: &str = "files.d";
const SECOND: u64 = 1_000_000_000;

fn main() {
    let mut t = Checks::new("files");
    let Some(w) = fresh_workdir(&mut t, WORKDIR) else { t.finish() };

    open_flags(&mut t, w);
    read_write_seek(&mut t, w);
    stats_and_size(&mut t, w);
    times(&mut t, w);
    sync_advise_allocate(&mut t, w);
    append(&mut t, w);
    rights(&mut t, w);
    large_file(&mut t, w);
    directories(&mut t, w);

    cleanup_workdir(&mut t, w, WORKDIR);
    t.finish()
}

/// path_open with CREAT / EXCL / TRUNC / DIRECTORY and their errors.
fn open_flags(t: &mut Checks, w: Fd) {
    use wasi::{OFLAGS_CREAT as CREAT, OFLAGS_DIRECTORY as DIRECTORY, OFLAGS_EXCL as EXCL, OFLAGS_TRUNC as TRUNC};

    if let Some(fd) = t.ok("path_open CREAT|EXCL a new file", open(w, "new.txt", CREAT | EXCL, RIGHTS_FILE_RW, 0)) {
        if let Ok(st) = fdstat(fd) {
            t.eq("new file's fdstat file type is REGULAR_FILE", ftn(st.fs_filetype), "REGULAR_FILE");
        }
        t.ok("write to the new file", write_all(fd, b"0123456789"));
        t.ok("fd_close the new file", close(fd));
    }
    t.err(
        "path_open CREAT|EXCL on an existing file",
        open(w, "new.txt", CREAT | EXCL, RIGHTS_FILE_RW, 0),
        &[wasi::ERRNO_EXIST],
    );
    t.err("path_open without CREAT on a missing file", open(w, "missing.txt", 0, RIGHTS_FILE_RW, 0), &[wasi::ERRNO_NOENT]);
    t.err(
        "path_open CREAT in a missing directory",
        open(w, "nodir/x.txt", CREAT, RIGHTS_FILE_RW, 0),
        &[wasi::ERRNO_NOENT],
    );
    t.err(
        "path_open DIRECTORY on a regular file",
        open(w, "new.txt", DIRECTORY, RIGHTS_DIR, 0),
        &[wasi::ERRNO_NOTDIR],
    );
    t.err(
        "path_open through a regular file used as a directory (new.txt/x)",
        open(w, "new.txt/x", 0, RIGHTS_FILE_RW, 0),
        &[wasi::ERRNO_NOTDIR],
    );

    // CREAT without EXCL on an existing file opens it untouched.
    if let Some(fd) = t.ok("path_open CREAT on an existing file", open(w, "new.txt", CREAT, RIGHTS_FILE_RW, 0)) {
        t.bytes("CREAT without TRUNC keeps the contents", &read_to_end(fd).unwrap_or_default(), b"0123456789");
        let _ = close(fd);
    }
    // TRUNC empties it.
    if let Some(fd) = t.ok("path_open TRUNC on an existing file", open(w, "new.txt", TRUNC, RIGHTS_FILE_RW, 0)) {
        t.eq("TRUNC leaves the file empty (size)", filestat(fd).map(|s| s.size), Ok(0));
        t.bytes("TRUNC leaves the file empty (read)", &read_to_end(fd).unwrap_or_default(), b"");
        let _ = close(fd);
    }
    // path_open of "." with DIRECTORY works and gives a directory.
    if let Some(fd) = t.ok("path_open \".\" with DIRECTORY", open_dir(w, ".")) {
        t.eq("\".\" is a DIRECTORY", fdstat(fd).map(|s| ftn(s.fs_filetype)), Ok("DIRECTORY"));
        let _ = close(fd);
    }
}

/// fd_write / fd_read / fd_pwrite / fd_pread / fd_seek / fd_tell, vectored I/O.
fn read_write_seek(t: &mut Checks, w: Fd) {
    let Some(fd) = t.ok("create rw.txt", create(w, "rw.txt")) else { return };

    t.eq("fd_write \"hello world\" returns 11", write(fd, b"hello world"), Ok(11));
    t.eq("fd_tell after writing 11 bytes", tell(fd), Ok(11));
    t.eq("fd_seek(0, SET) returns 0", seek(fd, 0, wasi::WHENCE_SET), Ok(0));
    t.bytes("fd_read reads back what was written", &read_to_end(fd).unwrap_or_default(), b"hello world");
    let mut buf = [0u8; 16];
    t.eq("fd_read at end of file returns 0", read(fd, &mut buf), Ok(0));

    // Positional I/O does not move the file position.
    let _ = seek(fd, 2, wasi::WHENCE_SET);
    t.ok("fd_pwrite \"HELLO\" at offset 0", pwrite_all(fd, b"HELLO", 0));
    t.eq("fd_pwrite does not move the position", tell(fd), Ok(2));
    t.bytes("fd_pread 5 bytes at offset 6", &pread_upto(fd, 5, 6).unwrap_or_default(), b"world");
    t.bytes("fd_pread sees the fd_pwrite data", &pread_upto(fd, 11, 0).unwrap_or_default(), b"HELLO world");
    t.eq("fd_pread does not move the position", tell(fd), Ok(2));
    t.bytes("fd_pread past the end returns nothing", &pread_upto(fd, 4, 100).unwrap_or_default(), b"");
    t.ok("fd_pwrite past the end (offset 20)", pwrite_all(fd, b"END", 20));
    t.eq("the file grew to 23 bytes", filestat(fd).map(|s| s.size), Ok(23));
    t.bytes(
        "the gap left by fd_pwrite reads as zeros",
        &pread_upto(fd, 23, 0).unwrap_or_default(),
        b"HELLO world\0\0\0\0\0\0\0\0\0END",
    );

    // fd_seek with every whence.
    t.eq("fd_seek(3, SET)", seek(fd, 3, wasi::WHENCE_SET), Ok(3));
    t.eq("fd_seek(2, CUR)", seek(fd, 2, wasi::WHENCE_CUR), Ok(5));
    t.eq("fd_seek(-1, CUR)", seek(fd, -1, wasi::WHENCE_CUR), Ok(4));
    t.eq("fd_tell after seeks", tell(fd), Ok(4));
    let mut one = [0u8; 1];
    t.eq("fd_read after seeking reads from the new position (1 byte)", read(fd, &mut one).map(|n| (n, one[0])), Ok((1, b'O')));
    t.eq("fd_seek(0, END) returns the size", seek(fd, 0, wasi::WHENCE_END), Ok(23));
    t.eq("fd_seek(-3, END)", seek(fd, -3, wasi::WHENCE_END), Ok(20));
    t.bytes("read after fd_seek(-3, END)", &read_to_end(fd).unwrap_or_default(), b"END");
    t.err("fd_seek(-1, SET) (negative position)", seek(fd, -1, wasi::WHENCE_SET), &[wasi::ERRNO_INVAL]);
    t.err("fd_seek(-100, CUR) (before the start)", seek(fd, -100, wasi::WHENCE_CUR), &[wasi::ERRNO_INVAL]);
    t.eq("a failed seek leaves the position alone", tell(fd), Ok(23));

    // Seeking past the end and writing leaves a hole of zeros.
    t.eq("fd_seek(30, SET) past the end", seek(fd, 30, wasi::WHENCE_SET), Ok(30));
    t.eq("seeking past the end does not change the size", filestat(fd).map(|s| s.size), Ok(23));
    t.ok("write after seeking past the end", write_all(fd, b"!"));
    t.eq("size after writing past the end", filestat(fd).map(|s| s.size), Ok(31));
    t.bytes("the hole reads as zeros", &pread_upto(fd, 8, 23).unwrap_or_default(), b"\0\0\0\0\0\0\0!");

    // Vectored read: the bytes returned are spread over the buffers in order.
    // A host may return fewer bytes than the buffers hold (short read).
    let mut a = [0u8; 4];
    let mut b = [0u8; 8];
    let iovs = [
        wasi::Iovec { buf: a.as_mut_ptr(), buf_len: a.len() },
        wasi::Iovec { buf: b.as_mut_ptr(), buf_len: b.len() },
    ];
    match unsafe { wasi::fd_pread(fd, &iovs, 0) } {
        Ok(n) if (1..=12).contains(&n) => {
            let got: Vec<u8> = a.iter().chain(b.iter()).copied().take(n).collect();
            t.bytes(format_args!("fd_pread into 2 iovecs ({n} bytes) scatters in order"), &got, &b"HELLO world\0"[..n]);
        }
        other => t.fail("fd_pread into 2 iovecs", format!("{other:?}")),
    }
    let _ = seek(fd, 0, wasi::WHENCE_SET);
    let mut a = [0u8; 5];
    let mut b = [0u8; 6];
    let iovs = [
        wasi::Iovec { buf: a.as_mut_ptr(), buf_len: a.len() },
        wasi::Iovec { buf: b.as_mut_ptr(), buf_len: b.len() },
    ];
    match unsafe { wasi::fd_read(fd, &iovs) } {
        Ok(n) if (1..=11).contains(&n) => {
            let got: Vec<u8> = a.iter().chain(b.iter()).copied().take(n).collect();
            t.bytes(format_args!("fd_read into 2 iovecs ({n} bytes) scatters in order"), &got, &b"HELLO world"[..n]);
            t.eq("fd_read into 2 iovecs advances the position by the count", tell(fd), Ok(n as u64));
        }
        other => t.fail("fd_read into 2 iovecs", format!("{other:?}")),
    }
    // Vectored write: gathered in order, possibly short.
    let _ = seek(fd, 0, wasi::WHENCE_SET);
    let parts: [&[u8]; 2] = [b"ab", b"cd"];
    let ciovs: Vec<wasi::Ciovec> = parts.iter().map(|p| wasi::Ciovec { buf: p.as_ptr(), buf_len: p.len() }).collect();
    match unsafe { wasi::fd_write(fd, &ciovs) } {
        Ok(n) if (1..=4).contains(&n) => {
            let _ = write_all(fd, &b"abcd"[n..]);
            t.bytes(
                format_args!("fd_write from 2 iovecs ({n} bytes, rest looped) gathers in order"),
                &pread_upto(fd, 6, 0).unwrap_or_default(),
                b"abcdO ",
            );
        }
        other => t.fail("fd_write from 2 iovecs", format!("{other:?}")),
    }

    t.ok("fd_close rw.txt", close(fd));
}

/// fd_filestat_get, path_filestat_get, fd_filestat_set_size.
fn stats_and_size(t: &mut Checks, w: Fd) {
    let _ = write_file(w, "stat.txt", b"0123456789");
    let Some(fd) = t.ok("open stat.txt", open_rw(w, "stat.txt")) else { return };
    if let Some(st) = t.ok("fd_filestat_get", filestat(fd)) {
        t.eq("fd_filestat_get file type", ftn(st.filetype), "REGULAR_FILE");
        t.eq("fd_filestat_get size", st.size, 10);
        t.eq("fd_filestat_get nlink", st.nlink, 1);
        if let Some(ps) = t.ok("path_filestat_get", stat(w, "stat.txt")) {
            t.eq("path_filestat_get file type", ftn(ps.filetype), "REGULAR_FILE");
            t.eq("path_filestat_get size", ps.size, 10);
            t.eq("path_filestat_get and fd_filestat_get agree on dev/ino", (ps.dev, ps.ino), (st.dev, st.ino));
        }
    }
    t.err("path_filestat_get on a missing file", stat(w, "missing.txt").map(|s| s.size), &[wasi::ERRNO_NOENT]);

    t.ok("fd_filestat_set_size shrink to 4", unsafe { wasi::fd_filestat_set_size(fd, 4) });
    t.eq("size after shrinking", filestat(fd).map(|s| s.size), Ok(4));
    t.bytes("contents after shrinking", &pread_upto(fd, 100, 0).unwrap_or_default(), b"0123");
    t.ok("fd_filestat_set_size grow to 8", unsafe { wasi::fd_filestat_set_size(fd, 8) });
    t.eq("size after growing", filestat(fd).map(|s| s.size), Ok(8));
    t.bytes("growing pads with zeros", &pread_upto(fd, 100, 0).unwrap_or_default(), b"0123\0\0\0\0");
    t.eq("fd_filestat_set_size does not move the position", tell(fd), Ok(0));
    let _ = close(fd);
}

/// fd_filestat_set_times and path_filestat_set_times.
fn times(t: &mut Checks, w: Fd) {
    use wasi::{FSTFLAGS_ATIM as ATIM, FSTFLAGS_ATIM_NOW as ATIM_NOW, FSTFLAGS_MTIM as MTIM, FSTFLAGS_MTIM_NOW as MTIM_NOW};
    let _ = write_file(w, "times.txt", b"t");
    let Some(fd) = t.ok("open times.txt", open_rw(w, "times.txt")) else { return };

    // Whole seconds, so that coarse host timestamps can store them exactly.
    let atim = 1_600_000_000 * SECOND;
    let mtim = 1_500_000_000 * SECOND;
    t.ok("fd_filestat_set_times ATIM|MTIM", unsafe { wasi::fd_filestat_set_times(fd, atim, mtim, ATIM | MTIM) });
    if let Ok(st) = filestat(fd) {
        t.eq("atim after fd_filestat_set_times", st.atim, atim);
        t.eq("mtim after fd_filestat_set_times", st.mtim, mtim);
    }
    // Only MTIM: atim stays.
    let mtim2 = 1_400_000_000 * SECOND;
    t.ok("fd_filestat_set_times MTIM only", unsafe { wasi::fd_filestat_set_times(fd, 0, mtim2, MTIM) });
    if let Ok(st) = filestat(fd) {
        t.eq("mtim changed, atim kept", (st.atim, st.mtim), (atim, mtim2));
    }
    // MTIM_NOW: close to the current real time.
    let before = now(wasi::CLOCKID_REALTIME);
    t.ok("fd_filestat_set_times MTIM_NOW", unsafe { wasi::fd_filestat_set_times(fd, 0, 0, MTIM_NOW) });
    if let Ok(st) = filestat(fd) {
        t.check(
            st.mtim + 5 * SECOND >= before && st.mtim <= before + 5 * SECOND,
            "MTIM_NOW sets mtim to the current time",
            format!("mtim = {}, realtime = {before}", st.mtim),
        );
    }
    t.err(
        "fd_filestat_set_times with both ATIM and ATIM_NOW",
        unsafe { wasi::fd_filestat_set_times(fd, atim, 0, ATIM | ATIM_NOW) },
        &[wasi::ERRNO_INVAL],
    );
    let _ = close(fd);

    // The same through a path.
    let (atim, mtim) = (1_300_000_000 * SECOND, 1_200_000_000 * SECOND);
    t.ok("path_filestat_set_times ATIM|MTIM", unsafe {
        wasi::path_filestat_set_times(w, wasi::LOOKUPFLAGS_SYMLINK_FOLLOW, "times.txt", atim, mtim, ATIM | MTIM)
    });
    if let Ok(st) = stat(w, "times.txt") {
        t.eq("times after path_filestat_set_times", (st.atim, st.mtim), (atim, mtim));
    }
    let before = now(wasi::CLOCKID_REALTIME);
    t.ok("path_filestat_set_times ATIM_NOW|MTIM_NOW", unsafe {
        wasi::path_filestat_set_times(w, wasi::LOOKUPFLAGS_SYMLINK_FOLLOW, "times.txt", 0, 0, ATIM_NOW | MTIM_NOW)
    });
    if let Ok(st) = stat(w, "times.txt") {
        t.check(
            st.mtim + 5 * SECOND >= before && st.mtim <= before + 5 * SECOND,
            "path_filestat_set_times MTIM_NOW sets mtim to the current time",
            format!("mtim = {}, realtime = {before}", st.mtim),
        );
    }
    t.err(
        "path_filestat_set_times with both MTIM and MTIM_NOW",
        unsafe { wasi::path_filestat_set_times(w, 0, "times.txt", 0, mtim, MTIM | MTIM_NOW) },
        &[wasi::ERRNO_INVAL],
    );
    t.err(
        "path_filestat_set_times on a missing file",
        unsafe { wasi::path_filestat_set_times(w, 0, "missing.txt", atim, mtim, ATIM | MTIM) },
        &[wasi::ERRNO_NOENT],
    );
}

/// fd_sync, fd_datasync, fd_advise, fd_allocate.
fn sync_advise_allocate(t: &mut Checks, w: Fd) {
    let _ = write_file(w, "sync.txt", b"0123456789");
    let Some(fd) = t.ok("open sync.txt", open_rw(w, "sync.txt")) else { return };
    t.ok("fd_sync", unsafe { wasi::fd_sync(fd) });
    t.ok("fd_datasync", unsafe { wasi::fd_datasync(fd) });
    for advice in [
        wasi::ADVICE_NORMAL,
        wasi::ADVICE_SEQUENTIAL,
        wasi::ADVICE_RANDOM,
        wasi::ADVICE_WILLNEED,
        wasi::ADVICE_DONTNEED,
        wasi::ADVICE_NOREUSE,
    ] {
        t.ok(format_args!("fd_advise {}", advice.name()), unsafe { wasi::fd_advise(fd, 0, 10, advice) });
    }

    // fd_allocate(offset, len) guarantees space for [offset, offset+len): the
    // size becomes max(size, offset+len); it never shrinks, and data is kept.
    match unsafe { wasi::fd_allocate(fd, 0, 100) } {
        Ok(()) => {
            t.pass("fd_allocate(0, 100)");
            t.eq("fd_allocate grows the file to 100 bytes", filestat(fd).map(|s| s.size), Ok(100));
            t.bytes("fd_allocate keeps the data", &pread_upto(fd, 10, 0).unwrap_or_default(), b"0123456789");
            t.ok("fd_allocate(0, 5) inside the file", unsafe { wasi::fd_allocate(fd, 0, 5) });
            t.eq("fd_allocate never shrinks", filestat(fd).map(|s| s.size), Ok(100));
        }
        Err(e) if e == wasi::ERRNO_NOTSUP => {
            t.divergence("fd_allocate(0, 100)", "ENOTSUP: the reference runtime does not implement fd_allocate")
        }
        Err(e) => t.fail("fd_allocate(0, 100)", en(e)),
    }
    let _ = close(fd);
}

/// fd_fdstat_set_flags with APPEND, and APPEND given to path_open.
fn append(t: &mut Checks, w: Fd) {
    let Some(fd) = t.ok("create append.txt", create(w, "append.txt")) else { return };
    let _ = write_all(fd, b"abc");
    t.ok("fd_fdstat_set_flags(APPEND)", unsafe { wasi::fd_fdstat_set_flags(fd, wasi::FDFLAGS_APPEND) });
    t.eq(
        "fd_fdstat_get shows APPEND",
        fdstat(fd).map(|s| s.fs_flags & wasi::FDFLAGS_APPEND),
        Ok(wasi::FDFLAGS_APPEND),
    );
    let _ = seek(fd, 0, wasi::WHENCE_SET);
    t.ok("write after seeking to 0 in APPEND mode", write_all(fd, b"XYZ"));
    t.bytes("APPEND writes go to the end", &pread_upto(fd, 100, 0).unwrap_or_default(), b"abcXYZ");
    t.eq("position is at the end after an APPEND write", tell(fd), Ok(6));
    t.ok("fd_fdstat_set_flags(0) clears APPEND", unsafe { wasi::fd_fdstat_set_flags(fd, 0) });
    t.eq("fd_fdstat_get no longer shows APPEND", fdstat(fd).map(|s| s.fs_flags & wasi::FDFLAGS_APPEND), Ok(0));
    let _ = seek(fd, 0, wasi::WHENCE_SET);
    let _ = write_all(fd, b"Q");
    t.bytes("without APPEND writes go to the position", &pread_upto(fd, 100, 0).unwrap_or_default(), b"QbcXYZ");
    let _ = close(fd);

    if let Some(fd) = t.ok("path_open with fdflags APPEND", open(w, "append.txt", 0, RIGHTS_FILE_RW, wasi::FDFLAGS_APPEND)) {
        t.eq("fdstat of an fd opened with APPEND shows it", fdstat(fd).map(|s| s.fs_flags & wasi::FDFLAGS_APPEND), Ok(wasi::FDFLAGS_APPEND));
        let _ = write_all(fd, b"+1");
        let _ = write_all(fd, b"+2");
        t.bytes("writes on an fd opened with APPEND go to the end", &read_file(w, "append.txt").unwrap_or_default(), b"QbcXYZ+1+2");
        let _ = close(fd);
    }
}

/// Rights: fd_fdstat_set_rights, and descriptors opened read-only / write-only.
fn rights(t: &mut Checks, w: Fd) {
    let _ = write_file(w, "rights.txt", b"data");
    let capable_or_badf = [wasi::ERRNO_NOTCAPABLE, wasi::ERRNO_BADF];

    // A descriptor opened without FD_WRITE cannot write, and vice versa.
    if let Some(fd) = t.ok("open rights.txt read-only", open(w, "rights.txt", 0, RIGHTS_FILE_RO, 0)) {
        t.err("fd_write on a read-only fd", write(fd, b"x"), &capable_or_badf);
        t.bytes("fd_read on a read-only fd", &read_to_end(fd).unwrap_or_default(), b"data");
        let _ = close(fd);
    }
    if let Some(fd) = t.ok("open rights.txt write-only", open(w, "rights.txt", 0, RIGHTS_FILE_WO, 0)) {
        let mut buf = [0u8; 4];
        t.err("fd_read on a write-only fd", read(fd, &mut buf), &capable_or_badf);
        t.eq("fd_write on a write-only fd", write(fd, b"DA"), Ok(2));
        let _ = close(fd);
    }
    t.bytes("the write-only write landed", &read_file(w, "rights.txt").unwrap_or_default(), b"DAta");

    // Dropping FD_WRITE with fd_fdstat_set_rights.
    let Some(fd) = t.ok("open rights.txt read-write", open_rw(w, "rights.txt")) else { return };
    let base = fdstat(fd).map(|s| s.fs_rights_base).unwrap_or(RIGHTS_FILE_RW);
    match unsafe { wasi::fd_fdstat_set_rights(fd, base & !wasi::RIGHTS_FD_WRITE, 0) } {
        Ok(()) => {
            t.pass("fd_fdstat_set_rights dropping FD_WRITE");
            t.eq(
                "fd_fdstat_get no longer shows FD_WRITE",
                fdstat(fd).map(|s| s.fs_rights_base & wasi::RIGHTS_FD_WRITE),
                Ok(0),
            );
            t.err("fd_write after dropping FD_WRITE", write(fd, b"x"), &[wasi::ERRNO_NOTCAPABLE]);
            t.bytes("fd_read still works after dropping FD_WRITE", &read_to_end(fd).unwrap_or_default(), b"DAta");
            t.err(
                "fd_fdstat_set_rights cannot add FD_WRITE back",
                unsafe { wasi::fd_fdstat_set_rights(fd, base, 0) },
                &[wasi::ERRNO_NOTCAPABLE],
            );
        }
        Err(e) if e == wasi::ERRNO_NOTSUP => t.divergence(
            "fd_fdstat_set_rights dropping FD_WRITE",
            "ENOTSUP: the reference runtime does not implement fd_fdstat_set_rights",
        ),
        Err(e) => t.fail("fd_fdstat_set_rights dropping FD_WRITE", en(e)),
    }
    let _ = close(fd);
}

/// Write and read back 8 MiB, checking a checksum and random positions.
fn large_file(t: &mut Checks, w: Fd) {
    const SIZE: u64 = 8 * 1024 * 1024;
    const CHUNK: usize = 64 * 1024;
    let Some(fd) = t.ok("create big.bin", create(w, "big.bin")) else { return };

    let mut chunk = vec![0u8; CHUNK];
    let mut sum = Fnv::new();
    let mut pos = 0u64;
    let mut werr = None;
    while pos < SIZE {
        fill_pattern(&mut chunk, pos);
        sum.update(&chunk);
        if let Err(e) = write_all(fd, &chunk) {
            werr = Some(e);
            break;
        }
        pos += CHUNK as u64;
    }
    match werr {
        None => t.pass("wrote 8 MiB in 64 KiB chunks"),
        Some(e) => t.fail("write 8 MiB", en(e)),
    }
    t.eq("big.bin size is 8 MiB", filestat(fd).map(|s| s.size), Ok(SIZE));
    t.eq("fd_tell after writing 8 MiB", tell(fd), Ok(SIZE));

    let _ = seek(fd, 0, wasi::WHENCE_SET);
    let mut back = Fnv::new();
    let mut total = 0u64;
    let mut buf = vec![0u8; CHUNK];
    let rerr = loop {
        match read(fd, &mut buf) {
            Ok(0) => break None,
            Ok(n) => {
                back.update(&buf[..n]);
                total += n as u64;
            }
            Err(e) => break Some(e),
        }
    };
    if let Some(e) = rerr {
        t.fail("read back 8 MiB", en(e));
    }
    t.eq("read back 8 MiB (byte count)", total, SIZE);
    t.eq("checksum of the data read back matches (FNV-1a)", back.0, sum.0);

    // Spot checks with fd_pread at awkward offsets.
    let mut bad = Vec::new();
    for off in [0u64, 1, 65535, 65536, 1_000_003, 5_000_000, SIZE - 7] {
        let got = pread_upto(fd, 7, off).unwrap_or_default();
        let mut want = vec![0u8; (SIZE - off).min(7) as usize];
        fill_pattern(&mut want, off);
        if got != want {
            bad.push(off);
        }
    }
    t.check(bad.is_empty(), "fd_pread spot checks at 7 offsets in big.bin", format!("mismatch at offsets {bad:?}"));
    let _ = close(fd);
    let _ = unlink(w, "big.bin");
}

/// EISDIR: opening a directory for writing; fd_read on a directory fd.
fn directories(t: &mut Checks, w: Fd) {
    let _ = mkdir(w, "adir");
    t.err(
        "path_open a directory with the FD_WRITE right",
        open(w, "adir", 0, RIGHTS_FILE_RW, 0),
        &[wasi::ERRNO_ISDIR],
    );
    t.err(
        "path_open a directory with CREAT|TRUNC",
        open(w, "adir", wasi::OFLAGS_CREAT | wasi::OFLAGS_TRUNC, RIGHTS_FILE_RW, 0),
        &[wasi::ERRNO_ISDIR],
    );
    // A directory opened read-only (no DIRECTORY flag) is allowed, but
    // reading bytes from it is not. The witx does not say which errno; a
    // directory is never open for reading bytes, so EBADF, as Wasmtime
    // answers (and before any check of the FD_READ right, which the host
    // may have dropped as inapplicable).
    if let Some(fd) = t.ok("path_open a directory read-only", open(w, "adir", 0, RIGHTS_FILE_RO | RIGHTS_DIR, 0)) {
        let mut buf = [0u8; 16];
        t.err("fd_read on a directory fd", read(fd, &mut buf), &[wasi::ERRNO_BADF]);
        let _ = close(fd);
    }
    if let Some(fd) = t.ok("path_open a directory with DIRECTORY", open_dir(w, "adir")) {
        let mut buf = [0u8; 16];
        t.err(
            "fd_read on a directory fd opened with DIRECTORY",
            read(fd, &mut buf),
            &[wasi::ERRNO_BADF],
        );
        // A directory is never open for writing: POSIX says EBADF.
        t.err(
            "fd_write on a directory fd",
            write(fd, b"x"),
            &[wasi::ERRNO_ISDIR, wasi::ERRNO_BADF, wasi::ERRNO_NOTCAPABLE],
        );
        let _ = close(fd);
    }
}
