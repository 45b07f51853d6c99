//! Spindle's C API: the standard WebAssembly C API (`wasm.h`, from the
//! WebAssembly CG's wasm-c-api project) over Spindle's Rust API, plus
//! Spindle's own `spindle.h` (WASI, fuel, limits, lazy validation, the
//! deterministic mode). Build: `cargo build --release -p spindle-c-api`
//! leaves `libspindle.a` and `libspindle.so` in `target/release/`; the
//! headers are `capi/include/` after `capi/header.sh` has fetched `wasm.h`.
//!
//! # How C objects map onto the Rust API
//!
//! * **Stores.** A `wasm_store_t` is a counted reference to a
//!   [`store::StoreCell`], which owns the Rust [`spindle::Store`]. Every
//!   object made in a store (functions, globals, tables, memories,
//!   instances, foreign objects, traps, frames, modules) holds another
//!   count, so the Rust store lives until the store handle *and* the last
//!   such object are deleted. The header asks embedders to delete the store
//!   last; one that does not gets a store that outlives its handle, never
//!   a dangling one.
//! * **References.** Every reference object (`wasm_ref_t`, `wasm_func_t`,
//!   `wasm_extern_t`, `wasm_trap_t`, ...) is one Rust type,
//!   [`object::wasm_ref_t`], and the named types are transparent wrappers of
//!   it. So `wasm_func_as_extern`, `wasm_func_as_ref` and the other casts
//!   that the header says return a borrowed pointer to the same object are
//!   pointer casts, and the reverse casts check the object's kind and
//!   return NULL for another kind. Copying a reference makes a new handle
//!   to the same underlying object (`wasm_X_same` is then true).
//! * **Host info** belongs to the underlying object, not the handle: all
//!   copies see it. Its finalizer runs once, when the object dies: for
//!   objects of a store (functions, globals, tables, memories, instances,
//!   foreign objects) that is when the store dies; for traps and modules,
//!   when their last handle is deleted. Setting host info again replaces
//!   it, and the old info's finalizer runs then.
//! * **Values.** A `funcref` carries the function's handle. An `externref`
//!   carries any reference object: the store keeps a table of the objects
//!   the host has passed to wasm as `externref`, and the wasm value is an
//!   index into it, so the same object comes back (`same`, with its host
//!   info). The table only grows, and only with distinct objects (an
//!   object passed twice is found again).
//! * **Re-entry.** While a host function runs, the store is borrowed by the
//!   running call. A C callback may still use the store's objects (call
//!   another function, read memory): those uses go through the running
//!   call's [`spindle::Caller`], never a second borrow of the store
//!   ([`store::StoreCell::with`]).
//!
//! # Failures
//!
//! Nothing in this library aborts or unwinds into C on a caller's
//! mistake. NULL handles, objects of another store, values of the wrong
//! kind, wrong argument counts and out-of-range indices give a NULL
//! result, `false` or a trap, as each function's documentation in
//! `spindle.h` and `wasm.h` allows. With the `std` feature every entry
//! point also catches a panic (which would be a bug in Spindle) and
//! returns its failure value.

#![no_std]
#![allow(non_camel_case_types)]
// The entry points are C functions: their safety contract is wasm.h's.
#![allow(clippy::missing_safety_doc)]

extern crate alloc;
#[cfg(any(feature = "std", test))]
extern crate std;

pub mod config;
pub mod instance;
pub mod module;
pub mod object;
pub mod spindle_h;
pub mod store;
#[cfg(test)]
mod tests;
pub mod trap;
pub mod types;
pub mod val;
pub mod vec;
pub mod wasi;

#[cfg(all(feature = "c-runtime", not(feature = "std")))]
mod c_runtime;

/// Runs `f`, turning a panic into `fallback()` where panics can be caught
/// (std). A panic here is a bug in Spindle, never a caller's mistake.
pub(crate) fn guard<R>(fallback: impl FnOnce() -> R, f: impl FnOnce() -> R) -> R {
    #[cfg(feature = "std")]
    {
        std::panic::catch_unwind(core::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| fallback())
    }
    #[cfg(not(feature = "std"))]
    {
        let _ = fallback;
        f()
    }
}

/// `&*p`, or `None` for NULL.
///
/// # Safety
///
/// `p` is NULL or points to a live `T` (the caller's promise in wasm.h).
pub(crate) unsafe fn opt<'a, T>(p: *const T) -> Option<&'a T> {
    // SAFETY: the caller's promise above.
    unsafe { p.as_ref() }
}

/// `&mut *p`, or `None` for NULL.
///
/// # Safety
///
/// As for [`opt`], and no other reference to `*p` is live.
pub(crate) unsafe fn opt_mut<'a, T>(p: *mut T) -> Option<&'a mut T> {
    // SAFETY: the caller's promise above.
    unsafe { p.as_mut() }
}
