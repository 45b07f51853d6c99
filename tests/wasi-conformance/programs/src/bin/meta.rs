//! `fd_fdstat_set_flags` (every flag), `path_link` (with and without
//! symlink_follow), `path_filestat_get` and `path_filestat_set_times`
//! (lookup flags and every fst flag), `fd_filestat_set_times`.
use spindle_wasi_conformance::*;

fn setfl(path: &str, flags: i32) -> String {
    let fd = open(path, 0);
    let r = unsafe { p::fd_fdstat_set_flags(fd, flags) };
    let d = describe(fd);
    unsafe { p::fd_close(fd) };
    format!("{} {d}", en(r))
}
fn link(lookup: i32, old: &str, new: &str) -> String {
    let (op, ol) = s(old);
    let (np, nl) = s(new);
    let r = unsafe { p::path_link(DIR, lookup, op, ol, DIR, np, nl) };
    let out = format!("{} new={}", en(r), stat_path(DIR, 0, new));
    if r == 0 {
        // Keep the tree as it was (nlink counts) for the next cases.
        unsafe { p::path_unlink_file(DIR, np, nl) };
    }
    out
}
fn times(lookup: i32, path: &str, fst: i32) -> String {
    let (pp, pl) = s(path);
    en(unsafe {
        p::path_filestat_set_times(DIR, lookup, pp, pl, 1_000_000_000, 2_000_000_000, fst)
    })
}
fn mtime(lookup: i32, path: &str) -> u64 {
    let (pp, pl) = s(path);
    let mut st = [0u64; 8];
    unsafe { p::path_filestat_get(DIR, lookup, pp, pl, st.as_mut_ptr() as i32) };
    st[6]
}
fn fdtimes(fst: i32) -> String {
    let fd = open("file.txt", 0);
    let r = unsafe { p::fd_filestat_set_times(fd, 1_000_000_000, 3_000_000_000, fst) };
    unsafe { p::fd_close(fd) };
    format!("{} mtim={}", en(r), mtime(0, "file.txt"))
}

fn main() {
    run(&[
        ("set_flags 0", || setfl("file.txt", 0)),
        ("set_flags append", || setfl("file.txt", 1)),
        ("set_flags dsync", || setfl("file.txt", 2)),
        ("set_flags nonblock", || setfl("file.txt", 4)),
        ("set_flags rsync", || setfl("file.txt", 8)),
        ("set_flags sync", || setfl("file.txt", 16)),
        ("set_flags append|nonblock", || setfl("file.txt", 5)),
        ("set_flags bit 5", || setfl("file.txt", 32)),
        ("set_flags 0x10000", || setfl("file.txt", 0x10000)),
        ("set_flags stdout nonblock", || {
            format!(
                "{} {}",
                en(unsafe { p::fd_fdstat_set_flags(1, 4) }),
                describe(1)
            )
        }),
        ("set_flags stdout append", || {
            en(unsafe { p::fd_fdstat_set_flags(1, 1) })
        }),
        ("set_flags stdout 0", || {
            en(unsafe { p::fd_fdstat_set_flags(1, 0) })
        }),
        ("set_flags preopen 0", || {
            en(unsafe { p::fd_fdstat_set_flags(DIR, 0) })
        }),
        ("set_flags preopen nonblock", || {
            en(unsafe { p::fd_fdstat_set_flags(DIR, 4) })
        }),
        ("set_flags bad fd", || {
            en(unsafe { p::fd_fdstat_set_flags(77, 0) })
        }),
        ("link file", || link(0, "file.txt", "l1")),
        ("link file follow", || link(FOLLOW, "file.txt", "l2")),
        ("link symlink nofollow", || link(0, "link_file", "l3")),
        ("link symlink follow", || link(FOLLOW, "link_file", "l4")),
        ("link dangling nofollow", || link(0, "link_dangling", "l5")),
        ("link dangling follow", || {
            link(FOLLOW, "link_dangling", "l6")
        }),
        ("link escape symlink follow", || {
            link(FOLLOW, "link_escape", "l7")
        }),
        ("link escape symlink nofollow", || {
            link(0, "link_escape", "l8")
        }),
        ("link directory", || link(0, "sub", "l9")),
        ("link onto existing", || link(0, "file.txt", "empty.txt")),
        ("link missing", || link(0, "missing", "l10")),
        ("link to trailing slash", || link(0, "file.txt", "l11/")),
        ("link from trailing slash", || link(0, "file.txt/", "l12")),
        ("link into missing dir", || link(0, "file.txt", "nodir/l13")),
        ("link lookupflags bit 1", || link(2, "file.txt", "l14")),
        ("stat file", || stat_path(DIR, 0, "file.txt")),
        ("stat link_file nofollow", || stat_path(DIR, 0, "link_file")),
        ("stat link_file follow", || {
            stat_path(DIR, FOLLOW, "link_file")
        }),
        ("stat link_dangling nofollow", || {
            stat_path(DIR, 0, "link_dangling")
        }),
        ("stat link_dangling follow", || {
            stat_path(DIR, FOLLOW, "link_dangling")
        }),
        ("stat link_loop follow", || {
            stat_path(DIR, FOLLOW, "link_loop")
        }),
        ("stat link_escape follow", || {
            stat_path(DIR, FOLLOW, "link_escape")
        }),
        ("stat link_escape nofollow", || {
            stat_path(DIR, 0, "link_escape")
        }),
        ("stat link_abs follow", || {
            stat_path(DIR, FOLLOW, "link_abs")
        }),
        ("stat link_dir/ nofollow", || stat_path(DIR, 0, "link_dir/")),
        ("stat link_up follow", || stat_path(DIR, FOLLOW, "link_up")),
        ("stat file.txt/", || stat_path(DIR, 0, "file.txt/")),
        ("stat empty path", || stat_path(DIR, 0, "")),
        ("stat lookupflags bit 1", || stat_path(DIR, 2, "file.txt")),
        ("stat lookupflags 0xffff", || {
            stat_path(DIR, 0xffff, "file.txt")
        }),
        ("set_times atim|mtim", || {
            format!(
                "{} mtim={}",
                times(0, "file.txt", 1 | 4),
                mtime(0, "file.txt")
            )
        }),
        ("set_times atim only", || times(0, "file.txt", 1)),
        ("set_times mtim_now", || times(0, "file.txt", 8)),
        ("set_times atim_now", || times(0, "file.txt", 2)),
        ("set_times none", || times(0, "file.txt", 0)),
        ("set_times atim|atim_now", || times(0, "file.txt", 1 | 2)),
        ("set_times mtim|mtim_now", || times(0, "file.txt", 4 | 8)),
        ("set_times bit 4", || times(0, "file.txt", 16)),
        ("set_times on dir", || times(0, "sub", 4)),
        ("set_times link_file nofollow", || {
            times(0, "file.txt", 4 | 1);
            format!(
                "{} target mtim={}",
                times(0, "link_file", 8),
                mtime(0, "file.txt")
            )
        }),
        ("set_times link_file follow", || {
            times(0, "file.txt", 4 | 1);
            format!(
                "{} target changed={}",
                times(FOLLOW, "link_file", 8),
                mtime(0, "file.txt") != 2_000_000_000
            )
        }),
        ("set_times link_dangling follow", || {
            times(FOLLOW, "link_dangling", 4)
        }),
        ("set_times link_escape follow", || {
            times(FOLLOW, "link_escape", 4)
        }),
        ("set_times missing", || times(0, "missing", 4)),
        ("set_times lookupflags bit 1", || times(2, "file.txt", 4)),
        ("fd set_times atim|mtim", || fdtimes(1 | 4)),
        ("fd set_times mtim|mtim_now", || fdtimes(4 | 8)),
        ("fd set_times bit 4", || fdtimes(16)),
    ]);
}
