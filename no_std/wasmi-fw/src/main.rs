//! The comparison firmware for the footprint report: the same steps,
//! modules and checks as Spindle's firmware (`no_std/src/main.rs`), with
//! wasmi 2 as the engine.
//!
//! wasmi is used here and nowhere else in the repository: this image only
//! exists so `no_std/footprint.sh` can set Spindle's flash, heap and stack
//! figures beside a well-known no_std interpreter's, built the same way.
//!
//! WASI comes from Spindle's engine-independent WASI layer (the
//! `WasiCtx` methods and the in-memory backend), wired to wasmi's linker
//! for the functions the guest imports, so the two images differ only by
//! engine. The recursion steps use wasmi's own limits, which play the role
//! of Spindle's `Config`.
//!
//! Feature `validate` (default) builds wasmi with wasmparser's validator
//! and loads modules with `Module::new`; without it the image skips
//! validation with `Module::new_unchecked`, which is sound here because the
//! modules are fixed and were validated when they were built.

#![no_std]
#![no_main]

extern crate alloc;

use alloc::format;
use alloc::string::{String, ToString};
use fwkit::modules::{GUEST, INPUT, KERNEL_ANSWERS, KERNELS};
use fwkit::report::Report;
use spindle::wasi::memfs::{Board, MemFs};
use spindle::wasi::types::{ClockId, WasiResult};
use spindle::wasi::{GuestMemory, WasiCtx};
use wasmi::{Caller, Config, Engine, Extern, Instance, Linker, Module, Store, TrapCode, Val};

/// The board as the guest sees it through WASI (as in Spindle's firmware).
struct FwBoard;

impl Board for FwBoard {
    fn clock_ns(&mut self, clock: ClockId) -> Option<u64> {
        match clock {
            ClockId::Realtime => Some(fwkit::clock::realtime_ns()),
            ClockId::Monotonic => Some(fwkit::clock::monotonic_ns()),
            _ => None,
        }
    }
    fn fill_random(&mut self, buf: &mut [u8]) -> bool {
        fwkit::rng::fill(buf);
        true
    }
    fn write_output(&mut self, _stream: u8, data: &[u8]) {
        fwkit::semihost::write(data);
        fwkit::capture::append(data);
    }
}

/// Store data for a step that uses no WASI. Every step uses the same store
/// data type, as in Spindle's firmware.
fn no_wasi() -> WasiCtx {
    WasiCtx::builder(MemFs::new(spindle::wasi::memfs::NullBoard)).build()
}

fn err(e: impl core::fmt::Display) -> String {
    e.to_string()
}

fn load(engine: &Engine, bytes: &[u8]) -> Result<Module, String> {
    #[cfg(feature = "validate")]
    let module = Module::new(engine, bytes);
    // SAFETY: `bytes` is one of the firmware's fixed modules, which are
    // valid: they are built by rustc or wat2wasm and pass validation in the
    // `validate` build, which runs the same steps.
    #[cfg(not(feature = "validate"))]
    let module = unsafe { Module::new_unchecked(engine, bytes) };
    module.map_err(err)
}

/// Runs `f` on the WASI context and the guest's memory; the WASI errno.
fn with_ctx(
    caller: &mut Caller<'_, WasiCtx>,
    f: impl FnOnce(&mut WasiCtx, &mut GuestMemory<'_>) -> WasiResult<()>,
) -> Result<i32, wasmi::Error> {
    let memory = caller
        .get_export("memory")
        .and_then(Extern::into_memory)
        .ok_or_else(|| wasmi::Error::new("the guest exports no memory"))?;
    let (bytes, ctx) = memory.data_and_store_mut(caller);
    Ok(match f(ctx, &mut GuestMemory::new(bytes)) {
        Ok(()) => 0,
        Err(e) => e as i32,
    })
}

/// Defines the named WASI functions, each forwarding to the `WasiCtx`
/// method of the same name.
macro_rules! wasi_imports {
    ($linker:ident; $( $name:ident ( $($arg:ident : $ty:ty),* ) ; )*) => {
        $(
            $linker
                .func_wrap(
                    "wasi_snapshot_preview1",
                    stringify!($name),
                    |mut caller: Caller<'_, WasiCtx>, $($arg: $ty),*| {
                        with_ctx(&mut caller, |ctx, mem| ctx.$name(mem, $($arg),*))
                    },
                )
                .map_err(err)?;
        )*
    };
}

/// The WASI functions the guest imports.
fn wasi_linker(engine: &Engine) -> Result<Linker<WasiCtx>, String> {
    let mut linker = Linker::new(engine);
    wasi_imports! { linker;
        random_get(buf: u32, len: u32);
        environ_get(environ: u32, buf: u32);
        environ_sizes_get(count: u32, size: u32);
        clock_time_get(id: u32, precision: u64, out: u32);
        fd_close(fd: u32);
        fd_fdstat_get(fd: u32, out: u32);
        fd_filestat_get(fd: u32, out: u32);
        fd_prestat_get(fd: u32, out: u32);
        fd_prestat_dir_name(fd: u32, path: u32, len: u32);
        fd_read(fd: u32, iovs: u32, iovs_len: u32, out: u32);
        fd_write(fd: u32, iovs: u32, iovs_len: u32, out: u32);
        path_open(fd: u32, dirflags: u32, path: u32, len: u32, oflags: u32, base: u64, inheriting: u64, fdflags: u32, out: u32);
    }
    linker
        .func_wrap(
            "wasi_snapshot_preview1",
            "proc_exit",
            |_: Caller<'_, WasiCtx>, code: u32| -> Result<(), wasmi::Error> {
                Err(wasmi::Error::i32_exit(code as i32))
            },
        )
        .map_err(err)?;
    Ok(linker)
}

fn linear_bytes<T>(instance: &Instance, store: &Store<T>) -> usize {
    instance
        .get_memory(store, "memory")
        .map_or(0, |m| m.data(store).len())
}

/// Runs the WASI command to completion and checks its status and output.
fn guest() -> Result<(usize, String), String> {
    let engine = Engine::default();
    let module = load(&engine, GUEST)?;
    let mut fs = MemFs::new(FwBoard);
    fs.add_file("data/input.txt", INPUT)
        .map_err(|e| format!("add_file: {e:?}"))?;
    let ctx = WasiCtx::builder(fs)
        .arg("guest")
        .stdout(MemFs::STDOUT)
        .stderr(MemFs::STDERR)
        .preopened_dir(MemFs::ROOT, "/")
        .build();
    let mut store = Store::new(&engine, ctx);
    let linker = wasi_linker(&engine)?;
    let instance = linker
        .instantiate_and_start(&mut store, &module)
        .map_err(err)?;
    let start = instance
        .get_typed_func::<(), ()>(&store, "_start")
        .map_err(err)?;
    let status = match start.call(&mut store, ()) {
        Ok(()) => 0,
        Err(e) => e.i32_exit_status().ok_or_else(|| err(e))?,
    };
    let linear = linear_bytes(&instance, &store);
    let out = fwkit::capture::take();
    if status != 0 {
        return Err(format!("guest exited with status {status}"));
    }
    if !fwkit::modules::guest_output_ok(&out) {
        return Err("unexpected guest output".to_string());
    }
    Ok((linear, format!("exit=0,stdout_bytes={}", out.len())))
}

/// Runs the compute kernels and checks their answers.
fn kernels() -> Result<(usize, String), String> {
    let engine = Engine::default();
    let module = load(&engine, KERNELS)?;
    let mut store = Store::new(&engine, no_wasi());
    let instance = Linker::new(&engine)
        .instantiate_and_start(&mut store, &module)
        .map_err(err)?;
    let fib_rec = instance
        .get_typed_func::<i32, i32>(&store, "fib_rec")
        .map_err(err)?;
    let fib_iter = instance
        .get_typed_func::<i32, i64>(&store, "fib_iter")
        .map_err(err)?;
    let sieve = instance
        .get_typed_func::<i32, i32>(&store, "sieve")
        .map_err(err)?;
    let got = (
        fib_rec.call(&mut store, 24).map_err(err)?,
        fib_iter.call(&mut store, 90).map_err(err)?,
        sieve.call(&mut store, 10_000).map_err(err)?,
    );
    if got != KERNEL_ANSWERS {
        return Err(format!("wrong answers {got:?}"));
    }
    Ok((
        linear_bytes(&instance, &store),
        "fib_rec(24),fib_iter(90),sieve(10000)".to_string(),
    ))
}

/// Calls the kernel `export` (unbounded recursion) under `config`, with
/// the heap limited to `heap_budget` more bytes if given, and expects a
/// stack-overflow trap, or with a budget any clean error (wasmi reports a
/// failed allocation as "out of system memory", not as a trap).
fn recursion(
    config: &Config,
    export: &str,
    heap_budget: Option<usize>,
) -> Result<(usize, String), String> {
    let engine = Engine::new(config);
    let module = load(&engine, KERNELS)?;
    let mut store = Store::new(&engine, no_wasi());
    let instance = Linker::new(&engine)
        .instantiate_and_start(&mut store, &module)
        .map_err(err)?;
    let func = instance.get_func(&store, export).ok_or("no such export")?;
    let mut results = [Val::I32(0)];
    fwkit::heap::set_budget(heap_budget.map(|b| fwkit::heap::used() + b));
    let outcome = func.call(&mut store, &[Val::I32(0)], &mut results);
    fwkit::heap::set_budget(None);
    match outcome {
        Ok(()) => Err("recursion returned".to_string()),
        Err(e) if e.as_trap_code() == Some(TrapCode::StackOverflow) => {
            Ok((linear_bytes(&instance, &store), format!("trap:{e}")))
        }
        Err(e) if heap_budget.is_some() => {
            Ok((linear_bytes(&instance, &store), format!("error:{e}")))
        }
        Err(e) => Err(format!("unexpected error: {e}")),
    }
}

#[fwkit::entry]
fn main() -> ! {
    fwkit::boot();
    let mut report = Report::new("wasmi");
    report.step("guest", guest);
    report.step("kernels", kernels);
    report.step("deep_default", || {
        recursion(&Config::default(), "deep", None)
    });
    report.step("deep_heap_exhausted", || {
        recursion(&Config::default(), "deep_fat", Some(256 * 1024))
    });
    report.step("deep_small_config", || {
        let mut config = Config::default();
        config.set_max_recursion_depth(1_000);
        recursion(&config, "deep", None)
    });
    report.finish()
}
