//! WASI preview1 for C embedders (`spindle.h`): a configuration object,
//! the store's WASI context, the import functions, and running a command.
//!
//! With `std` the guest sees the host's filesystem through preopened
//! directories (Spindle's std backend). A configuration with in-memory
//! files, and every configuration in a build without `std`, uses the
//! embedded backend instead: an in-memory filesystem preopened as `/`,
//! with no clock and no randomness in `no_std` (the guest gets `ENOTSUP`).
//!
//! stdout and stderr are captured into the store by default, and can be
//! read with `spindle_store_wasi_stdout`/`stderr`; `inherit` sends them to
//! the host's instead (std only). stdin is empty unless given bytes or
//! inherited.

use crate::instance::instance_of;
use crate::module::module_of;
use crate::object::{
    Obj, trap_from_error, trap_from_message, wasm_extern_t, wasm_instance_t, wasm_trap_t,
};
use crate::store::{StoreCell, StoreData, cell_of, wasm_store_t};
use crate::types::{own, wasm_importtype_t};
use crate::vec::{CVec, wasm_byte_vec_t};
use crate::{guard, opt, opt_mut};
use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cell::RefCell;
use core::ffi::{CStr, c_char};
use core::ptr;
use spindle::wasi::memfs::{Board, MemFs};
use spindle::wasi::types::ClockId;
use spindle::wasi::{WasiCtx, WasiCtxBuilder};
use spindle::{Extern, ExternType, Instance, Linker, Store};

const WASI_MODULE: &str = "wasi_snapshot_preview1";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Out {
    Capture,
    Inherit,
}

enum In {
    Empty,
    Inherit,
    Bytes(Vec<u8>),
}

/// `spindle_wasi_config_t`.
pub struct spindle_wasi_config_t {
    args: Vec<String>,
    env: Vec<(String, String)>,
    preopens: Vec<(String, String)>,
    files: Vec<(String, Vec<u8>)>,
    stdin: In,
    stdout: Out,
    stderr: Out,
}

/// A buffer the embedded backend's board writes into.
#[derive(Clone, Default)]
pub(crate) struct Shared(Rc<RefCell<Vec<u8>>>);

// SAFETY: a store, its WASI context and the board in it are used from one
// thread at a time (wasm.h's stores are single-threaded), and the buffer is
// shared only with that store's data.
unsafe impl Send for Shared {}

/// A captured output stream.
#[derive(Clone)]
pub(crate) enum Captured {
    #[cfg(feature = "std")]
    Std(std::sync::Arc<std::sync::Mutex<Vec<u8>>>),
    Mem(Shared),
}

impl Captured {
    fn bytes(&self) -> Vec<u8> {
        match self {
            #[cfg(feature = "std")]
            Captured::Std(b) => b.lock().map(|b| b.clone()).unwrap_or_default(),
            Captured::Mem(b) => b.0.borrow().clone(),
        }
    }
}

/// The store's captured stdout and stderr.
#[derive(Default)]
pub struct Output {
    streams: [Option<Captured>; 2],
}

/// The embedded backend's board: output captured or inherited; a
/// monotonic and real-time clock and no randomness with std, neither
/// without.
struct CBoard {
    out: [Option<Shared>; 2],
    #[cfg(feature = "std")]
    start: std::time::Instant,
}

impl Board for CBoard {
    fn clock_ns(&mut self, clock: ClockId) -> Option<u64> {
        #[cfg(feature = "std")]
        {
            match clock {
                ClockId::Realtime => std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .ok()
                    .map(|d| d.as_nanos() as u64),
                ClockId::Monotonic => Some(self.start.elapsed().as_nanos() as u64),
                _ => None,
            }
        }
        #[cfg(not(feature = "std"))]
        {
            let _ = clock;
            None
        }
    }
    fn fill_random(&mut self, _: &mut [u8]) -> bool {
        false
    }
    fn write_output(&mut self, stream: u8, data: &[u8]) {
        match self.out.get(stream as usize - 1) {
            Some(Some(buf)) => buf.0.borrow_mut().extend_from_slice(data),
            #[cfg(feature = "std")]
            Some(None) => {
                use std::io::Write;
                let _ = if stream == 1 {
                    std::io::stdout().write_all(data)
                } else {
                    std::io::stderr().write_all(data)
                };
            }
            _ => {}
        }
    }
}

/// A new configuration: no arguments, no environment, nothing preopened,
/// empty stdin, captured stdout and stderr.
#[unsafe(no_mangle)]
pub extern "C" fn spindle_wasi_config_new() -> *mut spindle_wasi_config_t {
    own(spindle_wasi_config_t {
        args: Vec::new(),
        env: Vec::new(),
        preopens: Vec::new(),
        files: Vec::new(),
        stdin: In::Empty,
        stdout: Out::Capture,
        stderr: Out::Capture,
    })
}

crate::types::c_delete!(spindle_wasi_config_t, spindle_wasi_config_delete);

/// A C string as text (invalid UTF-8 replaced); `None` for NULL.
fn text(s: *const c_char) -> Option<String> {
    if s.is_null() {
        return None;
    }
    // SAFETY: a non-NULL argument is a NUL-terminated string (spindle.h).
    Some(String::from_utf8_lossy(unsafe { CStr::from_ptr(s) }.to_bytes()).into_owned())
}

fn config<'a>(c: *mut spindle_wasi_config_t) -> Option<&'a mut spindle_wasi_config_t> {
    // SAFETY: NULL or live.
    unsafe { opt_mut(c) }
}

/// Appends an argument; nothing for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn spindle_wasi_config_arg(
    c: *mut spindle_wasi_config_t,
    arg: *const c_char,
) {
    if let (Some(c), Some(arg)) = (config(c), text(arg)) {
        c.args.push(arg);
    }
}

/// Adds an environment variable; nothing for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn spindle_wasi_config_env(
    c: *mut spindle_wasi_config_t,
    key: *const c_char,
    value: *const c_char,
) {
    if let (Some(c), Some(k), Some(v)) = (config(c), text(key), text(value)) {
        c.env.push((k, v));
    }
}

/// Preopens a host directory; false if it cannot be opened or there is no
/// host filesystem (no std).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn spindle_wasi_config_preopen_dir(
    c: *mut spindle_wasi_config_t,
    host: *const c_char,
    guest: *const c_char,
) -> bool {
    let (Some(c), Some(host), Some(guest)) = (config(c), text(host), text(guest)) else {
        return false;
    };
    #[cfg(feature = "std")]
    {
        if !std::path::Path::new(&host).is_dir() {
            return false;
        }
        c.preopens.push((host, guest));
        true
    }
    #[cfg(not(feature = "std"))]
    {
        let _ = (c, host, guest);
        false
    }
}

/// Adds an in-memory file (and its directories); false for a path that
/// cannot be a file (empty, or `..` components).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn spindle_wasi_config_file(
    c: *mut spindle_wasi_config_t,
    path: *const c_char,
    contents: *const wasm_byte_vec_t,
) -> bool {
    let (Some(c), Some(path)) = (config(c), text(path)) else {
        return false;
    };
    if path.split('/').all(|p| p.is_empty() || p == ".") || path.split('/').any(|p| p == "..") {
        return false;
    }
    // SAFETY: NULL or a live vector.
    let bytes = unsafe { opt(contents) }.map_or(&[][..], |v| v.as_slice());
    c.files.push((path, bytes.to_vec()));
    true
}

/// stdin from the host.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn spindle_wasi_config_inherit_stdin(c: *mut spindle_wasi_config_t) {
    if let Some(c) = config(c) {
        c.stdin = In::Inherit;
    }
}

/// stdin reads these bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn spindle_wasi_config_stdin_bytes(
    c: *mut spindle_wasi_config_t,
    bytes: *const wasm_byte_vec_t,
) {
    if let Some(c) = config(c) {
        // SAFETY: NULL or a live vector.
        c.stdin = In::Bytes(unsafe { opt(bytes) }.map_or(Vec::new(), |v| v.as_slice().to_vec()));
    }
}

macro_rules! out_setters {
    ($($name:ident: $field:ident = $v:expr;)*) => {$(
        #[doc = concat!("Sets ", stringify!($field), " (spindle.h).")]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $name(c: *mut spindle_wasi_config_t) {
            if let Some(c) = config(c) {
                c.$field = $v;
            }
        }
    )*};
}

out_setters! {
    spindle_wasi_config_inherit_stdout: stdout = Out::Inherit;
    spindle_wasi_config_inherit_stderr: stderr = Out::Inherit;
    spindle_wasi_config_capture_stdout: stdout = Out::Capture;
    spindle_wasi_config_capture_stderr: stderr = Out::Capture;
}

/// The context a configuration describes, and its captured streams.
fn build(c: spindle_wasi_config_t) -> Result<(WasiCtx, Output), String> {
    let finish = |mut b: WasiCtxBuilder| {
        b = b.args(c.args.iter().cloned());
        for (k, v) in &c.env {
            b = b.env(k, v);
        }
        b
    };
    #[cfg(feature = "std")]
    if c.files.is_empty() {
        use spindle::wasi::std_host::StdHost;
        let mut host = StdHost::new();
        let mut output = Output::default();
        let stdin = match &c.stdin {
            In::Empty => host.input(Vec::new()),
            In::Inherit => 0,
            In::Bytes(b) => host.input(b.clone()),
        };
        let mut outs = [1, 2];
        for (i, mode) in [c.stdout, c.stderr].into_iter().enumerate() {
            if mode == Out::Capture {
                let (fd, buf) = host.capture();
                outs[i] = fd;
                output.streams[i] = Some(Captured::Std(buf));
            }
        }
        let mut dirs = Vec::new();
        for (h, g) in &c.preopens {
            let fd = host
                .open_dir(h)
                .map_err(|e| alloc::format!("cannot open directory {h}: {e}"))?;
            dirs.push((fd, g.clone()));
        }
        let mut b = WasiCtx::builder(host)
            .stdin(stdin)
            .stdout(outs[0])
            .stderr(outs[1]);
        for (fd, g) in dirs {
            b = b.preopened_dir(fd, g);
        }
        return Ok((finish(b).build(), output));
    }
    if !c.preopens.is_empty() {
        return Err("host directories cannot be preopened with in-memory files".to_string());
    }
    let mut output = Output::default();
    let mut board_out = [None, None];
    for (i, mode) in [c.stdout, c.stderr].into_iter().enumerate() {
        if mode == Out::Capture || cfg!(not(feature = "std")) {
            let buf = Shared::default();
            board_out[i] = Some(buf.clone());
            output.streams[i] = Some(Captured::Mem(buf));
        }
    }
    let mut fs = MemFs::new(CBoard {
        out: board_out,
        #[cfg(feature = "std")]
        start: std::time::Instant::now(),
    });
    for (path, bytes) in &c.files {
        fs.add_file(path, bytes.clone())
            .map_err(|e| alloc::format!("cannot add file {path}: {e:?}"))?;
    }
    match &c.stdin {
        In::Bytes(b) => fs.set_stdin(b.clone()),
        In::Empty => {}
        In::Inherit => {
            #[cfg(feature = "std")]
            {
                use std::io::Read;
                let mut all = Vec::new();
                let _ = std::io::stdin().read_to_end(&mut all);
                fs.set_stdin(all);
            }
        }
    }
    let b = WasiCtx::builder(fs)
        .stdin(MemFs::STDIN)
        .stdout(MemFs::STDOUT)
        .stderr(MemFs::STDERR)
        .preopened_dir(MemFs::ROOT, "/");
    Ok((finish(b).build(), output))
}

fn empty_ctx() -> WasiCtx {
    WasiCtx::builder(MemFs::new(spindle::wasi::memfs::NullBoard)).build()
}

/// Gives the store its WASI context (see spindle.h).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn spindle_store_set_wasi(
    store: *mut wasm_store_t,
    c: *mut spindle_wasi_config_t,
) -> *mut wasm_trap_t {
    let c = if c.is_null() {
        None
    } else {
        // SAFETY: an own config of this library.
        Some(*unsafe { Box::from_raw(c) })
    };
    // SAFETY: NULL or live.
    let Some(cell) = (unsafe { cell_of(store) }) else {
        return crate::object::orphan_trap("spindle_store_set_wasi: the store is NULL");
    };
    let Some(c) = c else {
        return trap_from_message(cell, "spindle_store_set_wasi: the configuration is NULL");
    };
    guard(
        || trap_from_message(cell, "internal error in Spindle's C API"),
        || match build(c) {
            Ok((ctx, output)) => {
                cell.with(|s| {
                    let d = s.data_mut();
                    d.wasi = Some(ctx);
                    d.wasi_output = output;
                });
                ptr::null_mut()
            }
            Err(why) => trap_from_message(cell, &why),
        },
    )
}

/// The WASI function `name`, made in the store on first use.
fn wasi_func(cell: &StoreCell, s: &mut Store<StoreData>, name: &str) -> Option<Extern> {
    let mut linker = cell.wasi_linker.borrow_mut();
    if linker.is_none() {
        let mut l = Linker::new(s.engine());
        spindle::wasi::add_to_linker(&mut l, |d: &mut StoreData| {
            d.wasi.get_or_insert_with(empty_ctx)
        })
        .ok()?;
        *linker = Some(l);
    }
    linker.as_ref()?.get(&mut *s, WASI_MODULE, name)
}

/// The import's WASI function, if it is one of that type.
fn resolve(
    cell: &StoreCell,
    s: &mut Store<StoreData>,
    module: &str,
    name: &str,
    ty: &ExternType,
) -> Option<Extern> {
    if module != WASI_MODULE {
        return None;
    }
    let f = wasi_func(cell, s, name)?;
    match (f, ty) {
        (Extern::Func(f), ExternType::Func(want)) if f.ty(&*s) == *want => Some(Extern::Func(f)),
        _ => None,
    }
}

/// `spindle_wasi_import` (spindle.h).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn spindle_wasi_import(
    store: *mut wasm_store_t,
    import: *const wasm_importtype_t,
) -> *mut wasm_extern_t {
    // SAFETY: NULL or live.
    let (Some(cell), Some(import)) = (unsafe { cell_of(store) }, unsafe { opt(import) }) else {
        return ptr::null_mut();
    };
    guard(
        || ptr::null_mut(),
        || {
            let module = String::from_utf8_lossy(import.module.as_slice()).into_owned();
            let name = String::from_utf8_lossy(import.name.as_slice()).into_owned();
            let ty = import.ty.to_rust();
            match cell.with(|s| resolve(cell, s, &module, &name, &ty)) {
                Some(e) => wasm_extern_t::new_own(cell, Obj::from_extern(e)),
                None => ptr::null_mut(),
            }
        },
    )
}

/// `spindle_wasi_instantiate` (spindle.h).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn spindle_wasi_instantiate(
    store: *mut wasm_store_t,
    module: *const crate::object::wasm_module_t,
    out: *mut *mut wasm_instance_t,
) -> *mut wasm_trap_t {
    // SAFETY: `out` NULL or writable.
    let mut out = unsafe { opt_mut(out) };
    if let Some(out) = out.as_deref_mut() {
        *out = ptr::null_mut();
    }
    // SAFETY: NULL or live.
    let Some(cell) = (unsafe { cell_of(store) }) else {
        return crate::object::orphan_trap("spindle_wasi_instantiate: the store is NULL");
    };
    let Some(out) = out else {
        return trap_from_message(cell, "spindle_wasi_instantiate: `out` is NULL");
    };
    *out = ptr::null_mut();
    let Some((_, m)) = module_of(module) else {
        return trap_from_message(cell, "spindle_wasi_instantiate: the module is NULL");
    };
    guard(
        || trap_from_message(cell, "internal error in Spindle's C API"),
        || {
            let module = m.module.clone();
            cell.with(|s| {
                let mut externs = Vec::new();
                for i in module.imports() {
                    match resolve(cell, s, &i.module, &i.name, &i.ty) {
                        Some(e) => externs.push(e),
                        None => {
                            return trap_from_message(
                                cell,
                                &alloc::format!(
                                    "import {}::{} ({}) is not a WASI function",
                                    i.module,
                                    i.name,
                                    i.ty
                                ),
                            );
                        }
                    }
                }
                match Instance::new(&mut *s, &module, &externs) {
                    Ok(inst) => {
                        s.data_mut().instances.push((inst, module.clone()));
                        *out = wasm_instance_t::new_own(cell, Obj::Instance(inst));
                        ptr::null_mut()
                    }
                    Err(e) => trap_from_error(cell, s, e),
                }
            })
        },
    )
}

/// `spindle_wasi_run` (spindle.h).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn spindle_wasi_run(
    inst: *const wasm_instance_t,
    exit_status: *mut i32,
) -> *mut wasm_trap_t {
    let Some((cell, inst)) = instance_of(inst) else {
        return crate::object::orphan_trap("spindle_wasi_run: the instance is NULL");
    };
    // SAFETY: NULL or writable.
    let mut status = unsafe { opt_mut(exit_status) };
    guard(
        || trap_from_message(cell, "internal error in Spindle's C API"),
        || {
            cell.with(|s| {
                let Some(start) = inst.get_func(&*s, "_start") else {
                    return trap_from_message(cell, "the instance exports no `_start` function");
                };
                let code = match start.call(&mut *s, &[], &mut []) {
                    Ok(()) => 0,
                    Err(e) => match e.exit_code() {
                        Some(code) => code,
                        None => return trap_from_error(cell, s, e),
                    },
                };
                if let Some(st) = status.take() {
                    *st = code;
                }
                ptr::null_mut()
            })
        },
    )
}

fn captured(store: *const wasm_store_t, stream: usize, out: *mut wasm_byte_vec_t) {
    // SAFETY: `out` NULL or writable; `store` NULL or live.
    let (Some(out), cell) = (unsafe { opt_mut(out) }, unsafe { cell_of(store) }) else {
        return;
    };
    *out = CVec::EMPTY;
    let Some(cell) = cell else { return };
    guard(
        || (),
        || {
            let bytes = cell.with(|s| {
                s.data().wasi_output.streams[stream]
                    .as_ref()
                    .map(Captured::bytes)
            });
            *out = CVec::from_vec(bytes.unwrap_or_default());
        },
    );
}

/// What the guest wrote to a captured stdout.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn spindle_store_wasi_stdout(
    store: *const wasm_store_t,
    out: *mut wasm_byte_vec_t,
) {
    captured(store, 0, out)
}

/// What the guest wrote to a captured stderr.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn spindle_store_wasi_stderr(
    store: *const wasm_store_t,
    out: *mut wasm_byte_vec_t,
) {
    captured(store, 1, out)
}
