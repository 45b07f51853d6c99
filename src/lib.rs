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
//! The objects a program is made of (functions, memories, tables, globals,
//! instances) live in a store (`store`), which the interpreter runs on;
//! calling, instantiating and linking (`runtime`) sit above the
//! interpreter. The public API follows wasmtime's names.
//!
//! The crate is `#![no_std]` with `alloc`; the default `std` feature adds
//! `std::error::Error` and hardware float rounding, and `cli` the
//! `spindle` binary.
//!
//! # Layers
//!
//! The modules form a one-way pipeline: each imports only from the modules
//! listed before it here, never from one after it, so there is no cycle
//! and each layer can be read, tested and changed knowing only those below
//! it. Where a lower layer needs something from a higher one, it defines
//! the interface and the higher layer supplies it: [`parse`] hands each
//! function body to a callback (the store's compile step translates it
//! there), and the store holds host functions as closures that the
//! interpreter calls. The interpreter works on the store's data directly,
//! not through an interface of its own: its fast paths (calls, globals,
//! memory 0) keep raw pointers into the store's vectors, which any such
//! interface would have to hand out anyway. A unit test (`layers::imports_only_go_down`) reads
//! this table and every `crate::` path in `src/` (outside test modules,
//! which may drive a layer through the ones above it) and fails on an
//! import from a later layer, or on a module missing from the table.
//!
//! | # | module | what it holds |
//! |---|---|---|
//! | 1 | `error` | [`Error`], [`Trap`] and their kinds |
//! | 2 | `sync` | `Arc` (`Rc` on targets without atomics) |
//! | 3 | `map` | a small vector-backed map |
//! | 4 | `types` | value, function, memory, table and global types |
//! | 5 | `num` | integer and float semantics with WebAssembly's traps |
//! | 6 | `config` | [`Config`] and [`Engine`] |
//! | 7 | `parse` | decoding and validation, into declarations and function bodies |
//! | 8 | `bytecode` | the op table: the [`bytecode::Op`] enum and its disassembly |
//! | 9 | `translate` | one function body into bytecode |
//! | 10 | `store` | [`Store`], the objects in it, [`Module`] (parse, then translate) |
//! | 11 | `exec` | the interpreter loop |
//! | 12 | `runtime` | calls, instantiation, [`Linker`], [`TypedFunc`] |
//! | 13 | `wasi` | WASI preview1: the ABI layer, the host trait, two backends |
//! | 14 | `oracle` | the deterministic runner for fuzzers |
//!
//! The `spindle` command-line tool is a separate crate target on top of
//! them all; it uses only the public API.
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
// The module docs are written for contributors as much as for users: they
// link the private items that explain the design (the frame layout, the
// op table, the checks' order). Read them with
// `cargo doc --document-private-items`; a public-only build keeps those
// links as text.
#![allow(rustdoc::private_intra_doc_links)]

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
mod store;
mod sync;
pub mod translate;
mod types;
pub mod wasi;

#[cfg(test)]
mod layers;

pub use config::{Config, Engine};
#[cfg(feature = "exceptions")]
pub use error::Exception;
pub use error::{Error, ErrorKind, Result, Trap, TrapCode, TrapLocation};
pub use runtime::func::{CallOutcome, ResumableCall};
pub use runtime::linker::Linker;
pub use runtime::typed::{HostResult, IntoFunc, TypedFunc, WasmParams, WasmResults, WasmTy};
pub use store::Extern;
#[cfg(feature = "exceptions")]
pub use store::exn::{ExnRef, Tag};
pub use store::func::{Caller, Func};
#[cfg(feature = "gc")]
pub use store::gc::{OwnedRooted, RootScope};
pub use store::global::Global;
pub use store::instance::Instance;
pub use store::limits::{ResourceLimiter, StoreLimits, StoreLimitsBuilder};
pub use store::memory::{Memory, PAGE_SIZE};
pub use store::module::Module;
pub use store::table::Table;
#[cfg(feature = "gc")]
pub use store::value::AnyRef;
pub use store::value::{ExternRef, Val};
pub use store::{AsContext, AsContextMut, Store};
#[cfg(feature = "gc")]
pub use types::{ArrayType, FieldType, StorageType, StructType};
pub use types::{
    CompositeKind, CompositeType, ConcreteTypes, ExportType, ExternType, FuncType, GlobalType,
    HeapType, ImportType, MemoryType, Mutability, RefType, SubType, TableType, TagType, ValType,
};
