//! Spindle: a portable WebAssembly interpreter.
//!
//! A module goes from bytes to execution in three stages, each a module of
//! this crate:
//!
//! 1. [`parse`]: decoding and validation with wasmparser;
//! 2. [`translate`]: lowering each function to the register bytecode of
//!    [`bytecode`];
//! 3. [`exec`]: the interpreter loop.
//!
//! Runtime objects (store, instances, functions, memories, tables, globals)
//! live in `runtime`; the public API follows wasmtime's names.
//!
//! The crate is `#![no_std]` with `alloc`; the default `std` feature adds
//! `std::error::Error` and hardware float rounding, and `cli` the
//! `spindle` binary.
//!
//! # Example
//!
//! ```
//! use spindle::{Engine, Linker, Module, Store};
//!
//! let wasm = wat::parse_str(r#"
//!     (module
//!       (import "host" "double" (func $double (param i32) (result i32)))
//!       (func (export "run") (param i32) (result i32)
//!         (call $double (i32.add (local.get 0) (i32.const 1)))))
//! "#)?;
//! let engine = Engine::default();
//! let module = Module::new(&engine, &wasm)?;
//! let mut store = Store::new(&engine, ());
//! let mut linker = Linker::new(&engine);
//! linker.func_wrap("host", "double", |_caller: spindle::Caller<'_, ()>, x: i32| x * 2)?;
//! let instance = linker.instantiate(&mut store, &module)?;
//! let run = instance.get_typed_func::<i32, i32>(&store, "run")?;
//! assert_eq!(run.call(&mut store, 20)?, 42);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![no_std]
#![deny(missing_docs)]

extern crate alloc;
#[cfg(any(feature = "std", test))]
extern crate std;

pub mod bytecode;
mod config;
mod error;
pub mod exec;
mod map;
mod num;
pub mod oracle;
pub mod parse;
mod runtime;
mod sync;
pub mod translate;
mod types;
mod value;
pub mod wasi;

pub use config::{Config, Engine};
pub use error::{Error, ErrorKind, Result, Trap, TrapCode, TrapLocation};
pub use runtime::Extern;
pub use runtime::func::{CallOutcome, Caller, Func, ResumableCall};
pub use runtime::global::Global;
pub use runtime::instance::Instance;
pub use runtime::limits::{ResourceLimiter, StoreLimits, StoreLimitsBuilder};
pub use runtime::linker::Linker;
pub use runtime::memory::{Memory, PAGE_SIZE};
pub use runtime::module::Module;
pub use runtime::store::{AsContext, AsContextMut, Store};
pub use runtime::table::Table;
pub use runtime::typed::{HostResult, IntoFunc, TypedFunc, WasmParams, WasmResults, WasmTy};
pub use types::{
    ExportType, ExternType, FuncType, GlobalType, ImportType, MemoryType, Mutability, TableType,
    ValType,
};
pub use value::{ExternRef, Val};
