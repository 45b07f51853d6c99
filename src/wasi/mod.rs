//! WASI preview1 (`wasi_snapshot_preview1`) with capability-based
//! sandboxing.
//!
//! * [`abi`]: the ABI layer. Every preview1 function, with all guest-memory
//!   marshalling, the descriptor table, and rights and flag checks. It is
//!   the same for every backend.
//! * [`host`]: the [`WasiHost`] trait, the seam where an embedder plugs in
//!   files, directories, clocks, randomness, stdio and sockets.
//! * Backends: [`memfs`] (no_std: an in-memory filesystem, clock and
//!   randomness from the embedder, output to an embedder sink) and, with
//!   the `std` feature, `std_host` (the real filesystem through cap-std,
//!   sandboxed to preopened directories).
//!
//! A guest sees only what its [`WasiCtx`] was given: the arguments and
//! environment, the stdio streams, and the preopened directories and
//! sockets. Paths are resolved by the backend relative to a preopened
//! directory and can never leave it.
//!
//! ```
//! use spindle::wasi::{self, memfs::{Board, MemFs}, types::ClockId, WasiCtx};
//! use spindle::{Engine, Linker, Module, Store};
//! use std::sync::{Arc, Mutex};
//!
//! // The embedder's board: here, output is captured in a buffer.
//! struct Capture(Arc<Mutex<Vec<u8>>>);
//! impl Board for Capture {
//!     fn clock_ns(&mut self, _: ClockId) -> Option<u64> { None }
//!     fn fill_random(&mut self, _: &mut [u8]) -> bool { false }
//!     fn write_output(&mut self, _stream: u8, data: &[u8]) { self.0.lock().unwrap().extend_from_slice(data) }
//! }
//!
//! let wasm = wat::parse_str(r#"(module
//!   (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
//!   (memory (export "memory") 1)
//!   (data (i32.const 16) "hello\n")
//!   (func (export "_start")
//!     (i32.store (i32.const 0) (i32.const 16)) (i32.store (i32.const 4) (i32.const 6))
//!     (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))"#)?;
//! let engine = Engine::default();
//! let module = Module::new(&engine, &wasm)?;
//! let out = Arc::new(Mutex::new(Vec::new()));
//! let fs = MemFs::new(Capture(out.clone()));
//! let ctx = WasiCtx::builder(fs).stdout(MemFs::STDOUT).build();
//! let mut store = Store::new(&engine, ctx);
//! let mut linker = Linker::new(&engine);
//! wasi::add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx)?;
//! let instance = linker.instantiate(&mut store, &module)?;
//! instance.get_typed_func::<(), ()>(&store, "_start")?.call(&mut store, ())?;
//! assert_eq!(&*out.lock().unwrap(), b"hello\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod abi;
pub mod host;
pub mod memfs;
mod memory;
#[cfg(feature = "std")]
pub mod std_host;
#[cfg(test)]
mod tests;
pub mod types;

pub use abi::{add_to_linker, check_module};
pub use host::{HostFd, WasiHost};
pub use memory::GuestMemory;
pub use types::{Errno, Filetype};

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use types::rights;

/// One entry of the guest's descriptor table.
#[derive(Debug, Clone)]
pub(crate) struct FdEntry {
    pub host: HostFd,
    pub filetype: Filetype,
    pub rights_base: u64,
    pub rights_inheriting: u64,
    /// The guest path, for a preopened directory.
    pub preopen: Option<String>,
}

/// The state of one WASI guest: arguments, environment, descriptor table
/// and the backend. Put it in the store's data and give
/// [`add_to_linker`] a way to reach it.
pub struct WasiCtx {
    pub(crate) args: Vec<String>,
    pub(crate) env: Vec<String>,
    pub(crate) fds: Vec<Option<FdEntry>>,
    pub(crate) host: Box<dyn WasiHost + Send>,
}

impl core::fmt::Debug for WasiCtx {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("WasiCtx")
            .field("args", &self.args)
            .field("fds", &self.fds)
            .finish_non_exhaustive()
    }
}

impl WasiCtx {
    /// Starts building a context around a backend.
    pub fn builder(host: impl WasiHost + Send + 'static) -> WasiCtxBuilder {
        WasiCtxBuilder {
            args: Vec::new(),
            env: Vec::new(),
            stdio: [None, None, None],
            preopens: Vec::new(),
            host: Box::new(host),
        }
    }

    /// The backend.
    pub fn host_mut(&mut self) -> &mut (dyn WasiHost + Send) {
        &mut *self.host
    }
}

/// Builds a [`WasiCtx`]. Descriptors are numbered in order: stdin, stdout,
/// stderr (0–2, absent unless given), then preopens from 3.
pub struct WasiCtxBuilder {
    args: Vec<String>,
    env: Vec<String>,
    stdio: [Option<HostFd>; 3],
    preopens: Vec<(FdEntry, bool)>,
    host: Box<dyn WasiHost + Send>,
}

impl WasiCtxBuilder {
    /// Appends a command-line argument (the first is the program name).
    pub fn arg(mut self, arg: impl Into<String>) -> Self {
        self.args.push(arg.into());
        self
    }

    /// Appends arguments.
    pub fn args<S: Into<String>>(mut self, args: impl IntoIterator<Item = S>) -> Self {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Adds an environment variable.
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push(alloc::format!("{key}={value}"));
        self
    }

    /// Uses backend object `fd` as stdin.
    pub fn stdin(mut self, fd: HostFd) -> Self {
        self.stdio[0] = Some(fd);
        self
    }

    /// Uses backend object `fd` as stdout.
    pub fn stdout(mut self, fd: HostFd) -> Self {
        self.stdio[1] = Some(fd);
        self
    }

    /// Uses backend object `fd` as stderr.
    pub fn stderr(mut self, fd: HostFd) -> Self {
        self.stdio[2] = Some(fd);
        self
    }

    /// Preopens backend directory `fd` under the guest path `guest_path`.
    pub fn preopened_dir(mut self, fd: HostFd, guest_path: impl Into<String>) -> Self {
        let entry = FdEntry {
            host: fd,
            filetype: Filetype::Directory,
            rights_base: rights::DIRECTORY,
            rights_inheriting: rights::DIRECTORY | rights::FILE,
            preopen: Some(guest_path.into()),
        };
        self.preopens.push((entry, true));
        self
    }

    /// Preopens backend socket `fd` (a listener the guest can `sock_accept` on).
    pub fn preopened_socket(mut self, fd: HostFd) -> Self {
        let entry = FdEntry {
            host: fd,
            filetype: Filetype::SocketStream,
            rights_base: rights::SOCKET,
            rights_inheriting: rights::SOCKET,
            preopen: None,
        };
        self.preopens.push((entry, false));
        self
    }

    /// The context.
    pub fn build(mut self) -> WasiCtx {
        let mut fds: Vec<Option<FdEntry>> = Vec::new();
        for (i, fd) in self.stdio.iter().enumerate() {
            // The backend knows what its stream is (a terminal, a pipe);
            // a stream it cannot describe is still a character device.
            let host = &mut self.host;
            fds.push(fd.map(|fd| FdEntry {
                host: fd,
                filetype: host.filetype(fd).unwrap_or(Filetype::CharacterDevice),
                rights_base: if i == 0 {
                    rights::STDIO & !rights::FD_WRITE
                } else {
                    rights::STDIO & !rights::FD_READ
                },
                rights_inheriting: 0,
                preopen: None,
            }));
        }
        fds.extend(self.preopens.into_iter().map(|(e, _)| Some(e)));
        WasiCtx {
            args: self.args,
            env: self.env,
            fds,
            host: self.host,
        }
    }
}
