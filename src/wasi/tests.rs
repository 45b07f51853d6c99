//! ABI-layer tests: the preview1 functions called directly on a guest
//! memory buffer, over both backends.

use super::memfs::{MemFs, NullBoard};
use super::types::*;
use super::{GuestMemory, WasiCtx};
use alloc::vec;
use alloc::vec::Vec;

const PATH: u32 = 1024;
const OUT: u32 = 2048;

struct Guest {
    ctx: WasiCtx,
    mem: Vec<u8>,
}

impl Guest {
    fn memfs() -> Guest {
        let mut fs = MemFs::new(NullBoard);
        fs.add_file("dir/hello.txt", b"hello, world".to_vec())
            .unwrap();
        let ctx = WasiCtx::builder(fs)
            .args(["prog", "x"])
            .env("A", "1")
            .stdout(MemFs::STDOUT)
            .preopened_dir(MemFs::ROOT, "/sandbox")
            .build();
        Guest {
            ctx,
            mem: vec![0; 65536],
        }
    }

    fn call(
        &mut self,
        f: impl FnOnce(&mut WasiCtx, &mut GuestMemory<'_>) -> WasiResult<()>,
    ) -> WasiResult<()> {
        let mut mem = GuestMemory::new(&mut self.mem);
        f(&mut self.ctx, &mut mem)
    }

    fn put(&mut self, at: u32, bytes: &[u8]) -> u32 {
        self.mem[at as usize..at as usize + bytes.len()].copy_from_slice(bytes);
        bytes.len() as u32
    }

    fn u32_at(&self, at: u32) -> u32 {
        u32::from_le_bytes(self.mem[at as usize..at as usize + 4].try_into().unwrap())
    }

    fn open(&mut self, path: &str, oflags: u32, rights: u64) -> WasiResult<u32> {
        let len = self.put(PATH, path.as_bytes());
        self.call(|c, m| c.path_open(m, 3, 1, PATH, len, oflags, rights, rights, 0, OUT))?;
        Ok(self.u32_at(OUT))
    }
}

#[test]
fn args_and_environment() {
    let mut g = Guest::memfs();
    g.call(|c, m| c.args_sizes_get(m, 0, 4)).unwrap();
    assert_eq!((g.u32_at(0), g.u32_at(4)), (2, 7));
    g.call(|c, m| c.args_get(m, 16, 64)).unwrap();
    assert_eq!(&g.mem[64..71], b"prog\0x\0");
    assert_eq!(g.u32_at(20), 69);
    g.call(|c, m| c.environ_get(m, 16, 64)).unwrap();
    assert_eq!(&g.mem[64..68], b"A=1\0");
}

#[test]
fn bad_pointers_are_efault_and_misaligned_ones_einval() {
    let mut g = Guest::memfs();
    assert_eq!(
        g.call(|c, m| c.args_sizes_get(m, 65536, 0)),
        Err(Errno::Fault)
    );
    assert_eq!(g.call(|c, m| c.args_sizes_get(m, 1, 8)), Err(Errno::Inval));
    assert_eq!(
        g.call(|c, m| c.fd_write(m, 1, u32::MAX - 3, 1, OUT)),
        Err(Errno::Fault)
    );
    // An iovec whose buffer runs past the end of memory.
    g.put(0, &[0xf0, 0xff, 0, 0, 0x20, 0, 0, 0]);
    assert_eq!(
        g.call(|c, m| c.fd_write(m, 1, 0, 1, OUT)),
        Err(Errno::Fault)
    );
    assert_eq!(
        g.call(|c, m| c.random_get(m, 65000, 1000)),
        Err(Errno::Fault)
    );
}

#[test]
fn descriptors_are_checked() {
    let mut g = Guest::memfs();
    assert_eq!(g.call(|c, m| c.fd_close(m, 99)), Err(Errno::Badf));
    assert_eq!(
        g.call(|c, m| c.fd_read(m, 0, 0, 0, OUT)),
        Err(Errno::Badf),
        "stdin was not given"
    );
    assert_eq!(g.call(|c, m| c.fd_prestat_get(m, 1, OUT)), Err(Errno::Badf));
    g.call(|c, m| c.fd_prestat_get(m, 3, OUT)).unwrap();
    assert_eq!(g.u32_at(OUT + 4), 8);
    g.call(|c, m| c.fd_prestat_dir_name(m, 3, PATH, 8)).unwrap();
    assert_eq!(&g.mem[PATH as usize..PATH as usize + 8], b"/sandbox");
    // stdout cannot be read: no FD_READ right.
    assert_eq!(
        g.call(|c, m| c.fd_read(m, 1, 0, 0, OUT)),
        Err(Errno::Notcapable)
    );
    // A directory is not a byte stream: EBADF, before its (missing)
    // FD_READ right is looked at.
    assert_eq!(g.call(|c, m| c.fd_read(m, 3, 0, 0, OUT)), Err(Errno::Badf));
}

/// The documented order of checks (abi.rs): the descriptor exists, then
/// its kind, then its rights, then the flags.
#[test]
fn kind_is_checked_before_rights_and_flags_after() {
    let mut g = Guest::memfs();
    let fd = g.open("dir/hello.txt", 0, 0).unwrap();
    // A file with no rights at all: the kind errors still win.
    assert_eq!(
        g.call(|c, m| c.sock_shutdown(m, fd, 99)),
        Err(Errno::Notsock)
    );
    let len = g.put(PATH, b"x");
    assert_eq!(
        g.call(|c, m| c.path_filestat_get(m, fd, 0, PATH, len, OUT)),
        Err(Errno::Badf)
    );
    assert_eq!(
        g.call(|c, m| c.path_open(m, fd, 0, PATH, len, 0, 0, 0, 0, OUT)),
        Err(Errno::Notdir)
    );
    assert_eq!(
        g.call(|c, m| c.fd_readdir(m, fd, 0, 0, 0, OUT)),
        Err(Errno::Badf)
    );
    // stdout is a stream: seeking it is ESPIPE, whatever its rights.
    assert_eq!(g.call(|c, m| c.fd_seek(m, 1, 0, 0, OUT)), Err(Errno::Spipe));
    // Right kind, no rights: ENOTCAPABLE, before the bad flags.
    assert_eq!(
        g.call(|c, m| c.fd_fdstat_set_flags(m, fd, 0x8000)),
        Err(Errno::Notcapable)
    );
    let fd = g
        .open("dir/hello.txt", 0, rights::FD_FDSTAT_SET_FLAGS)
        .unwrap();
    assert_eq!(
        g.call(|c, m| c.fd_fdstat_set_flags(m, fd, 0x8000)),
        Err(Errno::Inval)
    );
    // A defined flag that cannot be honoured is refused, not ignored.
    assert_eq!(
        g.call(|c, m| c.fd_fdstat_set_flags(m, fd, fdflags::SYNC as u32)),
        Err(Errno::Inval)
    );
    let len = g.put(PATH, b"dir/hello.txt");
    assert_eq!(
        g.call(|c, m| c.path_open(m, 3, 0, PATH, len, 0, 0, 0, fdflags::DSYNC as u32, OUT)),
        Err(Errno::Notsup)
    );
    // NONBLOCK is kept and reported.
    g.call(|c, m| c.fd_fdstat_set_flags(m, fd, fdflags::NONBLOCK as u32))
        .unwrap();
    g.call(|c, m| c.fd_fdstat_get(m, fd, 64)).unwrap();
    assert_eq!(g.mem[66] as u16, fdflags::NONBLOCK);
}

#[test]
fn files_open_read_write_seek() {
    let mut g = Guest::memfs();
    let rw = rights::FD_READ | rights::FD_WRITE | rights::FD_SEEK | rights::FD_TELL;
    let fd = g.open("dir/hello.txt", 0, rw).unwrap();
    // read 5 bytes into 4096
    g.put(0, &[0, 16, 0, 0, 5, 0, 0, 0]);
    g.call(|c, m| c.fd_read(m, fd, 0, 1, OUT)).unwrap();
    assert_eq!((g.u32_at(OUT), &g.mem[4096..4101]), (5, &b"hello"[..]));
    // seek to the end and append
    g.call(|c, m| c.fd_seek(m, fd, 0, 2, OUT)).unwrap();
    assert_eq!(g.u32_at(OUT), 12);
    g.put(4096, b"!!");
    g.put(0, &[0, 16, 0, 0, 2, 0, 0, 0]);
    g.call(|c, m| c.fd_write(m, fd, 0, 1, OUT)).unwrap();
    // pread at an offset does not move the position
    g.put(0, &[0, 17, 0, 0, 6, 0, 0, 0]);
    g.call(|c, m| c.fd_pread(m, fd, 0, 1, 7, OUT)).unwrap();
    assert_eq!(&g.mem[4352..4358], b"world!");
    g.call(|c, m| c.fd_tell(m, fd, OUT)).unwrap();
    assert_eq!(g.u32_at(OUT), 14);
    // EXCL on an existing file, ENOENT without CREAT, ENOTDIR with DIRECTORY
    assert_eq!(
        g.open("dir/hello.txt", (oflags::CREAT | oflags::EXCL) as u32, rw),
        Err(Errno::Exist)
    );
    assert_eq!(g.open("dir/missing", 0, rw), Err(Errno::Noent));
    assert_eq!(
        g.open("dir/hello.txt", oflags::DIRECTORY as u32, rw),
        Err(Errno::Notdir)
    );
    // Dropping the write right takes effect.
    g.call(|c, m| c.fd_fdstat_set_rights(m, fd, rights::FD_READ, 0))
        .unwrap();
    assert_eq!(
        g.call(|c, m| c.fd_write(m, fd, 0, 1, OUT)),
        Err(Errno::Notcapable)
    );
    assert_eq!(
        g.call(|c, m| c.fd_fdstat_set_rights(m, fd, rw, 0)),
        Err(Errno::Notcapable),
        "rights only shrink"
    );
    g.call(|c, m| c.fd_close(m, fd)).unwrap();
}

#[test]
fn readdir_pages_with_cookies() {
    let mut g = Guest::memfs();
    let dirfd = g
        .open("dir", oflags::DIRECTORY as u32, rights::FD_READDIR)
        .unwrap();
    for i in 0..20 {
        let len = g.put(PATH, alloc::format!("dir/f{i:02}").as_bytes());
        let r = rights::FD_WRITE;
        g.call(|c, m| c.path_open(m, 3, 0, PATH, len, oflags::CREAT as u32, r, 0, 0, OUT))
            .unwrap();
    }
    let mut names = Vec::new();
    let mut cookie = 0u64;
    loop {
        // A buffer too small for more than a couple of entries.
        g.call(|c, m| c.fd_readdir(m, dirfd, 4096, 64, cookie, OUT))
            .unwrap();
        let used = g.u32_at(OUT) as usize;
        let mut at = 4096usize;
        let mut progressed = false;
        while at + 24 <= 4096 + used {
            let next = u64::from_le_bytes(g.mem[at..at + 8].try_into().unwrap());
            let namlen = u32::from_le_bytes(g.mem[at + 16..at + 20].try_into().unwrap()) as usize;
            if at + 24 + namlen > 4096 + used {
                break;
            }
            names.push(
                alloc::string::String::from_utf8(g.mem[at + 24..at + 24 + namlen].to_vec())
                    .unwrap(),
            );
            cookie = next;
            at += 24 + namlen;
            progressed = true;
        }
        if used < 64 || !progressed {
            break;
        }
    }
    names.retain(|n| n != "." && n != "..");
    assert_eq!(names.len(), 21, "{names:?}");
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 21);
}

#[test]
fn memfs_paths_cannot_escape_the_sandbox() {
    let mut g = Guest::memfs();
    let r = rights::FD_READ;
    // Every way out is EPERM (ENOTCAPABLE means missing rights).
    assert_eq!(g.open("..", 0, r), Err(Errno::Perm));
    assert_eq!(g.open("dir/../../x", 0, r), Err(Errno::Perm));
    assert_eq!(g.open("/etc/passwd", 0, r), Err(Errno::Perm));
    // A symlink pointing up and out.
    let target = b"../..";
    g.put(3000, target);
    let len = g.put(PATH, b"dir/up");
    g.call(|c, m| c.path_symlink(m, 3000, target.len() as u32, 3, PATH, len))
        .unwrap();
    assert_eq!(g.open("dir/up/x", 0, r), Err(Errno::Perm));
    // A subdirectory descriptor cannot reach its parent either.
    let sub = g
        .open(
            "dir",
            oflags::DIRECTORY as u32,
            rights::PATH_OPEN | rights::FD_READ,
        )
        .unwrap();
    let len = g.put(PATH, b"../dir/hello.txt");
    let result = g.call(|c, m| c.path_open(m, sub, 0, PATH, len, 0, r, r, 0, OUT));
    assert_eq!(result, Err(Errno::Perm));
}

#[test]
fn directories_create_remove_rename() {
    let mut g = Guest::memfs();
    let len = g.put(PATH, b"new");
    g.call(|c, m| c.path_create_directory(m, 3, PATH, len))
        .unwrap();
    assert_eq!(
        g.call(|c, m| c.path_create_directory(m, 3, PATH, len)),
        Err(Errno::Exist)
    );
    let len = g.put(PATH, b"dir");
    assert_eq!(
        g.call(|c, m| c.path_remove_directory(m, 3, PATH, len)),
        Err(Errno::Notempty)
    );
    let (old, new) = (b"dir/hello.txt", b"new/moved.txt");
    g.put(3000, old);
    g.put(3100, new);
    g.call(|c, m| c.path_rename(m, 3, 3000, old.len() as u32, 3, 3100, new.len() as u32))
        .unwrap();
    assert_eq!(
        g.open("new/moved.txt", 0, rights::FD_READ).map(|_| ()),
        Ok(())
    );
    let len = g.put(PATH, b"dir");
    g.call(|c, m| c.path_remove_directory(m, 3, PATH, len))
        .unwrap();
    let len = g.put(PATH, b"new");
    assert_eq!(
        g.call(|c, m| c.path_unlink_file(m, 3, PATH, len)),
        Err(Errno::Isdir)
    );
}

#[test]
fn embedded_backend_without_a_clock_says_notsup() {
    let mut g = Guest::memfs();
    assert_eq!(
        g.call(|c, m| c.clock_time_get(m, 0, 0, OUT)),
        Err(Errno::Notsup)
    );
    assert_eq!(
        g.call(|c, m| c.clock_time_get(m, 9, 0, OUT)),
        Err(Errno::Inval)
    );
    assert_eq!(g.call(|c, m| c.random_get(m, 0, 16)), Err(Errno::Notsup));
    assert_eq!(
        g.call(|c, m| c.sock_accept(m, 3, 0, OUT)),
        Err(Errno::Notsock)
    );
    assert_eq!(
        g.call(|c, m| c.poll_oneoff(m, 0, 4096, 0, OUT)),
        Err(Errno::Inval)
    );
}

#[cfg(feature = "std")]
mod std_backend {
    use super::*;
    use crate::wasi::std_host::StdHost;

    fn guest(dir: &std::path::Path) -> Guest {
        let mut host = StdHost::new();
        let fd = host.open_dir(dir).unwrap();
        let ctx = WasiCtx::builder(host).preopened_dir(fd, "/sandbox").build();
        Guest {
            ctx,
            mem: vec![0; 65536],
        }
    }

    fn tempdir(name: &str) -> std::path::PathBuf {
        let d =
            std::env::temp_dir().join(alloc::format!("spindle-wasi-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("inner")).unwrap();
        std::fs::write(d.join("inner/file.txt"), b"data").unwrap();
        d
    }

    #[test]
    fn std_paths_cannot_escape_the_sandbox() {
        let d = tempdir("escape");
        std::fs::write(d.parent().unwrap().join("spindle-outside.txt"), b"secret").ok();
        #[cfg(unix)]
        std::os::unix::fs::symlink("/etc", d.join("inner/etc")).unwrap();
        let mut g = guest(&d);
        let r = rights::FD_READ;
        for path in [
            "..",
            "../spindle-outside.txt",
            "inner/../../x",
            "/etc/passwd",
            "inner/etc/passwd",
        ] {
            let result = g.open(path, 0, r);
            assert!(
                matches!(
                    result,
                    Err(Errno::Notcapable | Errno::Perm | Errno::Noent | Errno::Acces)
                ),
                "{path}: {result:?}"
            );
        }
        assert!(g.open("inner/file.txt", 0, r).is_ok());
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn std_files_roundtrip() {
        let d = tempdir("files");
        let mut g = guest(&d);
        let rw = rights::FD_READ
            | rights::FD_WRITE
            | rights::FD_SEEK
            | rights::FD_TELL
            | rights::FD_FILESTAT_GET;
        let fd = g
            .open("inner/new.bin", (oflags::CREAT | oflags::EXCL) as u32, rw)
            .unwrap();
        g.put(4096, &[7u8; 300]);
        g.put(0, &[0, 16, 0, 0, 44, 1, 0, 0]);
        g.call(|c, m| c.fd_pwrite(m, fd, 0, 1, 1000, OUT)).unwrap();
        assert_eq!(g.u32_at(OUT), 300);
        g.call(|c, m| c.fd_filestat_get(m, fd, 8192)).unwrap();
        let size = u64::from_le_bytes(g.mem[8192 + 32..8192 + 40].try_into().unwrap());
        assert_eq!(size, 1300);
        assert_eq!(
            g.open("inner/new.bin", (oflags::CREAT | oflags::EXCL) as u32, rw),
            Err(Errno::Exist)
        );
        assert_eq!(std::fs::read(d.join("inner/new.bin")).unwrap().len(), 1300);
        std::fs::remove_dir_all(&d).unwrap();
    }
}

/// Flags a backend cannot honour and paths that name something else than
/// they seem are refused in the ABI layer, the same for every backend (the
/// std backend is compared with Wasmtime by `tests/wasi-conformance/`).
#[test]
fn memfs_refuses_what_it_cannot_honour() {
    let mut g = Guest::memfs();
    let r = rights::FD_READ;
    // path_open: a directory is neither created nor truncated; undefined
    // oflags, lookupflags, fdflags and rights bits are invalid.
    assert_eq!(
        g.open("dir", (oflags::DIRECTORY | oflags::CREAT) as u32, r),
        Err(Errno::Inval)
    );
    assert_eq!(g.open("dir/hello.txt", 0x10, r), Err(Errno::Inval));
    assert_eq!(g.open("dir/hello.txt", 0, 1 << 40), Err(Errno::Inval));
    let len = g.put(PATH, b"dir/hello.txt");
    assert_eq!(
        g.call(|c, m| c.path_open(m, 3, 2, PATH, len, 0, r, r, 0, OUT)),
        Err(Errno::Inval)
    );
    assert_eq!(
        g.call(|c, m| c.path_open(m, 3, 0, PATH, len, 0, r, r, 0x20, OUT)),
        Err(Errno::Inval)
    );
    // path_link through a symlink is not offered: EINVAL, not ignored.
    let new = b"dir/link";
    g.put(3000, new);
    assert_eq!(
        g.call(|c, m| c.path_link(m, 3, 1, PATH, len, 3, 3000, new.len() as u32)),
        Err(Errno::Inval)
    );
    g.call(|c, m| c.path_link(m, 3, 0, PATH, len, 3, 3000, new.len() as u32))
        .unwrap();
    // A trailing slash names a directory.
    let len = g.put(PATH, b"dir/hello.txt/");
    assert_eq!(
        g.call(|c, m| c.path_filestat_get(m, 3, 0, PATH, len, OUT)),
        Err(Errno::Notdir)
    );
    // A link to an absolute path would leave the sandbox.
    let target = b"/etc";
    g.put(3000, target);
    let len = g.put(PATH, b"abs");
    assert_eq!(
        g.call(|c, m| c.path_symlink(m, 3000, target.len() as u32, 3, PATH, len)),
        Err(Errno::Perm)
    );
    assert_eq!(g.call(|c, m| c.proc_raise(m, 2)), Err(Errno::Notsup));
}

/// Preview 1 is 32-bit: a WASI module whose `memory` is 64-bit is refused
/// by `check_module` before it runs, and by the functions if it runs
/// anyway; a 64-bit memory without WASI imports, or a 32-bit one, is fine.
#[test]
#[cfg(feature = "memory64")]
fn a_64_bit_memory_is_refused_clearly() {
    use crate::{Engine, ErrorKind, Linker, Module, Store};
    use alloc::string::ToString;
    let engine = Engine::default();
    let wasi64 = r#"(module
      (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
      (import "wasi_snapshot_preview1" "sched_yield" (func $yield (result i32)))
      (memory (export "memory") i64 1)
      (func (export "_start") (drop (call $yield))))"#;
    let module = Module::new(&engine, wat::parse_str(wasi64).unwrap()).unwrap();
    let err = super::check_module(&module).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Unsupported), "{err}");
    assert!(err.to_string().contains("64-bit"), "{err}");
    let mut store = Store::new(&engine, WasiCtx::builder(MemFs::new(NullBoard)).build());
    let mut linker = Linker::new(&engine);
    super::add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let start = instance.get_func(&store, "_start").unwrap();
    let err = start.call(&mut store, &[], &mut []).unwrap_err();
    assert!(err.to_string().contains("64-bit"), "{err}");
    for fine in [
        r#"(module (memory (export "memory") i64 1))"#,
        r#"(module (import "wasi_snapshot_preview1" "sched_yield" (func (result i32)))
            (memory (export "memory") 1) (memory i64 1))"#,
    ] {
        let module = Module::new(&engine, wat::parse_str(fine).unwrap()).unwrap();
        super::check_module(&module).unwrap();
    }
}
