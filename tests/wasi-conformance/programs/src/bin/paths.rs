//! `..` and symlinks in every path argument of every path call. Escaping
//! the preopen must fail; the errno is what is compared. Staying inside
//! (`sub/..`, a link to `sub/..`) must work.
use spindle_wasi_conformance::*;

fn mkdir(path: &str) -> String {
    let (pp, pl) = s(path);
    en(unsafe { p::path_create_directory(DIR, pp, pl) })
}
fn rmdir(path: &str) -> String {
    let (pp, pl) = s(path);
    en(unsafe { p::path_remove_directory(DIR, pp, pl) })
}
fn unlink(path: &str) -> String {
    let (pp, pl) = s(path);
    en(unsafe { p::path_unlink_file(DIR, pp, pl) })
}
fn readlink(path: &str) -> String {
    let (pp, pl) = s(path);
    let mut buf = [0u8; 64];
    let mut n = 0i32;
    let r = unsafe { p::path_readlink(DIR, pp, pl, buf.as_mut_ptr() as i32, 64, at(&mut n)) };
    if r != 0 {
        return en(r);
    }
    format!("ok {:?}", String::from_utf8_lossy(&buf[..n as usize]))
}
fn rename(old: &str, new: &str) -> String {
    let (op, ol) = s(old);
    let (np, nl) = s(new);
    en(unsafe { p::path_rename(DIR, op, ol, DIR, np, nl) })
}
fn link(old: &str, new: &str) -> String {
    let (op, ol) = s(old);
    let (np, nl) = s(new);
    en(unsafe { p::path_link(DIR, 0, op, ol, DIR, np, nl) })
}
fn symlink(target: &str, path: &str) -> String {
    let (tp, tl) = s(target);
    let (pp, pl) = s(path);
    let r = unsafe { p::path_symlink(tp, tl, DIR, pp, pl) };
    format!("{} then {}", en(r), readlink(path))
}
fn open(lookup: i32, path: &str) -> String {
    opened(open_raw(DIR, lookup, path, 0, wasi::RIGHTS_FD_READ, 0, 0))
}
fn times(lookup: i32, path: &str) -> String {
    let (pp, pl) = s(path);
    en(unsafe { p::path_filestat_set_times(DIR, lookup, pp, pl, 0, 0, 8) })
}

fn main() {
    run(&[
        ("open ..", || open(0, "..")),
        ("open ../outside/secret.txt", || {
            open(0, "../outside/secret.txt")
        }),
        ("open sub/../../outside/secret.txt", || {
            open(0, "sub/../../outside/secret.txt")
        }),
        ("open sub/..", || open(0, "sub/..")),
        ("open sub/../file.txt", || open(0, "sub/../file.txt")),
        ("open /etc/passwd", || open(0, "/etc/passwd")),
        ("open link_escape follow", || open(FOLLOW, "link_escape")),
        ("open link_escape nofollow", || open(0, "link_escape")),
        ("open link_escape_dir/secret.txt", || {
            open(0, "link_escape_dir/secret.txt")
        }),
        ("open link_abs follow", || open(FOLLOW, "link_abs")),
        ("open link_up/file.txt", || open(0, "link_up/file.txt")),
        ("open sub/link_parent follow", || {
            open(FOLLOW, "sub/link_parent")
        }),
        ("open link_dir/../file.txt", || {
            open(0, "link_dir/../file.txt")
        }),
        ("stat ..", || stat_path(DIR, 0, "..")),
        ("stat ../outside", || stat_path(DIR, 0, "../outside")),
        ("stat link_escape_dir/secret.txt", || {
            stat_path(DIR, FOLLOW, "link_escape_dir/secret.txt")
        }),
        ("stat /", || stat_path(DIR, 0, "/")),
        ("mkdir ../x", || mkdir("../x")),
        ("mkdir link_escape_dir/x", || mkdir("link_escape_dir/x")),
        ("mkdir sub/../newdir", || mkdir("sub/../newdir")),
        ("mkdir link_dangling", || mkdir("link_dangling")),
        ("mkdir link_dir", || mkdir("link_dir")),
        ("rmdir ..", || rmdir("..")),
        ("rmdir .", || rmdir(".")),
        ("rmdir ../outside", || rmdir("../outside")),
        ("rmdir link_dir", || rmdir("link_dir")),
        ("rmdir sub/deeper/..", || rmdir("sub/deeper/..")),
        ("unlink ../outside/secret.txt", || {
            unlink("../outside/secret.txt")
        }),
        ("unlink link_escape_dir/secret.txt", || {
            unlink("link_escape_dir/secret.txt")
        }),
        ("unlink escaping symlink", || {
            symlink("../outside/secret.txt", "esc");
            format!(
                "{} then {} outside {}",
                unlink("esc"),
                exists("esc"),
                contents("link_escape_dir/secret.txt")
            )
        }),
        ("unlink link_dir/", || unlink("link_dir/")),
        ("unlink file.txt/", || unlink("file.txt/")),
        ("unlink .", || unlink(".")),
        ("readlink ../x", || readlink("../x")),
        ("readlink link_escape", || readlink("link_escape")),
        ("readlink link_abs", || readlink("link_abs")),
        ("readlink file.txt", || readlink("file.txt")),
        ("readlink link_dir/", || readlink("link_dir/")),
        ("readlink short buffer", || {
            let (pp, pl) = s("link_escape");
            let mut buf = [0u8; 4];
            let mut n = 0i32;
            let r =
                unsafe { p::path_readlink(DIR, pp, pl, buf.as_mut_ptr() as i32, 4, at(&mut n)) };
            format!("{} n={n}", en(r))
        }),
        ("rename to ../x", || rename("file.txt", "../x")),
        ("rename from ../outside/secret.txt", || {
            rename("../outside/secret.txt", "x")
        }),
        ("rename into link_escape_dir", || {
            rename("file.txt", "link_escape_dir/x")
        }),
        ("rename sub/../scratch", || {
            unsafe { p::fd_close(scratch("r1", b"r")) };
            format!("{} then {}", rename("sub/../r1", "moved"), exists("moved"))
        }),
        ("rename escaping symlink", || {
            symlink("../outside/secret.txt", "esc2");
            format!(
                "{} then {}",
                rename("esc2", "moved_link"),
                readlink("moved_link")
            )
        }),
        ("rename dir into itself", || rename("sub", "sub/deeper/x")),
        ("rename . ", || rename(".", "x")),
        ("rename onto ..", || rename("empty.txt", "..")),
        ("link from ../outside/secret.txt", || {
            link("../outside/secret.txt", "x")
        }),
        ("link to ../x", || link("file.txt", "../x")),
        ("link from link_escape_dir/secret.txt", || {
            link("link_escape_dir/secret.txt", "x")
        }),
        ("symlink at ../x", || symlink("file.txt", "../x")),
        ("symlink to ../outside", || symlink("../outside", "s1")),
        ("symlink to /etc", || symlink("/etc", "s2")),
        ("symlink to empty", || symlink("", "s3")),
        ("symlink onto existing", || symlink("file.txt", "empty.txt")),
        ("symlink at link_escape_dir/x", || {
            symlink("file.txt", "link_escape_dir/x")
        }),
        ("symlink at trailing slash", || symlink("file.txt", "s4/")),
        ("rmdir file", || rmdir("file.txt")),
        ("rmdir missing", || rmdir("missing")),
        ("rmdir non-empty", || rmdir("sub")),
        ("rmdir symlink to dir", || {
            format!("{} then {}", rmdir("link_dir"), exists("link_dir"))
        }),
        ("unlink dir", || unlink("sub")),
        ("unlink missing", || unlink("missing")),
        ("unlink dangling symlink", || {
            symlink("nowhere", "dangle2");
            format!("{} then {}", unlink("dangle2"), exists("dangle2"))
        }),
        ("rename file over dir", || rename("empty.txt", "sub")),
        ("rename dir over file", || rename("sub", "empty.txt")),
        ("rename dir over non-empty dir", || {
            mkdir("d1");
            rename("d1", "sub")
        }),
        ("rename file to trailing slash", || {
            rename("empty.txt", "e2/")
        }),
        ("rename missing", || rename("missing", "x")),
        ("rename into missing dir", || rename("empty.txt", "nodir/x")),
        ("rename onto itself", || rename("empty.txt", "empty.txt")),
        ("mkdir existing file", || mkdir("file.txt")),
        ("mkdir existing dir", || mkdir("sub")),
        ("mkdir in missing dir", || mkdir("nodir/x")),
        ("mkdir trailing slash", || {
            format!("{} then {}", mkdir("d2/"), exists("d2"))
        }),
        ("readlink missing", || readlink("missing")),
        ("set_times ../outside", || times(0, "../outside")),
        ("set_times link_escape_dir/secret.txt", || {
            times(0, "link_escape_dir/secret.txt")
        }),
        ("set_times link_abs follow", || times(FOLLOW, "link_abs")),
        ("set_times link_abs nofollow", || times(0, "link_abs")),
    ]);
}
