//! The shared-ownership pointer the crate uses for immutable, shared data
//! (engine configuration, compiled modules, function types, host
//! functions).
//!
//! It is `alloc::sync::Arc` wherever the target has atomic pointer
//! operations. Targets without atomic compare-and-swap (Cortex-M0/M0+,
//! `thumbv6m-none-eabi`) have no `alloc::sync`; there it is
//! `alloc::rc::Rc`, which has the same API for everything the crate does
//! (`new`, `clone`, `ptr_eq`, `from` a boxed slice). Such targets are
//! single-core, so nothing is lost; the types holding it are then not
//! `Send`.

#[cfg(not(target_has_atomic = "ptr"))]
pub(crate) use alloc::rc::Rc as Arc;
#[cfg(all(not(target_has_atomic = "ptr"), feature = "gc"))]
pub(crate) use alloc::rc::Weak;
#[cfg(target_has_atomic = "ptr")]
pub(crate) use alloc::sync::Arc;
#[cfg(all(target_has_atomic = "ptr", feature = "gc"))]
pub(crate) use alloc::sync::Weak;
