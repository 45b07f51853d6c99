//! Every `path_open` flag: oflags (creat, directory, excl, trunc),
//! fdflags (append, dsync, nonblock, rsync, sync) and the lookup flag
//! symlink_follow, alone and in the combinations with an error path; plus
//! bits no flag defines.
use spindle_wasi_conformance::*;

const RW: u64 = wasi::RIGHTS_FD_READ
    | wasi::RIGHTS_FD_WRITE
    | wasi::RIGHTS_FD_SEEK
    | wasi::RIGHTS_FD_TELL
    | wasi::RIGHTS_FD_FILESTAT_GET
    | wasi::RIGHTS_FD_FDSTAT_SET_FLAGS;
const R: u64 = wasi::RIGHTS_FD_READ | wasi::RIGHTS_FD_FILESTAT_GET;

fn o(lookup: i32, path: &str, oflags: i32, fdflags: i32) -> String {
    opened(open_raw(DIR, lookup, path, oflags, RW, 0, fdflags))
}
fn od(lookup: i32, path: &str, oflags: i32) -> String {
    opened(open_raw(DIR, lookup, path, oflags, DIR_RIGHTS, ALL, 0))
}

/// A scratch copy of the file.txt text, for cases that change a file.
fn scratch_file(name: &str) {
    unsafe { p::fd_close(scratch(name, b"hello world\n")) };
}

fn main() {
    run(&[
        ("none file.txt", || o(0, "file.txt", 0, 0)),
        ("creat new", || {
            format!("{} then {}", o(0, "new1", 1, 0), stat_path(DIR, 0, "new1"))
        }),
        ("creat existing keeps data", || {
            format!(
                "{} then {}",
                o(0, "file.txt", 1, 0),
                stat_path(DIR, 0, "file.txt")
            )
        }),
        ("creat|excl existing", || o(0, "file.txt", 1 | 4, 0)),
        ("creat|excl new", || o(0, "new2", 1 | 4, 0)),
        ("excl without creat existing", || o(0, "file.txt", 4, 0)),
        ("excl without creat missing", || o(0, "missing", 4, 0)),
        ("creat|excl dangling symlink", || {
            format!(
                "{} then {}",
                o(0, "link_dangling", 1 | 4, 0),
                exists("missing")
            )
        }),
        ("creat|excl dangling symlink follow", || {
            format!(
                "{} then {}",
                o(FOLLOW, "link_dangling", 1 | 4, 0),
                exists("missing")
            )
        }),
        ("creat dangling symlink follow", || {
            format!(
                "{} then {}",
                o(FOLLOW, "link_dangling", 1, 0),
                exists("missing")
            )
        }),
        ("creat dangling symlink nofollow", || {
            format!("{} then {}", o(0, "link_dangling", 1, 0), exists("missing"))
        }),
        ("creat on directory", || o(0, "sub", 1, 0)),
        ("creat|directory new", || {
            format!("{} then {}", od(0, "newdir", 1 | 2), exists("newdir"))
        }),
        ("creat|directory existing dir", || od(0, "sub", 1 | 2)),
        ("creat trailing slash", || {
            format!("{} then {}", o(0, "new3/", 1, 0), exists("new3"))
        }),
        ("trunc", || {
            scratch_file("t1");
            format!("{} then {}", o(0, "t1", 8, 0), stat_path(DIR, 0, "t1"))
        }),
        ("trunc without write right", || {
            scratch_file("t2");
            format!(
                "{} then {}",
                opened(open_raw(DIR, 0, "t2", 8, R, 0, 0)),
                stat_path(DIR, 0, "t2")
            )
        }),
        ("trunc on directory", || o(0, "sub", 8, 0)),
        ("trunc|directory on directory", || od(0, "sub", 8 | 2)),
        ("creat|trunc existing", || {
            scratch_file("t3");
            format!("{} then {}", o(0, "t3", 1 | 8, 0), stat_path(DIR, 0, "t3"))
        }),
        ("directory on file", || od(0, "file.txt", 2)),
        ("directory on dir", || od(0, "sub", 2)),
        ("directory on missing", || od(0, "missing", 2)),
        ("directory on link_dir follow", || od(FOLLOW, "link_dir", 2)),
        ("directory on link_dir nofollow", || od(0, "link_dir", 2)),
        ("no directory flag on dir", || od(0, "sub", 0)),
        ("no directory flag on link_dir follow", || {
            od(FOLLOW, "link_dir", 0)
        }),
        ("no directory flag on link_dir nofollow", || {
            od(0, "link_dir", 0)
        }),
        ("trailing slash on file", || o(0, "file.txt/", 0, 0)),
        ("trailing slash on dir", || od(0, "sub/", 2)),
        ("dot", || od(0, ".", 2)),
        ("empty path", || o(0, "", 0, 0)),
        ("link_file follow", || o(FOLLOW, "link_file", 0, 0)),
        ("link_file nofollow", || o(0, "link_file", 0, 0)),
        ("link_loop follow", || o(FOLLOW, "link_loop", 0, 0)),
        ("link_loop nofollow", || o(0, "link_loop", 0, 0)),
        ("link_dangling follow", || o(FOLLOW, "link_dangling", 0, 0)),
        ("intermediate link_dir nofollow", || {
            o(0, "link_dir/inner.txt", 0, 0)
        }),
        ("lookupflags bit 1", || o(2, "file.txt", 0, 0)),
        ("oflags bit 4", || o(0, "file.txt", 16, 0)),
        ("fdflags append", || o(0, "file.txt", 0, 1)),
        ("fdflags append writes at end", || {
            scratch_file("t4");
            let r = open_raw(DIR, 0, "t4", 0, RW, 0, 1);
            match r {
                Ok(fd) => {
                    let w = write(fd, b"!");
                    unsafe { p::fd_close(fd) };
                    format!("{w} then {}", contents("t4"))
                }
                Err(e) => en(e),
            }
        }),
        ("fdflags dsync", || o(0, "file.txt", 0, 2)),
        ("fdflags nonblock", || o(0, "file.txt", 0, 4)),
        ("fdflags rsync", || o(0, "file.txt", 0, 8)),
        ("fdflags sync", || o(0, "file.txt", 0, 16)),
        ("fdflags dsync read-only", || {
            opened(open_raw(DIR, 0, "file.txt", 0, R, 0, 2))
        }),
        ("fdflags sync read-only", || {
            opened(open_raw(DIR, 0, "file.txt", 0, R, 0, 16))
        }),
        ("fdflags append read-only", || {
            opened(open_raw(DIR, 0, "file.txt", 0, R, 0, 1))
        }),
        ("fdflags nonblock dir", || {
            opened(open_raw(DIR, 0, "sub", 2, DIR_RIGHTS, 0, 4))
        }),
        ("fdflags append dir", || {
            opened(open_raw(DIR, 0, "sub", 2, DIR_RIGHTS, 0, 1))
        }),
        ("fdflags bit 5", || o(0, "file.txt", 0, 32)),
        ("creat with fdflags append", || o(0, "new4", 1, 1)),
        ("creat read-only rights", || {
            format!(
                "{} then {}",
                opened(open_raw(DIR, 0, "new5", 1, R, 0, 0)),
                exists("new5")
            )
        }),
        ("creat no rights", || {
            format!(
                "{} then {}",
                opened(open_raw(DIR, 0, "new6", 1, 0, 0, 0)),
                exists("new6")
            )
        }),
    ]);
}
