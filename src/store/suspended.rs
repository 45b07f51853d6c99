//! The interpreter's state that outlives one run of its loop: a caller's
//! [`Frame`], and a call parked in the store after running out of fuel
//! ([`Suspended`], resumed by `Func::call_resumable`'s [`ResumableCall`]).
//! The interpreter ([`crate::exec`]) fills and reads them; they are
//! defined here, below it, because the store keeps them.
//!
//! [`ResumableCall`]: crate::ResumableCall

use crate::bytecode::Op;
use alloc::vec::Vec;

/// A suspended caller.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    pub ret: *const Op,
    pub base: usize,
    /// The caller: a defined function of `instance` (for trap locations).
    pub func: u32,
    pub instance: u32,
}

/// An execution waiting for the host function it called (the `gc` cargo
/// feature): its caller frames, and its running frame as one more whose
/// return address is just past the call. A collection the host causes
/// finds the references in them through the stack maps (`store::gc`).
#[cfg(feature = "gc")]
#[derive(Debug)]
pub(crate) struct Parked {
    pub top: Frame,
    pub frames: Vec<Frame>,
}

// SAFETY: as for `Suspended` below: the pointers are into bytecode the
// store owns and never mutates.
#[cfg(feature = "gc")]
unsafe impl Send for Parked {}

/// A wasm execution parked in its store after running out of fuel.
#[derive(Debug)]
pub(crate) struct Suspended {
    pub id: u64,
    pub ip: *const Op,
    pub base: usize,
    pub func: u32,
    pub instance: u32,
    pub memory: Option<u32>,
    pub frames: Vec<Frame>,
    /// Where the entry function's frame (and its results) start.
    pub entry_base: usize,
    pub entry_type: crate::types::FuncType,
    /// `stack_top` before the call started.
    pub saved_top: usize,
}

// SAFETY: the raw pointers in a parked call point into module bytecode
// that the store owns through `Arc`s and never mutates; they carry no
// thread affinity, so moving the store (and this state) across threads is
// sound.
unsafe impl Send for Suspended {}
