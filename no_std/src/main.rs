//! Spindle on a microcontroller: firmware for a Cortex-M4
//! (`thumbv7em-none-eabihf`), run under `qemu-system-arm -machine
//! mps2-an386` (see `.cargo/config.toml` and `README.md`).
//!
//! It embeds Spindle with the embedded WASI backend ([`MemFs`] and a
//! [`Board`] whose clock, randomness and output come from the firmware) and
//! runs, checking each result:
//!
//! 1. `guest`: a WASI command built from Rust (`guest/`, committed as
//!    `wasm/guest.wasm`) that prints, reads a file from the in-memory
//!    filesystem, and uses the clock and randomness;
//! 2. `kernels`: compute kernels (`wasm/kernels.wat`) with known answers;
//! 3. `tail_calls`: 10⁶ mutually recursive tail calls with only 4 KiB of
//!    heap to spare (tail calls run in constant space);
//! 4. deep recursion, which must end in a stack-overflow trap, never a
//!    fault: with the default configuration; with the default
//!    configuration and a heap that runs out first; and with a small
//!    configuration sized for a device.
//!
//! A fourth recursion runs with the default configuration and only 32 KiB
//! of heap to spare, so the list of call frames (not the value stack) is
//! what runs out first; it must trap too.
//!
//! With the feature `unchecked`, modules are loaded without validation
//! (`Module::new_unchecked`), to measure the image without wasmparser's
//! validator. Without the default feature `wasi`, step 1 and the WASI backend are left
//! out (to measure their share of the image).
//!
//! The exit status is 0 when every check passed (see `fwkit::report`).

#![no_std]
#![no_main]

extern crate alloc;

use alloc::format;
use alloc::string::{String, ToString};
#[cfg(feature = "wasi")]
use fwkit::modules::{GUEST, INPUT};
use fwkit::modules::{KERNEL_ANSWERS, KERNELS};
use fwkit::report::Report;
#[cfg(feature = "wasi")]
use spindle::wasi::memfs::{Board, MemFs};
#[cfg(feature = "wasi")]
use spindle::wasi::types::ClockId;
#[cfg(feature = "wasi")]
use spindle::wasi::{self, WasiCtx};
use spindle::{Config, Engine, Linker, Module, Store, TrapCode};

/// The board as the guest sees it through WASI.
#[cfg(feature = "wasi")]
struct FwBoard;

#[cfg(feature = "wasi")]
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

/// The store's data in every step. One type for all steps, as on a device
/// that runs one kind of guest: Spindle's engine is generic over the
/// store's data, so each extra type would add a copy of the interpreter to
/// the image and skew the footprint.
#[cfg(feature = "wasi")]
type Host = WasiCtx;
#[cfg(not(feature = "wasi"))]
type Host = ();

/// Store data for a step that uses no WASI.
fn no_wasi() -> Host {
    #[cfg(feature = "wasi")]
    return WasiCtx::builder(MemFs::new(spindle::wasi::memfs::NullBoard)).build();
    #[cfg(not(feature = "wasi"))]
    ()
}

fn err(e: impl core::fmt::Display) -> String {
    e.to_string()
}

/// Loads one of the firmware's modules: validated by default; with the
/// feature `unchecked`, through `Module::new_unchecked`, so the image holds
/// no validator.
fn load(engine: &Engine, bytes: &[u8]) -> Result<Module, String> {
    #[cfg(not(feature = "unchecked"))]
    let module = Module::new(engine, bytes);
    // SAFETY: `bytes` is one of the firmware's fixed modules, which are
    // valid: the default build validates the very same bytes and runs the
    // same steps in CI.
    #[cfg(feature = "unchecked")]
    let module = unsafe { Module::new_unchecked(engine, bytes) };
    module.map_err(err)
}

/// Runs the WASI command to completion and checks its status and output.
#[cfg(feature = "wasi")]
fn guest() -> Result<(usize, String), String> {
    let engine = Engine::default();
    let module = load(&engine, GUEST)?;
    let mut fs = MemFs::new(FwBoard);
    fs.add_file("data/input.txt", INPUT)
        .map_err(|e| format!("add_file: errno {}", e as u16))?;
    let ctx = WasiCtx::builder(fs)
        .arg("guest")
        .stdout(MemFs::STDOUT)
        .stderr(MemFs::STDERR)
        .preopened_dir(MemFs::ROOT, "/")
        .build();
    let mut store = Store::new(&engine, ctx);
    let mut linker = Linker::new(&engine);
    wasi::add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx).map_err(err)?;
    let instance = linker.instantiate(&mut store, &module).map_err(err)?;
    let start = instance
        .get_typed_func::<(), ()>(&store, "_start")
        .map_err(err)?;
    let status = match start.call(&mut store, ()) {
        Ok(()) => 0,
        Err(e) => e.exit_code().ok_or_else(|| err(e))?,
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

fn linear_bytes<T>(instance: &spindle::Instance, store: &Store<T>) -> usize {
    instance
        .get_memory(store, "memory")
        .map_or(0, |m| m.size(store) as usize * spindle::PAGE_SIZE)
}

/// The kernels module, instantiated under `config` (one copy of this code
/// for every step that runs kernels).
#[inline(never)]
fn kernels_instance(config: &Config) -> Result<(Store<Host>, spindle::Instance), String> {
    let engine = Engine::new(config);
    let module = load(&engine, KERNELS)?;
    let mut store = Store::new(&engine, no_wasi());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .map_err(err)?;
    Ok((store, instance))
}

/// Runs the compute kernels and checks their answers.
fn kernels() -> Result<(usize, String), String> {
    let (mut store, instance) = kernels_instance(&Config::default())?;
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
        return Err(format!("wrong answers {} {} {}", got.0, got.1, got.2));
    }
    Ok((
        linear_bytes(&instance, &store),
        "fib_rec(24),fib_iter(90),sieve(10000)".to_string(),
    ))
}

/// Calls the kernel `export` (unbounded recursion) under `config`, with
/// the heap limited to `heap_budget` more bytes if given, and expects a
/// stack-overflow trap.
fn recursion(
    config: &Config,
    export: &str,
    heap_budget: Option<usize>,
) -> Result<(usize, String), String> {
    let (mut store, instance) = kernels_instance(config)?;
    let func = instance.get_func(&store, export).ok_or("no such export")?;
    let mut results = [spindle::Val::I32(0)];
    fwkit::heap::set_budget(heap_budget.map(|b| fwkit::heap::used() + b));
    let outcome = func.call(&mut store, &[spindle::Val::I32(0)], &mut results);
    fwkit::heap::set_budget(None);
    match outcome {
        Ok(()) => Err("recursion returned".to_string()),
        Err(e) if e.trap_code() == Some(TrapCode::StackOverflow) => Ok((
            linear_bytes(&instance, &store),
            format!("trap:{}", e.message()),
        )),
        Err(e) => Err(format!("unexpected error: {e}")),
    }
}

/// 10⁶ mutually recursive tail calls (`tail_even`) with the default config
/// and only 4 KiB more heap: a frame per call would need far more (a
/// `deep` recursion traps at its call-depth limit first).
fn tail_calls() -> Result<(usize, String), String> {
    let (mut store, instance) = kernels_instance(&Config::default())?;
    let tail_even = instance
        .get_typed_func::<i32, i32>(&store, "tail_even")
        .map_err(err)?;
    // Warm up (translation, the value stack's first frames) without a budget.
    if tail_even.call(&mut store, 11).map_err(err)? != 0 {
        return Err("tail_even(11) is not 0".to_string());
    }
    fwkit::heap::set_budget(Some(fwkit::heap::used() + 4 * 1024));
    let got = tail_even.call(&mut store, 1_000_000);
    fwkit::heap::set_budget(None);
    match got.map_err(err)? {
        1 => Ok((linear_bytes(&instance, &store), "tail_even(1000000)".to_string())),
        other => Err(format!("tail_even(1000000) = {other}")),
    }
}

#[fwkit::entry]
fn main() -> ! {
    fwkit::boot();
    let mut report = Report::new("spindle");
    #[cfg(feature = "wasi")]
    report.step("guest", guest);
    report.step("kernels", kernels);
    report.step("tail_calls", tail_calls);
    report.step("deep_default", || {
        recursion(&Config::default(), "deep", None)
    });
    report.step("deep_heap_exhausted", || {
        recursion(&Config::default(), "deep_fat", Some(256 * 1024))
    });
    report.step("deep_tight_heap", || {
        recursion(&Config::default(), "deep", Some(32 * 1024))
    });
    report.step("deep_small_config", || {
        let mut config = Config::new();
        config.max_call_depth(1_000).max_stack_slots(16 * 1024);
        recursion(&config, "deep", None)
    });
    report.finish()
}
