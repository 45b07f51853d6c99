//! The WASI suite: every program in `tests/wasi/bin/` (built from
//! `tests/wasi/programs/` by `tests/wasi/build.sh`, committed so that no wasm
//! toolchain is needed) run in-process on the std backend, as
//! `tests/wasi/README.md` prescribes, and the portable one on the embedded
//! backend too. Part of `cargo test`.

use spindle::wasi::memfs::{Board, MemFs};
use spindle::wasi::std_host::StdHost;
use spindle::wasi::types::ClockId;
use spindle::wasi::{self, WasiCtx};
use spindle::{Engine, Linker, Module, Store};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

fn program(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/wasi/bin")
        .join(format!("{name}.wasm"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs `_start`; returns the exit status (0 when `_start` returns).
fn run(wasm: &[u8], ctx: WasiCtx) -> i32 {
    let engine = Engine::default();
    let module = Module::new(&engine, wasm).expect("program compiles");
    let mut store = Store::new(&engine, ctx);
    let mut linker = Linker::new(&engine);
    wasi::add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx).unwrap();
    let instance = linker
        .instantiate(&mut store, &module)
        .expect("program instantiates");
    let start = instance
        .get_typed_func::<(), ()>(&store, "_start")
        .expect("a command");
    match start.call(&mut store, ()) {
        Ok(()) => 0,
        Err(e) => e
            .exit_code()
            .unwrap_or_else(|| panic!("program trapped: {e}")),
    }
}

fn sandbox(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("spindle-wasi-suite-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs a program on the std backend the way the suite's README says:
/// argv `name a b c`, `SPINDLE_TEST=1`, a fresh directory as `/sandbox`
/// (fd 3) and, optionally, a listener as fd 4.
fn run_std(name: &str, listener: Option<std::net::TcpListener>) -> (i32, String) {
    let dir = sandbox(name);
    let mut host = StdHost::new();
    let root = host.open_dir(&dir).unwrap();
    let (out, captured) = host.capture();
    let socket = listener.map(|l| host.listener(l));
    let stdin = host.input(Vec::new());
    let mut builder = WasiCtx::builder(host)
        .args([name, "a", "b", "c"])
        .env("SPINDLE_TEST", "1")
        .stdin(stdin)
        .stdout(out)
        .stderr(out)
        .preopened_dir(root, "/sandbox");
    if let Some(fd) = socket {
        // After the directory: the guest sees it as fd 4.
        builder = builder.preopened_socket(fd);
    }
    let status = run(&program(name), builder.build());
    let _ = std::fs::remove_dir_all(&dir);
    let text = String::from_utf8_lossy(&captured.lock().unwrap()).into_owned();
    (status, text)
}

fn check(name: &str, want: i32) {
    let (status, out) = run_std(name, None);
    let failures: Vec<&str> = out.lines().filter(|l| l.starts_with("FAIL")).collect();
    assert!(failures.is_empty(), "{name}: {failures:#?}");
    assert_eq!(status, want, "{name} exit status; output:\n{out}");
    if want == 0 {
        assert!(
            out.lines()
                .any(|l| l.starts_with(&format!("{name}: ")) && l.ends_with(" 0 failed")),
            "{out}"
        );
    }
}

#[test]
fn args_env() {
    check("args_env", 0);
}

#[test]
fn clocks_random() {
    check("clocks_random", 0);
}

#[test]
fn fd_basic() {
    check("fd_basic", 0);
}

#[test]
fn files() {
    check("files", 0);
}

#[test]
fn dirs() {
    check("dirs", 0);
}

#[test]
fn sandbox_escapes() {
    check("sandbox", 0);
}

#[test]
fn poll() {
    check("poll", 0);
}

#[test]
fn exit_code() {
    let (status, out) = run_std("exit_code", None);
    assert_eq!(status, 42);
    assert!(
        out.contains("# exit_code: calling proc_exit(42)"),
        "output before proc_exit is kept: {out}"
    );
}

#[test]
fn portable_on_std() {
    check("portable", 0);
}

#[test]
fn sockets_on_loopback() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let client = std::thread::spawn(move || {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(20)))
            .unwrap();
        s.write_all(b"ping\n").unwrap();
        let mut reply = Vec::new();
        s.read_to_end(&mut reply).unwrap();
        reply
    });
    let (status, out) = run_std("sockets", Some(listener));
    assert_eq!(client.join().unwrap(), b"pong\n");
    assert_eq!(status, 0, "{out}");
}

/// A board with the host's clock and a deterministic random source, and
/// output captured.
struct TestBoard {
    out: Arc<Mutex<Vec<u8>>>,
    start: std::time::Instant,
    seed: u64,
}

impl Board for TestBoard {
    fn clock_ns(&mut self, clock: ClockId) -> Option<u64> {
        match clock {
            ClockId::Realtime => Some(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .ok()?
                    .as_nanos() as u64,
            ),
            ClockId::Monotonic => Some(self.start.elapsed().as_nanos() as u64),
            _ => None,
        }
    }
    fn fill_random(&mut self, buf: &mut [u8]) -> bool {
        for b in buf {
            self.seed ^= self.seed << 13;
            self.seed ^= self.seed >> 7;
            self.seed ^= self.seed << 17;
            *b = self.seed as u8;
        }
        true
    }
    fn write_output(&mut self, _stream: u8, data: &[u8]) {
        self.out.lock().unwrap().extend_from_slice(data);
    }
}

#[test]
fn portable_on_the_embedded_backend() {
    let out = Arc::new(Mutex::new(Vec::new()));
    let fs = MemFs::new(TestBoard {
        out: out.clone(),
        start: std::time::Instant::now(),
        seed: 0x9e3779b97f4a7c15,
    });
    let ctx = WasiCtx::builder(fs)
        .args(["portable", "a", "b", "c"])
        .env("SPINDLE_TEST", "1")
        .stdin(MemFs::STDIN)
        .stdout(MemFs::STDOUT)
        .stderr(MemFs::STDERR)
        .preopened_dir(MemFs::ROOT, "/sandbox")
        .build();
    let status = run(&program("portable"), ctx);
    let text = String::from_utf8_lossy(&out.lock().unwrap()).into_owned();
    assert_eq!(status, 0, "{text}");
    assert!(!text.contains("FAIL"), "{text}");
}
