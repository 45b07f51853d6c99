//! WASI preview1 with hostile arguments: a sequence of calls, each to one
//! preview1 function with arguments drawn to hurt (small and huge
//! descriptors, pointers in memory, at its end and past it, huge lengths,
//! every flag bit), over a guest memory whose first bytes (paths such as
//! `..`, `link_out/secret.txt` or `/etc`, iovec arrays) come from the input
//! too. The calls go through a small module that imports every function and
//! exports a wrapper for each, so they reach the host exactly as a guest's
//! would.
//!
//! Both backends, chosen by the input:
//! - std (`StdHost`): the sandbox is a fresh host directory next to an
//!   `outside` directory holding a secret, with symlinks from the sandbox
//!   to it (relative and absolute) and a file and a subdirectory of its
//!   own. After the calls, everything around the sandbox must be as it was:
//!   the same entries beside it, and `outside` with the same contents.
//! - embedded (`MemFs`), with the same tree.
//!
//! Every call must return a preview1 errno (0 to 76); a trap, a panic or an
//! access outside the sandbox is a finding. `poll_oneoff` runs only on the
//! embedded backend, whose board does not really sleep: on the std backend a
//! guest may legitimately ask to sleep for years.
#![no_main]

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use spindle::wasi::memfs::{Board, MemFs};
use spindle::wasi::std_host::StdHost;
use spindle::wasi::types::ClockId;
use spindle::wasi::{self, WasiCtx};
use spindle::{Engine, Instance, Linker, Module, Store, Val};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// Every preview1 function but `proc_exit`, with its parameters (`i` an
/// i32, `I` an i64), as `wasi::add_to_linker` registers them.
const FUNCS: &[(&str, &str)] = &[
    ("args_get", "ii"),
    ("args_sizes_get", "ii"),
    ("environ_get", "ii"),
    ("environ_sizes_get", "ii"),
    ("clock_res_get", "ii"),
    ("clock_time_get", "iIi"),
    ("fd_advise", "iIIi"),
    ("fd_allocate", "iII"),
    ("fd_close", "i"),
    ("fd_datasync", "i"),
    ("fd_fdstat_get", "ii"),
    ("fd_fdstat_set_flags", "ii"),
    ("fd_fdstat_set_rights", "iII"),
    ("fd_filestat_get", "ii"),
    ("fd_filestat_set_size", "iI"),
    ("fd_filestat_set_times", "iIIi"),
    ("fd_pread", "iiiIi"),
    ("fd_prestat_get", "ii"),
    ("fd_prestat_dir_name", "iii"),
    ("fd_pwrite", "iiiIi"),
    ("fd_read", "iiii"),
    ("fd_readdir", "iiiIi"),
    ("fd_renumber", "ii"),
    ("fd_seek", "iIii"),
    ("fd_sync", "i"),
    ("fd_tell", "ii"),
    ("fd_write", "iiii"),
    ("path_create_directory", "iii"),
    ("path_filestat_get", "iiiii"),
    ("path_filestat_set_times", "iiiiIIi"),
    ("path_link", "iiiiiii"),
    ("path_open", "iiiiiIIii"),
    ("path_readlink", "iiiiii"),
    ("path_remove_directory", "iii"),
    ("path_rename", "iiiiii"),
    ("path_symlink", "iiiii"),
    ("path_unlink_file", "iii"),
    ("poll_oneoff", "iiii"),
    ("proc_raise", "i"),
    ("random_get", "ii"),
    ("sched_yield", ""),
    ("sock_accept", "iii"),
    ("sock_recv", "iiiiii"),
    ("sock_send", "iiiii"),
    ("sock_shutdown", "ii"),
];

/// The largest preview1 errno (`notcapable`).
const MAX_ERRNO: i32 = 76;

/// Paths the memory image starts with, for the input to point at.
const PATHS: &[&str] = &[
    "file.txt",
    "dir",
    "dir/inner.txt",
    "link_out",
    "link_out/secret.txt",
    "link_abs/secret.txt",
    "..",
    "../outside/secret.txt",
    "/etc/passwd",
    "dir/../..",
    "new",
    "new/x",
    ".",
    "",
];

/// The engine and the module: every function imported, and exported as
/// `f<index>` (compiled once per process).
fn compiled() -> &'static (Engine, Module) {
    static COMPILED: OnceLock<(Engine, Module)> = OnceLock::new();
    COMPILED.get_or_init(|| {
        let ty = |p: char| if p == 'I' { "i64" } else { "i32" };
        let mut text = String::from("(module\n");
        for (i, (name, params)) in FUNCS.iter().enumerate() {
            let params: Vec<&str> = params.chars().map(ty).collect();
            text += &format!(
                "  (import \"wasi_snapshot_preview1\" \"{name}\" (func $w{i} (param {}) (result i32)))\n",
                params.join(" ")
            );
        }
        text += "  (memory (export \"memory\") 1)\n";
        for (i, (_, params)) in FUNCS.iter().enumerate() {
            let types: Vec<&str> = params.chars().map(ty).collect();
            let gets: String = (0..types.len()).map(|j| format!("(local.get {j}) ")).collect();
            text += &format!(
                "  (func (export \"f{i}\") (param {}) (result i32) (call $w{i} {gets}))\n",
                types.join(" ")
            );
        }
        text += ")\n";
        let bytes = wat::parse_str(&text).expect("the wrapper module assembles");
        let engine = Engine::default();
        let module = Module::new(&engine, bytes).expect("the wrapper module compiles");
        (engine, module)
    })
}

/// A 32-bit argument meant to hurt: a descriptor, a pointer or a length.
fn hostile_u32(u: &mut Unstructured<'_>) -> Result<u32> {
    Ok(match u.int_in_range(0..=5)? {
        0 => u.int_in_range(0..=10)?,
        1 => u.int_in_range(0..=2048)?,
        2 => u.int_in_range(65_000..=65_536)?,
        3 => u32::MAX - u.int_in_range(0..=8)?,
        4 => 1 << u.int_in_range(0..=31)?,
        _ => u.arbitrary()?,
    })
}

fn hostile_u64(u: &mut Unstructured<'_>) -> Result<u64> {
    Ok(match u.int_in_range(0..=4)? {
        0 => u.int_in_range(0..=4096)?,
        1 => u64::MAX - u.int_in_range(0..=8)?,
        2 => 1 << u.int_in_range(0..=63)?,
        3 => i64::MAX as u64,
        _ => u.arbitrary()?,
    })
}

struct FuzzBoard;

impl Board for FuzzBoard {
    fn clock_ns(&mut self, _: ClockId) -> Option<u64> {
        Some(1_000_000_000)
    }
    fn fill_random(&mut self, buf: &mut [u8]) -> bool {
        buf.fill(4);
        true
    }
    fn write_output(&mut self, _: u8, _: &[u8]) {}
}

/// What is around the sandbox: every entry of the run's directory but the
/// sandbox, and the contents of everything under `outside`.
fn surroundings(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(path: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            return;
        };
        if meta.is_dir() {
            out.insert(path.to_path_buf(), b"dir".to_vec());
            let mut entries: Vec<_> = std::fs::read_dir(path)
                .into_iter()
                .flatten()
                .flatten()
                .collect();
            entries.sort_by_key(|e| e.path());
            for e in entries {
                walk(&e.path(), out);
            }
        } else if meta.file_type().is_symlink() {
            out.insert(
                path.to_path_buf(),
                std::fs::read_link(path)
                    .unwrap_or_default()
                    .into_os_string()
                    .into_encoded_bytes(),
            );
        } else {
            out.insert(path.to_path_buf(), std::fs::read(path).unwrap_or_default());
        }
    }
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(root).into_iter().flatten().flatten() {
        if e.file_name() != "sandbox" {
            walk(&e.path(), &mut out);
        }
    }
    out
}

/// A fresh run directory: `sandbox/` (preopened) beside `outside/`.
fn std_tree() -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let root = std::env::temp_dir()
        .join(format!("spindle-wasi-fuzz-{}", std::process::id()))
        .join(NEXT.fetch_add(1, Ordering::Relaxed).to_string());
    let sandbox = root.join("sandbox");
    std::fs::create_dir_all(sandbox.join("dir")).unwrap();
    std::fs::create_dir_all(root.join("outside")).unwrap();
    std::fs::write(root.join("outside/secret.txt"), b"secret").unwrap();
    std::fs::write(root.join("beside.txt"), b"beside").unwrap();
    std::fs::write(sandbox.join("file.txt"), b"hello").unwrap();
    std::fs::write(sandbox.join("dir/inner.txt"), b"inner").unwrap();
    std::os::unix::fs::symlink("../outside", sandbox.join("link_out")).unwrap();
    std::os::unix::fs::symlink(root.join("outside"), sandbox.join("link_abs")).unwrap();
    std::os::unix::fs::symlink("file.txt", sandbox.join("link_self")).unwrap();
    root
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});

fn run(data: &[u8]) -> Result<()> {
    let mut u = Unstructured::new(data);
    let embedded: bool = u.arbitrary()?;
    let (ctx, root) = if embedded {
        let mut fs = MemFs::new(FuzzBoard);
        fs.add_dir("dir").unwrap();
        fs.add_file("file.txt", b"hello".to_vec()).unwrap();
        fs.add_file("dir/inner.txt", b"inner".to_vec()).unwrap();
        let ctx = WasiCtx::builder(fs)
            .arg("fuzz")
            .env("K", "V")
            .stdout(MemFs::STDOUT)
            .stderr(MemFs::STDERR)
            .preopened_dir(MemFs::ROOT, "/sandbox")
            .build();
        (ctx, None)
    } else {
        let root = std_tree();
        let mut host = StdHost::new();
        let dir = host.open_dir(root.join("sandbox")).unwrap();
        let stdin = host.input(b"input".to_vec());
        let (stdout, _) = host.capture();
        let (stderr, _) = host.capture();
        let ctx = WasiCtx::builder(host)
            .arg("fuzz")
            .env("K", "V")
            .stdin(stdin)
            .stdout(stdout)
            .stderr(stderr)
            .preopened_dir(dir, "/sandbox")
            .build();
        (ctx, Some(root))
    };
    let before = root.as_deref().map(surroundings);
    let result = calls(&mut u, ctx, embedded);
    if let (Some(root), Some(before)) = (&root, before) {
        let after = surroundings(root);
        let _ = std::fs::remove_dir_all(root);
        // The process's folder too, once empty (it is made again per run).
        if let Some(parent) = root.parent() {
            let _ = std::fs::remove_dir(parent);
        }
        assert_eq!(before, after, "the host tree around the sandbox changed");
    }
    result
}

fn calls(u: &mut Unstructured<'_>, ctx: WasiCtx, embedded: bool) -> Result<()> {
    let (engine, module) = compiled();
    let mut store = Store::new(engine, ctx);
    let mut linker = Linker::new(engine);
    wasi::add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx).unwrap();
    let instance: Instance = linker
        .instantiate(&mut store, module)
        .expect("the wrapper module instantiates");
    let memory = instance.get_memory(&store, "memory").unwrap();
    // The memory image: the paths, then bytes from the input.
    let mut image: Vec<u8> = PATHS.iter().flat_map(|p| p.bytes().chain([0])).collect();
    let n = u.int_in_range(0..=1024)?;
    image.extend_from_slice(u.bytes(n)?);
    memory.write(&mut store, 0, &image).unwrap();
    for _ in 0..u.int_in_range(1..=24)? {
        let index = u.choose_index(FUNCS.len())?;
        let (name, params) = FUNCS[index];
        if name == "poll_oneoff" && !embedded {
            continue;
        }
        let args: Vec<Val> = params
            .chars()
            .map(|p| {
                Ok(if p == 'I' {
                    Val::I64(hostile_u64(u)? as i64)
                } else {
                    Val::I32(hostile_u32(u)? as i32)
                })
            })
            .collect::<Result<_>>()?;
        let func = instance.get_func(&store, &format!("f{index}")).unwrap();
        let mut out = [Val::I32(0)];
        match func.call(&mut store, &args, &mut out) {
            Ok(()) => {
                let errno = out[0].i32().unwrap();
                assert!(
                    (0..=MAX_ERRNO).contains(&errno),
                    "{name}{args:?} returned {errno}, not a preview1 errno"
                );
            }
            Err(e) => panic!("{name}{args:?} failed: {e}"),
        }
    }
    Ok(())
}
