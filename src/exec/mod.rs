//! The interpreter loop.
//!
//! # Dispatch
//!
//! Two dispatchers share one definition of every op: a function per op
//! (fused ops included) in `each`, generated from the instruction table
//! ([`crate::bytecode::ops`], flattened by [`crate::bytecode::table`]),
//! which runs on a [`Hot`] machine (the
//! registers in locals, the rest behind a pointer).
//!
//! * **The portable loop** calls `step`, a `match` on the op's tag that
//!   picks its function, in a loop. It is correct on every target and at
//!   every optimisation level.
//! * **The threaded path** (`exec::threaded`) gives each op its own handler,
//!   which runs that op's function and jumps to the next op's handler through a
//!   table indexed by the op's tag. It is built only where the compiler is
//!   known to turn those final calls into jumps (x86-64 and AArch64,
//!   optimised builds; see `build.rs`), and tests run millions of ops of
//!   every kind on a 64 KiB host stack to prove it.
//!
//! In both, no wasm call recurses on the host: the host stack never grows
//! with the guest's.
//!
//! # Calls and the host stack
//!
//! A wasm-to-wasm call pushes a [`Frame`] (return address and caller
//! state) on a heap vector and continues the same loop in the callee; a
//! return pops it. Guest recursion therefore costs heap, never host
//! stack. The depth is bounded by [`Config::max_call_depth`] and the value
//! stack by [`Config::max_stack_slots`]; reaching either is the trap
//! [`TrapCode::StackOverflow`].
//!
//! A `call` names the callee by its index among the module's defined
//! functions (imports carry [`CALL_IMPORT`] and go through the store), and
//! reads everything it needs from that function's [`Entry`] in the
//! running instance: bytecode pointer, parameter, local and frame counts.
//! The entry's pointer is null until lazy translation fills it on the
//! first call. The executor keeps a pointer to the running instance's
//! entry list, so a call reads its entry with one load; the pointer is
//! taken again after anything that may write the list (a translation, a
//! host call, which can run wasm that translates) and on instance
//! switches. The frame vector's capacity is checked once per call, and
//! growing it (or the value stack) is an out-of-line path whose failure is
//! the same trap, never an abort. Declared locals are cleared with one
//! eight-slot store when there are at most eight (slots past them are
//! temps or free stack, written before they are read). Memory 0's base
//! and length survive a call or return in the executor unless an instance
//! switch or a host call may have changed them. The common case, a call
//! to a translated function of the same instance with room on both stacks
//! and the return from it, never leaves the registers (`Hot::call_op`,
//! `Hot::ret_op`); the rest goes through [`Executor::call`] and
//! [`Executor::ret`].
//!
//! # Tail calls
//!
//! `return_call` and `return_call_indirect` end the running function
//! before the callee starts: the translator leaves the arguments in
//! consecutive temps, as for a call; the executor moves them to the
//! frame's first slots, clears the callee's declared locals, grows the
//! value stack if the callee's frame is larger, and continues in the
//! callee with the same frame base. No [`Frame`] is pushed, so the call
//! depth and the value stack stay as they were, and a chain of tail calls
//! of any length runs in constant space (`tests/tail-calls`). The callee's
//! results land at the frame's base, where the tail-calling function's
//! caller expects its results. A tail call into another instance switches
//! instance in place; the return restores the caller's instance from the
//! caller's own [`Frame`], as any return does. A tail call to a host
//! function runs it as an ordinary call from the frame's base and then
//! returns. A trap's trace shows the frames that remain, so a function
//! that tail-called is not in it. Both dispatchers take the out-of-line
//! path ([`Executor::return_call`]): tail calls are rarer than calls, and
//! the constant-space property, not the last cycle, is what they are for.
//!
//! # Exceptions
//!
//! With the `exceptions` cargo feature, `throw` and `throw_ref` (and a host
//! function that returns [`Error::throw`]) hand an exception to
//! `Executor::unwind`, which never recurses on the host stack: it looks
//! for a handler in the running function at the throwing op, then in each
//! caller at its call op, using the handler tables the translator built
//! (`translate::exn`), and only then drops the frames above the one that
//! catches, writes the payload (and, for `catch_ref`, the exception) into
//! that frame's slots and continues at the handler's op. The normal path
//! pays nothing: no op marks a `try_table`, and the tables are read only
//! on a throw.
//!
//! * **Frames and limits.** Unwinding pops [`Frame`]s as a return would,
//!   so the call depth is back where it was at the handler; fuel is charged
//!   as usual (the handler's block starts a new run), and a parked
//!   resumable call holds frames as before.
//! * **Tail calls.** A function that tail-called is gone, so its handlers
//!   no longer apply: a host function tail-called from a `try_table`
//!   that throws is unwound from the caller's call.
//! * **The host boundary.** An exception that reaches the entry of the
//!   run with no handler ends the call with an error of kind
//!   [`ErrorKind::Exception`](crate::ErrorKind::Exception), carrying the
//!   tag, the payload values, and the location and trace of the throw. A
//!   host function called from wasm that returns such an error (its own
//!   [`Error::throw`], or one from wasm it called) throws it on into its
//!   caller. This is what Wasmtime's API does (a `ThrownException` error
//!   with the exception pending in the store); Spindle carries the
//!   exception in the error itself, so there is no pending state to take.
//!
//! # GC
//!
//! With the `gc` cargo feature, WebAssembly GC's ops (the `"gc"`
//! group) run out of line in `exec::gc`, each on its own slots and the
//! store's GC heap (`store::gc`); `ref.i31`, `i31.get_*` and the
//! `extern`/`any` conversions are a few instructions on the cell
//! (`bytecode::gc`, "Cells"). No existing op's path changes. An
//! allocating op may collect first (`Executor::gc_reserve`); a call to
//! the host parks the execution's frames in the store while the host
//! runs, if the GC heap holds anything, so that a collection the host
//! causes finds them (`store::gc`, "Collection").
//!
//! # Memories
//!
//! Memory 0, when it has i32 addresses, is the one nearly every module
//! uses, and the loop keeps its base and length in registers: its loads
//! and stores (the family ops of [`crate::bytecode::ops`]) read a 32-bit
//! address, add the 32-bit offset in 64 bits (no overflow is possible) and
//! compare the end with the cached length.
//!
//! Every other access (a memory other than memory 0, or a 64-bit memory;
//! cargo feature `memory64`) uses the *general* form of the same family
//! op, which names its memory and reads its address cell whole: an i32's
//! cell is its zero extension, so one form serves both address types. For
//! memory 0 it uses the registers; for another memory it looks the buffer
//! up (instance, store list) on each access, which costs a few loads but
//! keeps no per-memory state to invalidate when one grows. The bounds
//! check is `addr + offset + size <= length` computed with an overflow
//! check, so an address near 2^64 traps instead of wrapping into the
//! memory. The ops carry a 32-bit offset; a 64-bit memory's larger
//! offset is first added to the address by `addr.add`, which traps on
//! overflow just as the access would. Sizes (`memory.size`,
//! `memory.grow`, `table.size`, `table.grow`) are written as the memory's
//! or table's address type, and 64-bit table indices are likewise read
//! whole, so index 2^32 is out of bounds rather than element 0.
//!
//! # Accumulators
//!
//! Most ops read operands that the op just before computed: `i32.add` then
//! a load from the sum, a compare then a branch, `f64.mul` then `f64.add`.
//! Through frame slots, each such pair costs a store, a load that must wait
//! for it, and the decoding of the slot index. So the registers carry two
//! accumulators, `acc` (an integer or raw 64-bit cell) and `facc` (an
//! f64), and every op that computes a single integer or f64 result leaves
//! it in its accumulator as well as in its destination slot
//! ([`Op::acc_result`] names those ops). After translation,
//! `translate::acc` rewrites an op that reads the slot the op just
//! before it wrote into its accumulator form (`i32.add r5 = acc, r3`),
//! provided nothing can jump between the two. The slot is still written,
//! so later readers are unaffected. The accumulators mean nothing
//! anywhere else: an out-of-line path (calls, returns, tables,
//! bulk memory) clears them, so that the threaded handlers need not keep
//! them alive across a call.
//!
//! With the `simd` feature, `facc` is a 128-bit vector register (see
//! [`facc`]): its low half is the f64 accumulator and the whole is a v128
//! one. Every op that writes a v128 leaves it there, and the binary and
//! unary SIMD ops, `v128.store` and the `any_true` branches have forms
//! that read it. A SIMD loop is a chain of such pairs, and the value
//! passed in the register skips a 16-byte store and the load that waits
//! for it: `simd_mandel` ran 15% faster, `simd_auto` 17% (BENCHMARKS.md,
//! "SIMD").
//!
//! They exist (cfg `spindle_acc`) unless the `small-footprint` feature
//! asks for the smaller build; the firmware goes without them.
//!
//! # Memory safety of the loop
//!
//! The loop reads slots and ops through raw pointers. Two invariants make
//! that sound, and each `unsafe` block names the one it relies on:
//!
//! * **Slots in bounds.** The translator never emits a slot index at or
//!   above its function's `frame_size`, and every call checks, before it
//!   enters the callee, that `base + frame_size` fits in the value stack.
//!   `sp` is re-derived from the stack vector after anything that can
//!   reallocate it (a call that grows it, a host call).
//! * **Ops in bounds.** Every function's bytecode ends in an op that does
//!   not fall through (`return`, `br`, `trap`, `throw`) and every branch
//!   offset, like every exception handler's op (checked again when one is
//!   used), points inside the same function, so `ip` stays within the op
//!   vector, which the store keeps alive (through its instance's module)
//!   while it runs.
//!
//! Linear memory is bounds-checked explicitly on every access, with no
//! guard pages and no signal handlers.
//!
//! # Fuel
//!
//! When fuel is on, `consume_fuel n` ops (see [`crate::translate`]) subtract
//! from the store's fuel; if it would go below zero, execution traps with
//! [`TrapCode::OutOfFuel`] before the run's first operator executes.

#[cfg(all(test, feature = "gc", feature = "exceptions"))]
mod collect_tests;
#[cfg(all(test, feature = "exceptions"))]
mod exn_tests;
mod facc;
#[cfg(feature = "gc")]
mod gc;
#[cfg(all(test, feature = "gc"))]
mod gc_tests;
#[cfg(feature = "op-stats")]
mod stats;
#[cfg(test)]
mod tests;
#[cfg(spindle_threaded)]
mod threaded;

#[cfg(feature = "op-stats")]
pub use stats::{op_stats, reset_op_stats};

use crate::bytecode::{CALL_IMPORT, Op, Slot, for_each_variant};
use crate::error::{Error, Result, Trap, TrapCode, TrapLocation};
use crate::num::checked_range;
use crate::store::func::{Caller, FuncEntity};
use crate::store::global::GlobalEntity;
use crate::store::instance::Entry;
use crate::store::suspended::{Frame, Suspended};
use crate::store::value::Val;
use crate::store::{Store, StoreInner};
use alloc::vec;
use alloc::vec::Vec;
use facc::FAcc;

#[allow(unused_imports)]
use crate::Config;

/// Why the loop stopped. Two bytes, so that a `Result<(), Stop>` comes
/// back from a call in registers (which keeps the threaded handlers free of
/// stack slots, see `exec::threaded`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Stop {
    /// The entry function returned.
    Done,
    /// A trap.
    Trap(TrapCode),
    /// A host function failed, or a function could not be translated; the
    /// error is in [`Executor::error`].
    Host,
    /// The op's fast path does not apply and [`Hot::fast_only`] forbids
    /// the out-of-line one: the threaded handler tail-calls its twin that
    /// runs the op again with it allowed (see [`threaded`]). Never leaves
    /// the chain.
    #[cfg(spindle_threaded)]
    Slow,
}

impl From<TrapCode> for Stop {
    fn from(code: TrapCode) -> Stop {
        Stop::Trap(code)
    }
}

/// A value that lives in a 64-bit slot.
pub(crate) trait Cell: Copy {
    fn from_cell(cell: u64) -> Self;
    fn into_cell(self) -> u64;
    /// Reads the value from its accumulator (module docs: "Accumulators").
    #[cfg_attr(not(spindle_acc), allow(dead_code))]
    fn from_acc(regs: &Regs) -> Self;
    /// Leaves the value in its accumulator, if its type has one.
    #[cfg_attr(not(spindle_acc), allow(dead_code))]
    fn to_acc(self, regs: &mut Regs);
}

macro_rules! cell_int {
    ($($t:ty => $u:ty),*) => {$(
        impl Cell for $t {
            #[inline(always)]
            fn from_cell(cell: u64) -> Self { cell as $u as $t }
            #[inline(always)]
            fn into_cell(self) -> u64 { self as $u as u64 }
            #[inline(always)]
            fn from_acc(regs: &Regs) -> Self { Self::from_cell(regs.acc) }
            #[inline(always)]
            fn to_acc(self, regs: &mut Regs) { regs.acc = self.into_cell() }
        }
    )*};
}
cell_int!(i32 => u32, u32 => u32, i64 => u64, u64 => u64);

impl Cell for f32 {
    #[inline(always)]
    fn from_cell(cell: u64) -> Self {
        f32::from_bits(cell as u32)
    }
    #[inline(always)]
    fn into_cell(self) -> u64 {
        self.to_bits() as u64
    }
    /// f32 has no accumulator (the translator never pairs f32 values), but
    /// the f32 ops' accumulator forms are generated with the others.
    #[inline(always)]
    fn from_acc(regs: &Regs) -> Self {
        Self::from_cell(facc::get_f64(regs.facc).to_bits())
    }
    #[inline(always)]
    fn to_acc(self, _: &mut Regs) {}
}

impl Cell for f64 {
    #[inline(always)]
    fn from_cell(cell: u64) -> Self {
        f64::from_bits(cell)
    }
    #[inline(always)]
    fn into_cell(self) -> u64 {
        self.to_bits()
    }
    #[inline(always)]
    fn from_acc(regs: &Regs) -> Self {
        facc::get_f64(regs.facc)
    }
    #[inline(always)]
    fn to_acc(self, regs: &mut Regs) {
        regs.facc = facc::from_f64(self)
    }
}

/// A value that can be loaded from or stored to linear memory.
pub(crate) trait MemValue: Copy {
    const SIZE: usize;
    /// Reads from a raw address.
    ///
    /// # Safety
    /// `at..at + SIZE` must be readable.
    unsafe fn read_at(at: *const u8) -> Self;
    /// Writes to a raw address.
    ///
    /// # Safety
    /// `at..at + SIZE` must be writable.
    unsafe fn write_at(self, at: *mut u8);
}

macro_rules! mem_value {
    ($($t:ty),*) => {$(
        impl MemValue for $t {
            const SIZE: usize = core::mem::size_of::<$t>();
            #[inline(always)]
            unsafe fn read_at(at: *const u8) -> Self {
                // SAFETY: the caller guarantees `at..at + SIZE` is readable.
                <$t>::from_le_bytes(unsafe { at.cast::<[u8; core::mem::size_of::<$t>()]>().read_unaligned() })
            }
            #[inline(always)]
            unsafe fn write_at(self, at: *mut u8) {
                // SAFETY: the caller guarantees `at..at + SIZE` is writable.
                unsafe { at.cast::<[u8; core::mem::size_of::<$t>()]>().write_unaligned(self.to_le_bytes()) }
            }
        }
    )*};
}
mem_value!(i8, u8, i16, u16, i32, u32, i64, f32, f64);
#[cfg(feature = "simd")]
mem_value!(u128);

/// Defined function `index` of `instance`, translated if this is its
/// first call (lazy translation).
#[inline(always)]
fn callee(inner: &mut StoreInner, instance: u32, index: u32) -> Result<Entry> {
    inner.instances[instance as usize].compiled(index)
}

/// The interpreter state for one entry call.
pub(crate) struct Executor<'s, T> {
    ip: *const Op,
    sp: *mut u64,
    /// Index of the current frame's slot 0 in the value stack. (The
    /// frame's size is not kept: only slow paths need it, and they read
    /// it from the function's entry, see [`Executor::frame_size`]. Calls
    /// and returns then move one word less.)
    base: usize,
    /// Index of the running function among its module's defined
    /// functions (for trap locations).
    func: u32,
    /// Store index of the running function's instance.
    instance: u32,
    /// Store index of the instance's memory 0, if it has one.
    memory: Option<u32>,
    frames: Vec<Frame>,
    /// How many frames `frames` may hold: the call-depth limit less the
    /// depth of the wasm and host calls this execution runs inside.
    frame_limit: usize,
    /// `frame_limit` or `frames`' capacity, whichever is smaller: a call
    /// that stays below it can push a frame without a second test.
    frame_cap: usize,
    /// [`Config::max_stack_slots`].
    max_slots: usize,
    /// Whether fuel metering is on (bulk ops charge by size).
    fuel: bool,
    /// Why the threaded path stopped.
    #[cfg_attr(not(spindle_threaded), allow(dead_code))]
    stop: Option<Stop>,
    /// The error behind [`Stop::Host`].
    error: Option<Error>,
    /// Memory 0's base and length as [`Executor::memory_raw`] last found
    /// them, which a `call` or `ret` reloads unless `mem_moved`.
    mem: *mut u8,
    mem_len: usize,
    /// Whether memory 0 may have been switched, moved or resized since
    /// `mem` was taken: set by instance switches and host calls, the only
    /// ways a `call` or `ret` can change it (`memory.grow` and the other
    /// memory ops take `mem` afresh themselves).
    mem_moved: bool,
    /// The running instance's call entries (`InstanceEntity::entries`),
    /// read by `call` without a lookup. Taken again whenever they may have
    /// been written: after a lazy translation, a host call (which may run
    /// wasm that translates) and an instance switch.
    entries: *const Entry,
    /// The running instance's global index space (`InstanceEntity::globals`,
    /// store indices) and the store's globals, read by `global.get` and
    /// `global.set` without a lookup. Taken again with `entries`: only a
    /// host call (which may create globals or instantiate) can reallocate
    /// the store's list, and an instance switch changes the index space.
    global_map: *const u32,
    globals: *mut GlobalEntity,
    store: &'s mut Store<T>,
}

/// One op's function in `each`: binds the variant's fields, runs `$body`,
/// and returns `Ok(())` unless the body returned early.
macro_rules! op_fn {
    ($name:ident { $($f:ident),* } $ex:ident => $body:block) => {
        // Unoptimised, an op inlined into the portable loop adds its
        // locals to the loop's frame, side by side with every other op's
        // (245 KiB over all ops and fused ops); out of line, the frame
        // holds them only while the op runs.
        #[cfg_attr(spindle_unoptimised, inline(never))]
        #[cfg_attr(not(spindle_unoptimised), inline(always))]
        pub(crate) fn $name<T>($ex: &mut Hot<'_, '_, T>, op: Op) -> Result<(), Stop> {
            // Only this op is passed here.
            let Op::$name { $($f),* } = op else { unreachable!() };
            $body
            Ok(())
        }
    };
}

/// The body of a binary op or comparison in `each`: both operands as `$t`,
/// the family's expression, its result to `dst` (and the accumulator). A
/// comparison passes `Ok(test as i32)`.
macro_rules! arith {
    ($ex:ident, $dst:ident, $t:ty, $a:ident = $va:expr, $b:ident = $vb:expr, $e:expr) => {{
        let $a: $t = $va;
        let $b: $t = $vb;
        let r: Result<_, TrapCode> = $e;
        $ex.set_result($dst, r?);
        $ex.next();
    }};
}

/// The body of a compare-and-branch in `each`: jumps by `offset` if it holds.
macro_rules! compare_branch {
    ($ex:ident, $offset:ident, $t:ty, $a:ident = $va:expr, $b:ident = $vb:expr, $e:expr) => {{
        let $a: $t = $va;
        let $b: $t = $vb;
        let r: bool = $e;
        $ex.branch(r, $offset)
    }};
}

/// The body of a fused op in `each`: its first op, then each of the others
/// while the one before fell through (see the table's docs). Each op comes
/// with whether its entry marks it `=> acc` (its result only in the
/// accumulator, so its slot write is skipped).
#[cfg(spindle_acc)]
macro_rules! run_fused {
    ($ex:ident, $first:ident { $($f:ident),* } => $first_acc:expr $(, $next:ident { $($g:ident),* } => $next_acc:expr)+) => {{
        let mut at = $ex.regs.ip;
        $ex.slot_writes = !$first_acc;
        let first = each::$first($ex, Op::$first { $($f),* });
        $ex.slot_writes = true;
        first?;
        $(
            // The op before fell through unless it branched; the
            // compiler sees `next` and drops this test after ops
            // that cannot branch.
            at = at.wrapping_add(1);
            if $ex.regs.ip != at {
                return Ok(());
            }
            // The same pointer, so that the compiler knows it.
            $ex.regs.ip = at;
            // SAFETY: `ip` is the op after the one that ran, in
            // bounds (module docs). The translator fused this op
            // only because that op is the one named here, and
            // ops are not rewritten after translation.
            let Op::$next { $($g),* } = (unsafe { *$ex.regs.ip }) else {
                debug_assert!(false, "fused op followed by another op");
                // SAFETY: as above.
                unsafe { core::hint::unreachable_unchecked() }
            };
            $ex.slot_writes = !$next_acc;
            let this = each::$next($ex, Op::$next { $($g),* });
            $ex.slot_writes = true;
            this?;
        )+
    }};
}

/// The executor's part of every op, from the flat list of variants
/// (`bytecode::table`): each entry's `exec` body as its function in `each`,
/// and its arm in `step`.
macro_rules! define_exec {
    ($(
        #[cfg $cfg:tt]
        $(#[doc = $doc:expr])*
        $name:ident { $($field:ident : $type:ty),* } [$($kind:ident)?]
            mnemonic $mnemonic:expr,
            disasm |$f:ident, $target:ident, $at:ident| $disasm:expr,
            exec |$ex:ident| $exec:block,
            rel $rel:tt;
    )*) => {
        /// One function per op (fused ops included), named after it. The
        /// threaded handlers call these directly and [`step`] matches on
        /// the tag to pick one. (The compiler inlines before it simplifies,
        /// so a handler that called [`step`] with a known variant would
        /// first hold a copy of every op's code; with one function per op,
        /// each holds its own.)
        #[allow(non_snake_case)]
        pub(crate) mod each {
            use super::*;
            $( #[cfg $cfg] op_fn!($name { $($field),* } $ex => $exec); )*
        }

        /// Executes one op: the portable loop's dispatch.
        #[cfg_attr(spindle_threaded, allow(dead_code))]
        #[inline(always)]
        pub(crate) fn step<T>(ex: &mut Hot<'_, '_, T>, op: Op) -> Result<(), Stop> {
            match op {
                $( #[cfg $cfg] Op::$name { .. } => each::$name(ex, op), )*
            }
        }
    };
}

for_each_variant!(define_exec);

/// Calls `func` with `args`, writing `results`. The caller has checked the
/// argument and result types.
pub(crate) fn call<T>(
    store: &mut Store<T>,
    func: u32,
    args: &[Val],
    results: &mut [Val],
) -> Result<()> {
    match start(store, func, args, results, false)? {
        Outcome::Finished => Ok(()),
        Outcome::Suspended(_) => unreachable!("only resumable calls suspend"),
    }
}

/// How a resumable call ended.
pub(crate) enum Outcome {
    Finished,
    /// Out of fuel; the state is parked in the store under this id.
    Suspended(u64),
}

/// Starts a call. With `resumable`, running out of fuel in a top-level call
/// parks the execution in the store instead of trapping.
pub(crate) fn start<T>(
    store: &mut Store<T>,
    func: u32,
    args: &[Val],
    results: &mut [Val],
    resumable: bool,
) -> Result<Outcome> {
    let entity = store.inner.funcs[func as usize].clone();
    let ty = store.inner.func_type(entity.type_id());
    let (instance, index) = match entity {
        FuncEntity::Host { host, .. } => {
            let host = store.hosts[host as usize].clone();
            (host.func)(
                Caller {
                    store,
                    instance: None,
                },
                args,
                results,
            )?;
            return Ok(Outcome::Finished);
        }
        FuncEntity::Wasm {
            instance, index, ..
        } => (instance, index),
    };
    let config = store.inner.engine.config().clone();
    if store.inner.depth >= config.max_call_depth {
        return Err(Trap::from(TrapCode::StackOverflow).into());
    }
    let cf = callee(&mut store.inner, instance, index)?;
    let base = store.inner.stack_top;
    let frame_size = cf.frame_size as usize;
    ensure_stack(store, base + frame_size, config.max_stack_slots)
        .map_err(|c| Error::from(Trap::from(c)))?;
    for (at, a) in crate::types::slot_offsets(ty.params()).zip(args) {
        put_val(&mut store.inner, base + at, a)?;
    }
    store.inner.stack[base + cf.num_params as usize..base + cf.num_locals as usize].fill(0);
    let memory = store.inner.instances[instance as usize]
        .memories
        .first()
        .copied();
    let state = Suspended {
        id: 0,
        ip: cf.ops,
        base,
        func: index,
        instance,
        memory,
        frames: Vec::new(),
        entry_base: base,
        entry_type: ty,
        saved_top: store.inner.stack_top,
    };
    let resumable = resumable && store.inner.depth == 0;
    run_state(store, state, results, resumable)
}

/// Resumes the call parked under `id`.
pub(crate) fn resume<T>(store: &mut Store<T>, id: u64, results: &mut [Val]) -> Result<Outcome> {
    match store.inner.suspended.take() {
        Some(state) if state.id == id => {
            if results.len() != state.entry_type.results().len() {
                let n = state.entry_type.results().len();
                store.inner.suspended = Some(state);
                return Err(Error::bad_argument(alloc::format!(
                    "the suspended call has {n} results"
                )));
            }
            run_state(store, state, results, true)
        }
        other => {
            store.inner.suspended = other;
            Err(Error::bad_argument(
                "this call is no longer suspended in this store",
            ))
        }
    }
}

fn run_state<T>(
    store: &mut Store<T>,
    state: Suspended,
    results: &mut [Val],
    resumable: bool,
) -> Result<Outcome> {
    let max_depth = store.inner.engine.config().max_call_depth;
    let max_slots = store.inner.engine.config().max_stack_slots;
    let fuel = store.inner.engine.config().consume_fuel;
    store.inner.depth += 1;
    let frame_limit = max_depth.saturating_sub(store.inner.depth);
    let mut ex = Executor {
        ip: state.ip,
        sp: core::ptr::null_mut(),
        base: state.base,
        func: state.func,
        instance: state.instance,
        memory: state.memory,
        frames: state.frames,
        frame_limit,
        frame_cap: 0,
        max_slots,
        fuel,
        stop: None,
        error: None,
        mem: core::ptr::null_mut(),
        mem_len: 0,
        mem_moved: true,
        entries: core::ptr::null(),
        global_map: core::ptr::null(),
        globals: core::ptr::null_mut(),
        store,
    };
    ex.refresh_instance_lists();
    ex.refresh_sp();
    ex.refresh_frame_cap();
    let outcome = ex.run();
    let (ip, base, frame_size, func, instance, memory) = (
        ex.ip,
        ex.base,
        ex.frame_size(),
        ex.func,
        ex.instance,
        ex.memory,
    );
    let frames = core::mem::take(&mut ex.frames);
    let error = ex.error.take();
    drop(ex);
    store.inner.depth -= 1;
    match outcome {
        Stop::Done => {
            store.inner.stack_top = state.saved_top;
            let types = state.entry_type.results();
            for ((r, t), at) in results
                .iter_mut()
                .zip(types)
                .zip(crate::types::slot_offsets(types))
            {
                *r = take_val(&store.inner, state.entry_base + at, *t);
                #[cfg(feature = "gc")]
                store.inner.gc_root_val(r);
            }
            Ok(Outcome::Finished)
        }
        Stop::Trap(TrapCode::OutOfFuel) if resumable => {
            // Park the execution: `ip` is still at the op that could not be
            // paid for, so resuming retries it. Later calls on this store
            // run above the parked frames.
            store.inner.next_suspended_id += 1;
            let id = store.inner.next_suspended_id;
            if let Some(old) = store.inner.suspended.take() {
                // One parked call per store: the older one is abandoned.
                store.inner.stack_top = old.saved_top.min(state.saved_top);
            }
            store.inner.stack_top = base + frame_size;
            store.inner.suspended = Some(Suspended {
                id,
                ip,
                base,
                func,
                instance,
                memory,
                frames,
                ..state
            });
            Ok(Outcome::Suspended(id))
        }
        Stop::Trap(code) => {
            store.inner.stack_top = state.saved_top;
            let location = trap_location(store, instance, func, ip);
            // The firmware's build (small-footprint) records no trace: 744 B
            // of flash (BENCHMARKS.md, "Firmware flash").
            let trace = match location {
                #[cfg(not(feature = "small-footprint"))]
                Some(_) => trap_trace(store, &frames),
                _ => Vec::new(),
            };
            Err(Error::from(Trap {
                code,
                location,
                trace,
            }))
        }
        Stop::Host => {
            store.inner.stack_top = state.saved_top;
            Err(error.unwrap_or_else(|| Error::host("host function failed")))
        }
        #[cfg(spindle_threaded)]
        Stop::Slow => unreachable!("`Stop::Slow` never leaves the threaded chain"),
    }
}

/// Writes `v` into value-stack slot `at`, and a `v128`'s upper half into
/// slot `at + 1` (see [`crate::translate`], "v128 values").
#[inline]
fn put_val(inner: &mut StoreInner, at: usize, v: &Val) -> Result<()> {
    inner.stack[at] = v.to_cell(inner)?;
    #[cfg(feature = "simd")]
    if let Val::V128(_) = v {
        inner.stack[at + 1] = v.hi_cell();
    }
    Ok(())
}

/// The value of type `ty` in value-stack slot `at` (a `v128` in slots `at`
/// and `at + 1`).
#[inline]
fn take_val(inner: &StoreInner, at: usize, ty: crate::types::ValType) -> Val {
    let hi = match ty.is_v128() {
        true => inner.stack[at + 1],
        false => 0,
    };
    Val::from_cells(ty, inner.stack[at], hi, inner)
}

/// Grows the value stack to hold `needed` slots, or reports exhaustion.
/// Out of line: the call path tests the length itself and rarely grows.
#[inline(never)]
fn ensure_stack<T>(store: &mut Store<T>, needed: usize, max: usize) -> Result<(), TrapCode> {
    let stack = &mut store.inner.stack;
    if needed <= stack.len() {
        return Ok(());
    }
    if needed > max {
        return Err(TrapCode::StackOverflow);
    }
    let new_len = needed.max(stack.len() * 2).clamp(256, max);
    stack
        .try_reserve_exact(new_len - stack.len())
        .map_err(|_| TrapCode::StackOverflow)?;
    stack.resize(new_len, 0);
    Ok(())
}

/// Makes room for one more frame; a full heap is a trap, not an abort.
#[cold]
#[inline(never)]
fn grow_frames(frames: &mut Vec<Frame>) -> Result<(), Stop> {
    frames
        .try_reserve(1)
        .map_err(|_| Stop::Trap(TrapCode::StackOverflow))
}

/// The most callers a trap's trace names (the innermost ones).
#[cfg(not(feature = "small-footprint"))]
const MAX_TRACE: usize = 32;

/// The locations of the calls in `frames`, innermost first, at most
/// [`MAX_TRACE`]. A trap may come from an exhausted heap (a call stack
/// that could not grow), so nothing here may abort on allocation: the
/// trace is left empty, or a name out, when memory is short.
#[cfg(not(feature = "small-footprint"))]
fn trap_trace<T>(store: &Store<T>, frames: &[Frame]) -> Vec<TrapLocation> {
    let mut trace = Vec::new();
    if trace
        .try_reserve_exact(frames.len().min(MAX_TRACE))
        .is_err()
    {
        return trace;
    }
    // Each caller's `ret` is the op after its call: the call op is the
    // slot before it.
    for f in frames.iter().rev().take(MAX_TRACE) {
        if let Some(loc) =
            trap_location_named(store, f.instance, f.func, f.ret.wrapping_sub(1), false)
        {
            trace.push(loc);
        }
    }
    trace
}

/// The wasm function and offset of the op at `ip` in defined function
/// `index` of `instance`.
fn trap_location<T>(
    store: &Store<T>,
    instance: u32,
    index: u32,
    ip: *const Op,
) -> Option<TrapLocation> {
    trap_location_named(store, instance, index, ip, true)
}

/// [`trap_location`]; with `infallible_name` false the function's name is
/// copied only if memory for it can be had.
fn trap_location_named<T>(
    store: &Store<T>,
    instance: u32,
    index: u32,
    ip: *const Op,
    infallible_name: bool,
) -> Option<TrapLocation> {
    let inst = store.inner.instances.get(instance as usize)?;
    let module = &inst.module;
    let cf = inst.compiled_if_ready(index)?;
    let start = cf.ops.as_ptr() as usize;
    let at = (ip as usize).checked_sub(start)? / core::mem::size_of::<Op>();
    let offset = *cf.offsets.get(at)? as usize;
    let func_index = module.num_imported_funcs + index;
    Some(TrapLocation {
        func_index,
        func_name: module.func_names.get(&func_index).and_then(|name| {
            if infallible_name {
                return Some(name.clone());
            }
            let mut copy = alloc::string::String::new();
            copy.try_reserve_exact(name.len()).ok()?;
            copy.push_str(name);
            Some(copy)
        }),
        offset,
        func_offset: cf.body_offset as usize,
        instance,
    })
}

/// The loop's registers: the instruction pointer, the frame pointer and
/// memory 0's base and length. They live in locals (never behind a pointer
/// that escapes), so the compiler keeps them in machine registers.
#[derive(Clone, Copy)]
pub(crate) struct Regs {
    pub ip: *const Op,
    pub sp: *mut u64,
    pub mem: *mut u8,
    pub mem_len: usize,
    /// The integer accumulator (module docs: "Accumulators").
    pub acc: u64,
    /// The f64 accumulator, and with the `simd` feature the v128 one
    /// (see [`facc`]).
    pub facc: FAcc,
}

/// The 128 bits of an SSE2 register as a `u128`, built lane by lane so
/// that the compiler keeps the value in a vector register for the SIMD op
/// that takes it (see [`Hot::get_v128`]).
#[cfg(spindle_simd_arch)]
#[inline(always)]
fn m128i_bits(v: core::arch::x86_64::__m128i) -> u128 {
    use core::arch::x86_64::{_mm_cvtsi128_si64, _mm_unpackhi_epi64};
    // SAFETY: SSE2 is in the x86-64 baseline; register operations only.
    let (lo, hi) = unsafe {
        (
            _mm_cvtsi128_si64(v),
            _mm_cvtsi128_si64(_mm_unpackhi_epi64(v, v)),
        )
    };
    (hi as u64 as u128) << 64 | lo as u64 as u128
}

impl Regs {
    /// Drops the accumulators' values where no op can read them: a
    /// function's first op and the op after a call never read an
    /// accumulator (`translate::acc` gives neither op a predecessor whose
    /// result it could take). Constants instead of the old values leave the
    /// call and return handlers two registers more to work with.
    #[inline(always)]
    fn clear_accumulators(&mut self) {
        self.acc = 0;
        self.facc = facc::zero();
    }

    #[inline(always)]
    fn get<V: Cell>(&self, slot: Slot) -> V {
        // SAFETY: slots in bounds (module docs).
        V::from_cell(unsafe { *self.sp.add(slot as usize) })
    }

    #[inline(always)]
    fn set<V: Cell>(&mut self, slot: Slot, value: V) {
        // SAFETY: slots in bounds (module docs).
        unsafe { *self.sp.add(slot as usize) = value.into_cell() }
    }

    /// The in-bounds start of an access of `size` bytes at
    /// `(addr + imm) mod 2^32`, or the trap.
    #[inline(always)]
    fn wrapped(&self, addr: Slot, imm: u32, size: usize) -> Result<usize, TrapCode> {
        let start = self.get::<u32>(addr).wrapping_add(imm) as u64;
        if start + size as u64 > self.mem_len as u64 {
            core::hint::cold_path();
            return Err(TrapCode::MemoryOutOfBounds);
        }
        Ok(start as usize)
    }

    /// The in-bounds start of an access of `size` bytes, or the trap.
    #[inline(always)]
    fn effective(&self, addr: Slot, offset: u32, size: usize) -> Result<usize, TrapCode> {
        self.checked(self.get::<u32>(addr), offset, size)
    }

    /// The in-bounds start of an access of `size` bytes at `addr +
    /// offset`, or the trap.
    #[inline(always)]
    fn checked(&self, addr: u32, offset: u32, size: usize) -> Result<usize, TrapCode> {
        let start = addr as u64 + offset as u64;
        if start + size as u64 > self.mem_len as u64 {
            // The trap is laid out of line: the access falls through.
            core::hint::cold_path();
            return Err(TrapCode::MemoryOutOfBounds);
        }
        Ok(start as usize)
    }
}

/// The machine the ops' semantics (the bodies in the instruction table) run
/// on: the registers, with the rest of the state behind `ex`.
///
/// `ex.ip` and `ex.sp` are the spilled copies that the out-of-line paths
/// (calls, returns, globals, table and bulk ops) read and write. The
/// wrappers below store `ip` before such a path runs and reload all four
/// registers after it, since a call can switch the frame, the instance and
/// its memory, and a host function or `memory.grow` can move or resize
/// memory.
pub(crate) struct Hot<'a, 's, T> {
    regs: Regs,
    ex: &'a mut Executor<'s, T>,
    /// Set in a threaded handler: an op whose fast path does not apply
    /// returns [`Stop::Slow`], before changing anything, instead of calling
    /// its out-of-line path. A call in the middle of a handler makes LLVM
    /// save callee-saved registers on every run of it, fast path included;
    /// this keeps the handler free of calls (`return` now saves none).
    #[cfg(spindle_threaded)]
    fast_only: bool,
    /// Whether [`Hot::set_result`] writes the slot. A fused op clears it
    /// for an op its entry marks `=> acc`, whose result the next op reads
    /// from the accumulator and nothing reads from the slot (see
    /// `Op::result_dies_in_acc`). Everywhere else it is `true`, a constant
    /// the compiler folds.
    #[cfg(spindle_acc)]
    slot_writes: bool,
}

impl<'a, 's, T> Hot<'a, 's, T> {
    #[inline(always)]
    fn new(regs: Regs, ex: &'a mut Executor<'s, T>) -> Self {
        Hot {
            regs,
            ex,
            #[cfg(spindle_threaded)]
            fast_only: false,
            #[cfg(spindle_acc)]
            slot_writes: true,
        }
    }

    /// `Err(Stop::Slow)` where the op must stop at its fast path (see
    /// `Hot::fast_only`); an op tests it before its out-of-line path.
    #[inline(always)]
    fn may_call_out(&self) -> Result<(), Stop> {
        #[cfg(spindle_threaded)]
        if self.fast_only {
            return Err(Stop::Slow);
        }
        Ok(())
    }

    /// Reads an operand from its accumulator.
    #[cfg(spindle_acc)]
    #[inline(always)]
    fn acc<V: Cell>(&self) -> V {
        V::from_acc(&self.regs)
    }

    /// Writes an op's result to its slot and, where its type has one, its
    /// accumulator.
    #[inline(always)]
    fn set_result<V: Cell>(&mut self, slot: Slot, value: V) {
        #[cfg(spindle_acc)]
        {
            if self.slot_writes {
                self.regs.set(slot, value);
            }
            value.to_acc(&mut self.regs);
        }
        #[cfg(not(spindle_acc))]
        self.regs.set(slot, value);
    }

    /// Sets the f64 accumulator alone (for an op whose result is also an
    /// f64's bits).
    #[inline(always)]
    fn set_facc(&mut self, value: f64) {
        #[cfg(spindle_acc)]
        {
            self.regs.facc = facc::from_f64(value);
        }
        #[cfg(not(spindle_acc))]
        let _ = value;
    }

    /// Clears the accumulators after an out-of-line path: nothing reads
    /// them there, and a register that is not live need not be saved
    /// across the call.
    #[inline(always)]
    fn clear_acc(&mut self) {
        self.regs.acc = 0;
        self.regs.facc = facc::zero();
    }

    /// `call`: a defined function of the running instance that is already
    /// translated, with room on the frame and value stacks, is entered
    /// here, in the registers. The out-of-line path ([`Executor::call`])
    /// would spill `ip` and `sp` and reload them and memory afterwards;
    /// here nothing else can change (same instance, no host code, no
    /// reallocation). Everything else takes that path.
    #[inline(always)]
    fn call_op(&mut self, func: u32, base: Slot) -> Result<(), Stop> {
        let may_call_out = self.may_call_out();
        if func & CALL_IMPORT == 0 {
            if let Some(callee) = self.ex.cached_entry(func) {
                let ex = &mut *self.ex;
                let depth = ex.frames.len();
                let new_base = ex.base + base as usize;
                let frame_size = callee.frame_size as usize;
                // `+ 8`: the eight-slot clearing of locals below.
                if depth < ex.frame_cap && new_base + frame_size + 8 <= ex.store.inner.stack.len() {
                    // SAFETY: `regs.sp` is the stack's buffer plus `ex.base`
                    // (no reallocation since it was taken), so `sp` is the
                    // buffer plus `new_base`, whose frame and eight slots
                    // past it are in the stack (checked above).
                    let sp = unsafe { self.regs.sp.add(base as usize) };
                    let (params, locals) = (callee.num_params as usize, callee.num_locals as usize);
                    if locals > params {
                        let n = locals - params;
                        if n > 8 {
                            // `write_bytes` is a call to `memset`.
                            may_call_out?;
                        }
                        // SAFETY: `params < locals <= frame_size`: in the
                        // frame, or in the eight slots checked past it.
                        unsafe {
                            if n <= 8 {
                                sp.add(params).cast::<[u64; 8]>().write_unaligned([0; 8]);
                            } else {
                                core::ptr::write_bytes(sp.add(params), 0, n);
                            }
                        }
                    }
                    let frame = Frame {
                        // SAFETY: ops in bounds: a call is never the last op.
                        ret: unsafe { self.regs.ip.add(1) },
                        base: ex.base,
                        func: ex.func,
                        instance: ex.instance,
                    };
                    // SAFETY: `depth < frame_cap <= capacity` (checked), so the write is
                    // in the buffer and `depth + 1` elements are then set.
                    unsafe {
                        ex.frames.as_mut_ptr().add(depth).write(frame);
                        ex.frames.set_len(depth + 1);
                    }
                    ex.base = new_base;
                    ex.func = func;
                    ex.sp = sp;
                    self.regs.sp = sp;
                    self.regs.ip = callee.ops;
                    self.regs.clear_accumulators();
                    return Ok(());
                }
            }
        }
        may_call_out?;
        self.call(func, base)
    }

    /// `return` to a caller of the same instance, in the registers (as
    /// [`Hot::call_op`]); the last frame and instance switches take
    /// [`Executor::ret`].
    #[inline(always)]
    fn ret_op(&mut self) -> Result<(), Stop> {
        let ex = &mut *self.ex;
        if let Some(&frame) = ex.frames.last() {
            if frame.instance == ex.instance {
                // SAFETY: a caller's frame starts at or below its callee's
                // (`new_base = base + slot`), and `regs.sp` is the stack's
                // buffer plus `ex.base`, so this is the buffer plus
                // `frame.base`.
                let sp = unsafe { self.regs.sp.sub(ex.base - frame.base) };
                // SAFETY: one frame is there (just read).
                unsafe { ex.frames.set_len(ex.frames.len() - 1) };
                ex.base = frame.base;
                ex.func = frame.func;
                ex.sp = sp;
                self.regs.sp = sp;
                self.regs.ip = frame.ret;
                self.regs.clear_accumulators();
                return Ok(());
            }
        }
        self.may_call_out()?;
        self.ret()
    }

    /// `i64.add128` and `i64.sub128`: `op` on the two 128-bit values at
    /// `args` (low, high) and `args + 2`; the result replaces the first.
    #[inline(always)]
    fn wide(&mut self, args: Slot, op: impl Fn(u128, u128) -> u128) {
        let pair =
            |s: &Self, at: Slot| s.get::<u64>(at) as u128 | (s.get::<u64>(at + 1) as u128) << 64;
        let r = op(pair(self, args), pair(self, args + 2));
        self.set(args, r as u64);
        self.set(args + 1, (r >> 64) as u64);
    }

    /// `i64.mul_wide_s` and `i64.mul_wide_u`: the 128-bit product of the
    /// i64s at `args` and `args + 1`, low half into `args`, high into
    /// `args + 1`.
    #[inline(always)]
    fn mul_wide(&mut self, args: Slot, signed: bool) {
        let (a, b) = (self.get::<u64>(args), self.get::<u64>(args + 1));
        let r = if signed {
            (a as i64 as i128).wrapping_mul(b as i64 as i128) as u128
        } else {
            (a as u128).wrapping_mul(b as u128)
        };
        self.set(args, r as u64);
        self.set(args + 1, (r >> 64) as u64);
    }

    /// `global.get`, in the registers (the result also in `acc`).
    #[inline(always)]
    fn global_get(&mut self, dst: Slot, global: u32) {
        // SAFETY: a live global's value (`Executor::global_cell`).
        let v = unsafe { *self.ex.global_cell(global) };
        self.set_result(dst, v);
    }

    /// `global.set`, in the registers.
    #[inline(always)]
    fn global_set(&mut self, src: Slot, global: u32) {
        let v = self.get::<u64>(src);
        // SAFETY: a live global's value (`Executor::global_cell`); nothing
        // else refers to it while the executor runs.
        unsafe { *self.ex.global_cell(global) = v };
    }

    /// Reloads the registers from the executor after an out-of-line path.
    #[inline(always)]
    fn reload(&mut self) {
        self.regs.ip = self.ex.ip;
        self.regs.sp = self.ex.sp;
        (self.regs.mem, self.regs.mem_len) = self.ex.memory_raw();
    }

    /// Reloads after a `call` or `ret`: memory from the executor's copy
    /// unless [`Executor::mem_moved`] (within one instance and without
    /// host code, memory 0 moves only by `memory.grow`, which retakes the
    /// copy).
    #[inline(always)]
    fn reload_frame(&mut self) {
        self.regs.ip = self.ex.ip;
        self.regs.sp = self.ex.sp;
        (self.regs.mem, self.regs.mem_len) = if self.ex.mem_moved {
            self.ex.memory_raw()
        } else {
            (self.ex.mem, self.ex.mem_len)
        };
    }

    #[inline(always)]
    fn get<V: Cell>(&self, slot: Slot) -> V {
        self.regs.get(slot)
    }

    /// Where the v128 in slots `slot` and `slot + 1` is (in bounds for
    /// the slots an op names, see the module docs).
    #[cfg(feature = "simd")]
    #[inline(always)]
    fn v128_ptr(&self, slot: Slot) -> *mut u128 {
        self.regs.sp.wrapping_add(slot as usize).cast()
    }

    /// `align_frame`: moves the frame up one slot if its base is not
    /// 16-byte aligned (see `translate`, "Aligned frames").
    #[cfg(feature = "simd")]
    #[inline(always)]
    fn align_frame(&mut self, n: u32, flag: Slot) {
        let sp = self.regs.sp;
        let moved = sp.addr() & 8 != 0;
        if moved {
            // SAFETY: the translator gives an aligned frame one slot more
            // than it uses (`frame_size`), and the call checked that the
            // whole frame is in the stack, so slots `0..=n` are in bounds
            // (`n` is below the frame's used slots). `copy` allows the
            // overlap.
            let sp = unsafe {
                core::ptr::copy(sp, sp.add(1), n as usize);
                sp.add(1)
            };
            self.regs.sp = sp;
            self.ex.sp = sp;
            self.ex.base += 1;
        }
        self.set::<u64>(flag, moved as u64);
    }

    /// `unalign_frame`: moves the frame back down if `align_frame` moved
    /// it up.
    #[cfg(feature = "simd")]
    #[inline(always)]
    fn unalign_frame(&mut self, n: u32, flag: Slot) {
        if self.get::<u64>(flag) != 0 {
            let sp = self.regs.sp;
            // SAFETY: the flag is only set by `align_frame`, which moved
            // this frame's base up one slot from where its call put it, in
            // the stack; `n` is below the frame's used slots.
            let sp = unsafe {
                let below = sp.sub(1);
                core::ptr::copy(sp, below, n as usize);
                below
            };
            self.regs.sp = sp;
            self.ex.sp = sp;
            self.ex.base -= 1;
        }
    }

    /// The v128 in slots `slot` and `slot + 1` (low half first; see
    /// [`crate::translate`], "v128 values").
    #[cfg(feature = "simd")]
    #[inline(always)]
    fn get_v128(&self, slot: Slot) -> u128 {
        // On x86-64, one 16-byte load, which the processor serves from the
        // 16-byte store that wrote the value (see `set_v128`). Read as a
        // `u128`, an op that tests or splits the value in general
        // registers (`br_if_any_true`, `extract_lane`) would read it as
        // two 8-byte loads, and the upper one could not take its value
        // from that store. The empty `asm!` takes the loaded value in a
        // vector register, so that the compiler cannot split the load.
        // SAFETY: slots in bounds (module docs): the translator gives a
        // v128 two slots below the frame size; SSE2 is in the x86-64
        // baseline; `loadu` has no alignment requirement; the `asm!` is
        // empty (it touches no memory, stack or flags, and leaves `v` as
        // it was).
        #[cfg(spindle_simd_arch)]
        unsafe {
            use core::arch::x86_64::*;
            let at = self.v128_ptr(slot).cast::<__m128i>();
            #[cfg_attr(miri, allow(unused_mut))]
            let mut v = _mm_loadu_si128(at);
            // (Miri runs no assembly; the barrier changes no value.)
            #[cfg(not(miri))]
            core::arch::asm!("/* {0} */", inout(xmm_reg) v, options(pure, nomem, nostack, preserves_flags));
            m128i_bits(v)
        }
        // SAFETY: slots in bounds, as above. Slots are 8-byte aligned,
        // hence the unaligned read.
        #[cfg(not(spindle_simd_arch))]
        unsafe {
            self.v128_ptr(slot).read_unaligned()
        }
    }

    /// Writes a v128 to slots `slot` and `slot + 1`, as one 16-byte
    /// store on x86-64: the next op reads it with one 16-byte load, which
    /// the processor can serve from a store of that size but not from two
    /// 8-byte ones (a store-forwarding stall; a `u128` computed in general
    /// registers would be written as two).
    ///
    /// Slots are 8-byte aligned, so one v128 slot pair in eight straddles
    /// two cache lines, and then even a 16-byte store cannot pass its
    /// value on: the load waits for the store to complete. Where that
    /// falls depends on where the frame starts, so a kernel's time varies
    /// with it (BENCHMARKS.md, "SIMD"). Writing and reading each half by
    /// its own 8-byte access avoids that, but was slower on every SIMD
    /// kernel on average.
    #[cfg(feature = "simd")]
    #[inline(always)]
    fn set_v128(&mut self, slot: Slot, v: u128) {
        // SAFETY: as in `get_v128`; SSE2 is in the x86-64 baseline.
        #[cfg(spindle_simd_arch)]
        unsafe {
            use core::arch::x86_64::{__m128i, _mm_set_epi64x, _mm_storeu_si128};
            let at = self.v128_ptr(slot).cast::<__m128i>();
            let x = _mm_set_epi64x((v >> 64) as i64, v as i64);
            _mm_storeu_si128(at, x);
            // The accumulator, straight from the vector register.
            #[cfg(spindle_acc)]
            {
                self.regs.facc = core::arch::x86_64::_mm_castsi128_pd(x);
            }
        }
        // SAFETY: as in `get_v128`.
        #[cfg(not(spindle_simd_arch))]
        unsafe {
            self.v128_ptr(slot).write_unaligned(v)
        }
        #[cfg(all(spindle_acc, not(spindle_simd_arch)))]
        {
            self.regs.facc = facc::from_v128(v);
        }
    }

    /// The v128 that the op before left in the accumulator (module docs:
    /// "Accumulators").
    #[cfg(all(feature = "simd", spindle_acc))]
    #[inline(always)]
    fn v128_acc(&self) -> u128 {
        // As `get_v128` builds it, so that the value stays in its vector
        // register.
        // SAFETY: SSE2 is in the x86-64 baseline.
        #[cfg(spindle_simd_arch)]
        return m128i_bits(unsafe { core::arch::x86_64::_mm_castpd_si128(self.regs.facc) });
        #[cfg(not(spindle_simd_arch))]
        facc::get_v128(self.regs.facc)
    }

    /// `global.get` of a v128 global.
    #[cfg(feature = "simd")]
    #[inline(always)]
    fn global_get_v128(&mut self, dst: Slot, global: u32) {
        // SAFETY: a live global (`Executor::global_entity`).
        let v = unsafe {
            let g = self.ex.global_entity(global);
            ((*g).hi as u128) << 64 | (*g).value as u128
        };
        self.set_v128(dst, v);
    }

    /// `global.set` of a v128 global.
    #[cfg(feature = "simd")]
    #[inline(always)]
    fn global_set_v128(&mut self, src: Slot, global: u32) {
        let v = self.get_v128(src);
        // SAFETY: as in `global_get_v128`; nothing else refers to the
        // global while the executor runs.
        unsafe {
            let g = self.ex.global_entity(global);
            (*g).value = v as u64;
            (*g).hi = (v >> 64) as u64;
        }
    }

    #[inline(always)]
    fn set<V: Cell>(&mut self, slot: Slot, value: V) {
        self.regs.set(slot, value)
    }

    #[inline(always)]
    fn next(&mut self) {
        // SAFETY: ops in bounds: a falling-through op is never the last.
        self.regs.ip = unsafe { self.regs.ip.add(1) };
    }

    #[inline(always)]
    fn jump(&mut self, offset: i32) {
        // SAFETY: ops in bounds: branch targets lie inside the function.
        self.regs.ip = unsafe { self.regs.ip.offset(offset as isize) };
    }

    /// Jumps by `offset` if `taken`, else goes on to the next op, with a
    /// conditional branch in the machine code. Left alone, LLVM computes
    /// the next `ip` with a conditional move; then every later op's
    /// operand loads depend on the compared value, and the processor cannot
    /// run ahead of a branch it would have predicted (recursive `fib` ran
    /// 1.6x wasmi's time on fewer instructions). The empty `asm!` in the
    /// taken arm is an effect LLVM may not move or execute speculatively, so
    /// the arms stay a branch. (Not under Miri, which runs no `asm!`; the
    /// threaded path and the loop run on these two architectures.)
    #[inline(always)]
    fn branch(&mut self, taken: bool, offset: i32) {
        if taken {
            #[cfg(all(any(target_arch = "x86_64", target_arch = "aarch64"), not(miri)))]
            // SAFETY: an empty instruction sequence: it reads and writes
            // nothing, and keeps the stack and the flags.
            unsafe {
                core::arch::asm!("", options(nomem, nostack, preserves_flags))
            };
            self.jump(offset)
        } else {
            self.next()
        }
    }

    #[inline(always)]
    fn load<M: MemValue>(&self, addr: Slot, offset: u32) -> Result<M, TrapCode> {
        let r = &self.regs;
        let start = r.effective(addr, offset, M::SIZE)?;
        // SAFETY: `mem..mem + mem_len` is memory 0's live buffer (reloaded
        // after anything that can move it), and the range was checked.
        Ok(unsafe { M::read_at(r.mem.add(start)) })
    }

    /// A load from the integer accumulator's address plus `offset`.
    #[cfg(spindle_acc)]
    #[inline(always)]
    fn load_acc<M: MemValue>(&self, offset: u32) -> Result<M, TrapCode> {
        let r = &self.regs;
        let start = r.checked(self.acc(), offset, M::SIZE)?;
        // SAFETY: as in `load`.
        Ok(unsafe { M::read_at(r.mem.add(start)) })
    }

    /// A load from `(addr + imm) mod 2^32` (an `i32.add` of a constant
    /// fused into a load with offset 0).
    #[inline(always)]
    fn load_add<M: MemValue>(&self, addr: Slot, imm: u32) -> Result<M, TrapCode> {
        let start = self.regs.wrapped(addr, imm, M::SIZE)?;
        // SAFETY: as in `load`.
        Ok(unsafe { M::read_at(self.regs.mem.add(start)) })
    }

    /// A store to `(addr + imm) mod 2^32`, as [`Hot::load_add`].
    #[inline(always)]
    fn store_add<M: MemValue>(&mut self, addr: Slot, imm: u32, value: M) -> Result<(), TrapCode> {
        let start = self.regs.wrapped(addr, imm, M::SIZE)?;
        // SAFETY: as in `load`.
        unsafe { value.write_at(self.regs.mem.add(start)) };
        Ok(())
    }

    #[inline(always)]
    fn store<M: MemValue>(&mut self, addr: Slot, offset: u32, value: M) -> Result<(), TrapCode> {
        let r = &self.regs;
        let start = r.effective(addr, offset, M::SIZE)?;
        // SAFETY: as in `load`.
        unsafe { value.write_at(r.mem.add(start)) };
        Ok(())
    }

    /// A load from memory `memory` at `addr + offset`, the address an i32
    /// or an i64 (module docs: "Memories").
    #[cfg(feature = "memory64")]
    #[inline(always)]
    fn load_mem<M: MemValue>(&mut self, addr: Slot, memory: u16, offset: u32) -> Result<M, Stop> {
        let at = self.mem_at(addr, memory, offset, M::SIZE)?;
        // SAFETY: `mem_at` checked the access against that memory's live
        // buffer, which nothing moves before the read.
        Ok(unsafe { M::read_at(at) })
    }

    /// A store to memory `memory`, as [`Hot::load_mem`].
    #[cfg(feature = "memory64")]
    #[inline(always)]
    fn store_mem<M: MemValue>(
        &mut self,
        addr: Slot,
        memory: u16,
        offset: u32,
        value: M,
    ) -> Result<(), Stop> {
        let at = self.mem_at(addr, memory, offset, M::SIZE)?;
        // SAFETY: as in `load_mem`.
        unsafe { value.write_at(at) };
        Ok(())
    }

    /// Where an access of `size` bytes at `addr + offset` in memory
    /// `memory` starts, or the trap. The address's cell is read whole: an
    /// i32's cell is its zero extension, so this serves both address
    /// types. Memory 0 is in the registers; another one is looked up, out
    /// of line: on the threaded path the fast handler declines there, so
    /// that only the slow twin pays for the call (`Hot::fast_only`).
    #[cfg(feature = "memory64")]
    #[inline(always)]
    fn mem_at(
        &mut self,
        addr: Slot,
        memory: u16,
        offset: u32,
        size: usize,
    ) -> Result<*mut u8, Stop> {
        let addr = self.get::<u64>(addr);
        if memory != 0 {
            self.may_call_out()?;
            return Ok(self.ex.memory_at(memory, addr, offset, size)?);
        }
        let r = &self.regs;
        match addr.checked_add(offset as u64 + size as u64) {
            // SAFETY: `mem..mem + mem_len` is memory 0's live buffer, and
            // the access ends within it.
            Some(end) if end <= r.mem_len as u64 => {
                Ok(unsafe { r.mem.add((end - size as u64) as usize) })
            }
            _ => {
                core::hint::cold_path();
                Err(TrapCode::MemoryOutOfBounds.into())
            }
        }
    }
}

/// [`Hot`]'s wrappers around the out-of-line paths of [`Executor`]:
/// `keep` paths touch neither the frame nor memory; `reload` paths may;
/// `frame` paths (`call`, `ret`) change the frame, and memory only as
/// [`Executor::mem_moved`] records.
/// The paths themselves are never inlined, so that the threaded handlers
/// that reach them keep no stack of their own (see `exec::threaded`).
macro_rules! out_of_line {
    ($( $kind:ident fn $name:ident($($a:ident: $t:ty),*) $(-> $r:ty)?; )*) => {
        impl<T> Hot<'_, '_, T> {
            $(
                #[inline(always)]
                fn $name(&mut self, $($a: $t),*) $(-> $r)? {
                    self.ex.ip = self.regs.ip;
                    let r = self.ex.$name($($a),*);
                    out_of_line!(@after $kind self);
                    self.clear_acc();
                    r
                }
            )*
        }
    };
    (@after keep $s:ident) => {};
    (@after reload $s:ident) => { $s.reload() };
    (@after frame $s:ident) => { $s.reload_frame() };
}

out_of_line! {
    keep fn consume_fuel(amount: u32) -> Result<(), Stop>;
    keep fn ref_func(dst: Slot, func: u32);
    frame fn ret() -> Result<(), Stop>;
    frame fn call(func: u32, base: Slot) -> Result<(), Stop>;
    reload fn call_indirect(table: u32, ty: u32, index: Slot, base: Slot) -> Result<(), Stop>;
    frame fn return_call(func: u32, base: Slot) -> Result<(), Stop>;
    reload fn call_ref(r: Slot, base: Slot) -> Result<(), Stop>;
    frame fn return_call_ref(r: Slot, base: Slot) -> Result<(), Stop>;
    frame fn return_call_indirect(table: u32, ty: u32, index: Slot, base: Slot) -> Result<(), Stop>;
    reload fn memory_size(dst: Slot, memory: u16);
    reload fn memory_grow(dst: Slot, delta: Slot, memory: u16) -> Result<(), Stop>;
    reload fn memory_fill(args: Slot, memory: u16) -> Result<(), Stop>;
    reload fn memory_copy(args: Slot, dst_memory: u16, src_memory: u16) -> Result<(), Stop>;
    reload fn memory_init(seg: u32, args: Slot, memory: u16) -> Result<(), Stop>;
    reload fn data_drop(seg: u32);
    reload fn table_get(dst: Slot, table: u32, index: Slot) -> Result<(), Stop>;
    reload fn table_set(table: u32, index: Slot, value: Slot) -> Result<(), Stop>;
    reload fn table_size(dst: Slot, table: u32);
    reload fn table_grow(dst: Slot, table: u32, args: Slot) -> Result<(), Stop>;
    reload fn table_fill(table: u32, args: Slot) -> Result<(), Stop>;
    reload fn table_copy(dst_table: u32, src_table: u32, args: Slot) -> Result<(), Stop>;
    reload fn table_init(table: u32, seg: u32, args: Slot) -> Result<(), Stop>;
    reload fn elem_drop(seg: u32);
}

#[cfg(feature = "gc")]
out_of_line! {
    keep fn struct_new(args: Slot, ty: u32) -> Result<(), Stop>;
    keep fn struct_new_default(args: Slot, ty: u32) -> Result<(), Stop>;
    keep fn struct_get(dst: Slot, r: Slot, cell: u16, kind: u16) -> Result<(), Stop>;
    keep fn struct_set(r: Slot, value: Slot, cell: u16, kind: u16) -> Result<(), Stop>;
    keep fn array_new(args: Slot, ty: u32, default: bool) -> Result<(), Stop>;
    keep fn array_new_fixed(args: Slot, ty: u32, n: u16) -> Result<(), Stop>;
    keep fn array_new_data(args: Slot, ty: u32, seg: u32) -> Result<(), Stop>;
    keep fn array_new_elem(args: Slot, ty: u32, seg: u32) -> Result<(), Stop>;
    keep fn array_get(dst: Slot, r: Slot, index: Slot, kind: u16) -> Result<(), Stop>;
    keep fn array_set(r: Slot, index: Slot, value: Slot) -> Result<(), Stop>;
    keep fn array_len(dst: Slot, r: Slot) -> Result<(), Stop>;
    keep fn array_fill(args: Slot) -> Result<(), Stop>;
    keep fn array_copy(args: Slot) -> Result<(), Stop>;
    keep fn array_init_data(args: Slot, seg: u32) -> Result<(), Stop>;
    keep fn array_init_elem(args: Slot, seg: u32) -> Result<(), Stop>;
    keep fn ref_test(dst: Slot, r: Slot, ty: u32) -> Result<(), Stop>;
    keep fn ref_cast(r: Slot, ty: u32) -> Result<(), Stop>;
}

#[cfg(feature = "exceptions")]
out_of_line! {
    frame fn throw_op(tag: u32, args: Slot) -> Result<(), Stop>;
    frame fn throw_ref(exn: Slot) -> Result<(), Stop>;
}

impl<T> Executor<'_, T> {
    /// The registers as the executor last left them.
    fn regs(&mut self) -> Regs {
        let (mem, mem_len) = self.memory_raw();
        Regs {
            ip: self.ip,
            sp: self.sp,
            mem,
            mem_len,
            acc: 0,
            facc: facc::zero(),
        }
    }

    /// Runs until the entry function returns, a trap, or a host error.
    #[cfg(not(spindle_threaded))]
    fn run(&mut self) -> Stop {
        let mut hot = Hot::new(self.regs(), self);
        loop {
            // SAFETY: ops in bounds (module docs): `ip` points at an op of
            // the running function, whose bytecode the store keeps alive.
            let op = unsafe { *hot.regs.ip };
            #[cfg(feature = "op-stats")]
            stats::record(hot.regs.ip, &op);
            if let Err(stop) = step(&mut hot, op) {
                hot.ex.ip = hot.regs.ip;
                return stop;
            }
        }
    }

    /// Runs until the entry function returns, a trap, or a host error.
    #[cfg(spindle_threaded)]
    fn run(&mut self) -> Stop {
        let r = self.regs();
        // SAFETY: the registers describe the running frame (module docs),
        // and `self` outlives the chain, which is all that uses it.
        unsafe { threaded::run::<T>(r, (self as *mut Self).cast()) };
        self.stop.take().unwrap_or(Stop::Done)
    }

    /// Memory 0's buffer as a raw base and length (a dangling base and 0
    /// without a memory, so every access fails its bounds check).
    fn memory_raw(&mut self) -> (*mut u8, usize) {
        let bytes = self.memory_bytes();
        let (mem, len) = (bytes.as_mut_ptr(), bytes.len());
        (self.mem, self.mem_len, self.mem_moved) = (mem, len, false);
        (mem, len)
    }

    /// Slots of the running function's frame, from its entry (it is
    /// running, so it is translated).
    fn frame_size(&self) -> usize {
        self.instance().entries[self.func as usize].frame_size as usize
    }

    /// Takes `frame_cap` again, after `frames` was created or grown.
    fn refresh_frame_cap(&mut self) {
        self.frame_cap = self.frame_limit.min(self.frames.capacity());
    }

    fn refresh_sp(&mut self) {
        // SAFETY: `base` is within the stack: checked by `ensure_stack`
        // when the frame was entered.
        self.sp = unsafe { self.store.inner.stack.as_mut_ptr().add(self.base) };
    }

    #[inline(always)]
    fn get<V: Cell>(&self, slot: Slot) -> V {
        debug_assert!((slot as usize) < self.frame_size());
        // SAFETY: slots in bounds (module docs).
        V::from_cell(unsafe { *self.sp.add(slot as usize) })
    }

    #[inline(always)]
    fn set<V: Cell>(&mut self, slot: Slot, value: V) {
        debug_assert!((slot as usize) < self.frame_size());
        // SAFETY: slots in bounds (module docs).
        unsafe { *self.sp.add(slot as usize) = value.into_cell() }
    }

    #[inline(always)]
    fn next(&mut self) {
        // SAFETY: ops in bounds: a falling-through op is never the last.
        self.ip = unsafe { self.ip.add(1) };
    }

    #[inline(always)]
    fn memory_bytes(&mut self) -> &mut [u8] {
        match self.memory {
            Some(m) => &mut self.store.inner.memories[m as usize].data,
            None => &mut [],
        }
    }

    #[inline(never)]
    fn consume_fuel(&mut self, amount: u32) -> Result<(), Stop> {
        self.charge(amount as u64)
    }

    /// Charges fuel for a bulk operation of `units`, if metering is on.
    #[inline]
    fn charge_bulk(&mut self, units: u64) -> Result<(), Stop> {
        if self.fuel {
            self.charge(units)
        } else {
            Ok(())
        }
    }

    fn charge(&mut self, units: u64) -> Result<(), Stop> {
        let fuel = &mut self.store.inner.fuel;
        match fuel.checked_sub(units) {
            Some(rest) => {
                *fuel = rest;
                Ok(())
            }
            None => Err(Stop::Trap(TrapCode::OutOfFuel)),
        }
    }

    fn instance(&self) -> &crate::store::instance::InstanceEntity {
        &self.store.inner.instances[self.instance as usize]
    }

    /// Takes the pointers to the call entries and the globals again.
    fn refresh_instance_lists(&mut self) {
        // `as_ptr` makes no reference: the pointers stay valid until the
        // lists are written, after which they are taken again (field docs).
        self.entries = self.instance().entries.as_ptr();
        self.global_map = self.instance().globals.as_ptr();
        self.globals = self.store.inner.globals.as_mut_ptr();
    }

    /// The value of the running instance's global `index`.
    #[inline(always)]
    fn global_cell(&self, index: u32) -> *mut u64 {
        // SAFETY: a live global (`global_entity`).
        unsafe { &raw mut (*self.global_entity(index)).value }
    }

    /// The running instance's global `index`.
    #[inline(always)]
    fn global_entity(&self, index: u32) -> *mut GlobalEntity {
        debug_assert!((index as usize) < self.instance().globals.len());
        // SAFETY: `index` is a global of the running instance (validation),
        // `global_map` is its index space and `globals` the store's list,
        // both taken after their last change (field docs); the index space
        // holds store indices of existing globals.
        unsafe {
            let g = *self.global_map.add(index as usize);
            self.globals.add(g as usize)
        }
    }

    /// The entry of the running instance's defined function `index` if it
    /// is translated, read through the cached entry list.
    #[inline(always)]
    fn cached_entry(&self, index: u32) -> Option<Entry> {
        debug_assert!((index as usize) < self.instance().entries.len());
        // SAFETY: `index` is a defined function of the running instance
        // (the translator took it from the function index space, or the
        // store's function record names it), and `entries` is that
        // instance's entry list, taken after its last write (field docs).
        let entry = unsafe { *self.entries.add(index as usize) };
        (!entry.ops.is_null()).then_some(entry)
    }

    /// The entry of defined function `index` of `instance` when
    /// [`Self::cached_entry`] cannot give it: another instance's function,
    /// or one not yet translated (which writes the entries, so they are
    /// taken again).
    #[cold]
    #[inline(never)]
    fn lookup_entry(&mut self, instance: u32, index: u32) -> Result<Entry, Stop> {
        let entry =
            callee(&mut self.store.inner, instance, index).map_err(|e| self.host_error(e))?;
        if instance == self.instance {
            self.refresh_instance_lists();
        }
        Ok(entry)
    }

    /// Makes `instance` the running one, if it is not already: its memory
    /// 0 and its function and global lists (calls, tail calls, returns).
    #[inline(always)]
    fn switch_instance(&mut self, instance: u32) {
        if instance != self.instance {
            self.instance = instance;
            self.memory = self.instance().memories.first().copied();
            self.mem_moved = true;
            self.refresh_instance_lists();
        }
    }

    /// `func` is [`Op::Call`]'s operand: a defined function of the running
    /// instance, entered directly, or an import marked by [`CALL_IMPORT`].
    #[inline(never)]
    fn call(&mut self, func: u32, base: Slot) -> Result<(), Stop> {
        self.call_as::<false>(func, base)
    }

    /// `call` or, with `TAIL`, `return_call` of `func` ([`Op::Call`]'s
    /// operand).
    #[inline(always)]
    fn call_as<const TAIL: bool>(&mut self, func: u32, base: Slot) -> Result<(), Stop> {
        if func & CALL_IMPORT == 0 {
            let callee = match self.cached_entry(func) {
                Some(entry) => entry,
                None => self.lookup_entry(self.instance, func)?,
            };
            return if TAIL {
                self.enter_tail(func, self.instance, callee, base)
            } else {
                self.enter(func, self.instance, callee, base)
            };
        }
        let f = self.instance().funcs[(func & !CALL_IMPORT) as usize];
        if TAIL {
            self.return_call_store_func(f, base)
        } else {
            self.call_store_func(f, base)
        }
    }

    /// The entry of defined function `index` of `instance` (from the
    /// running instance's list when it is that one).
    #[inline(always)]
    fn store_func_entry(&mut self, instance: u32, index: u32) -> Result<Entry, Stop> {
        let cached = if instance == self.instance {
            self.cached_entry(index)
        } else {
            None
        };
        match cached {
            Some(entry) => Ok(entry),
            None => self.lookup_entry(instance, index),
        }
    }

    /// Pushes the caller's frame and enters a wasm function whose frame
    /// starts at slot `base` of the caller's.
    #[inline(always)]
    fn enter(&mut self, index: u32, instance: u32, callee: Entry, base: Slot) -> Result<(), Stop> {
        let depth = self.frames.len();
        if depth >= self.frame_limit {
            return Err(TrapCode::StackOverflow.into());
        }
        let new_base = self.base + base as usize;
        let frame_size = callee.frame_size as usize;
        if new_base + frame_size > self.store.inner.stack.len() {
            ensure_stack(self.store, new_base + frame_size, self.max_slots)?;
        }
        // Declared locals start at zero; the arguments are already in place.
        let (params, locals) = (callee.num_params as usize, callee.num_locals as usize);
        if locals > params {
            let stack = &mut self.store.inner.stack;
            debug_assert!(new_base + locals <= stack.len());
            let (first, n) = (new_base + params, locals - params);
            if n <= 8 && first + 8 <= stack.len() {
                // A few locals (the usual case): eight slots cleared in a
                // few vector stores, cheaper than a call to `memset`. Slots
                // past the locals are the callee's temps or free stack
                // above it, which nothing reads before writing.
                // SAFETY: `first + 8` slots are in the stack (checked).
                unsafe {
                    stack
                        .as_mut_ptr()
                        .add(first)
                        .cast::<[u64; 8]>()
                        .write_unaligned([0; 8])
                };
            } else {
                // SAFETY: `params < locals <= frame_size`, and the stack
                // holds `new_base + frame_size` slots (ensured above).
                unsafe { core::ptr::write_bytes(stack.as_mut_ptr().add(first), 0, n) };
            }
        }
        if depth == self.frames.capacity() {
            // A full heap is a trap, not an abort.
            grow_frames(&mut self.frames)?;
            self.refresh_frame_cap();
        }
        // SAFETY: ops in bounds: a call is never a function's last op.
        let ret = unsafe { self.ip.add(1) };
        let frame = Frame {
            ret,
            base: self.base,
            func: self.func,
            instance: self.instance,
        };
        // SAFETY: `depth < capacity` (grown just above if it was equal), so
        // the write is in the buffer and `depth + 1` elements are then
        // initialised. (`push` would check the capacity a second time.)
        unsafe {
            self.frames.as_mut_ptr().add(depth).write(frame);
            self.frames.set_len(depth + 1);
        }
        self.ip = callee.ops;
        self.base = new_base;
        self.func = index;
        self.switch_instance(instance);
        self.refresh_sp();
        Ok(())
    }

    #[inline(never)]
    fn call_indirect(&mut self, table: u32, ty: u32, index: Slot, base: Slot) -> Result<(), Stop> {
        let f = self.indirect_target(table, ty, index)?;
        self.call_store_func(f, base)
    }

    /// The store function at `table[index]`, checked against type `ty`.
    fn indirect_target(&mut self, table: u32, ty: u32, index: Slot) -> Result<u32, Stop> {
        let i = self.table_slot(index);
        let inst = self.instance();
        let expected = inst.type_ids[ty as usize];
        let t = inst.tables[table as usize];
        let cell = *self.store.inner.tables[t as usize]
            .elems
            .get(i)
            .ok_or(TrapCode::TableOutOfBounds)?;
        if cell == 0 {
            return Err(TrapCode::IndirectCallToNull.into());
        }
        let f = (cell - 1) as u32;
        let actual = self.store.inner.funcs[f as usize].type_id();
        // The fast path: exactly the type expected (always, without GC's
        // declared subtypes). Otherwise a subtype passes too.
        if actual != expected {
            self.indirect_subtype(actual, expected)?;
        }
        Ok(f)
    }

    /// `call_indirect`'s check when the function's type is not exactly the
    /// one expected: a declared subtype of it passes (a constant-time
    /// check, `store::types`); anything else is the signature trap.
    #[cold]
    #[inline(never)]
    fn indirect_subtype(&self, actual: u32, expected: u32) -> Result<(), Stop> {
        if self.store.inner.is_subtype(actual, expected) {
            Ok(())
        } else {
            Err(TrapCode::BadSignature.into())
        }
    }

    /// `return_call`: the callee takes over the running frame (module
    /// docs, "Tail calls").
    #[inline(never)]
    fn return_call(&mut self, func: u32, base: Slot) -> Result<(), Stop> {
        self.call_as::<true>(func, base)
    }

    /// `return_call_indirect`.
    #[inline(never)]
    fn return_call_indirect(
        &mut self,
        table: u32,
        ty: u32,
        index: Slot,
        base: Slot,
    ) -> Result<(), Stop> {
        let f = self.indirect_target(table, ty, index)?;
        self.return_call_store_func(f, base)
    }

    /// The store function a function reference names, or the null trap.
    fn ref_target(&self, r: Slot) -> Result<u32, Stop> {
        match self.get::<u64>(r) {
            0 => Err(TrapCode::NullReference.into()),
            // A funcref cell is the store index plus one.
            cell => Ok((cell - 1) as u32),
        }
    }

    /// `call_ref`: validation checked the reference's type, so only null
    /// is left to check.
    #[inline(never)]
    fn call_ref(&mut self, r: Slot, base: Slot) -> Result<(), Stop> {
        let f = self.ref_target(r)?;
        self.call_store_func(f, base)
    }

    /// `return_call_ref`.
    #[inline(never)]
    fn return_call_ref(&mut self, r: Slot, base: Slot) -> Result<(), Stop> {
        let f = self.ref_target(r)?;
        self.return_call_store_func(f, base)
    }

    fn return_call_store_func(&mut self, f: u32, base: Slot) -> Result<(), Stop> {
        match self.store.inner.funcs[f as usize] {
            FuncEntity::Wasm {
                instance, index, ..
            } => {
                let callee = self.store_func_entry(instance, index)?;
                self.enter_tail(index, instance, callee, base)
            }
            FuncEntity::Host { host, type_id } => {
                // The host function runs as an ordinary call from the
                // frame's start (its results land where this frame's
                // results go), then the frame returns.
                let np = self.store.inner.types.num_params(type_id);
                self.move_args(base, np);
                if self.call_host(host, type_id, 0, true)? {
                    self.ret()
                } else {
                    Ok(())
                }
            }
        }
    }

    /// Moves the `n` slots of arguments at slot `base` to the frame's
    /// first slots.
    fn move_args(&mut self, base: Slot, n: usize) {
        let from = self.base + base as usize;
        // In the frame: the translator put them in its temps.
        self.store
            .inner
            .stack
            .copy_within(from..from + n, self.base);
    }

    /// Enters a wasm function in place of the running one: its arguments
    /// move to the frame's start, and no frame is pushed, so the call depth
    /// and the value stack stay as they are.
    fn enter_tail(
        &mut self,
        index: u32,
        instance: u32,
        callee: Entry,
        base: Slot,
    ) -> Result<(), Stop> {
        let (params, locals) = (callee.num_params as usize, callee.num_locals as usize);
        self.move_args(base, params);
        let frame_size = callee.frame_size as usize;
        if self.base + frame_size > self.store.inner.stack.len() {
            ensure_stack(self.store, self.base + frame_size, self.max_slots)?;
        }
        // Declared locals start at zero.
        let first = self.base + params;
        self.store.inner.stack[first..first + (locals - params)].fill(0);
        self.ip = callee.ops;
        self.func = index;
        self.switch_instance(instance);
        self.refresh_sp();
        Ok(())
    }

    fn call_store_func(&mut self, f: u32, base: Slot) -> Result<(), Stop> {
        match self.store.inner.funcs[f as usize] {
            FuncEntity::Wasm {
                instance, index, ..
            } => {
                let callee = self.store_func_entry(instance, index)?;
                self.enter(index, instance, callee, base)
            }
            FuncEntity::Host { host, type_id } => {
                self.call_host(host, type_id, base, false)?;
                Ok(())
            }
        }
    }

    /// Calls host function `host` (of type `type_id`) with its frame at
    /// slot `base`; `tail` if the running frame ends with the call
    /// (`return_call` of a host function). Returns whether it returned:
    /// `false` if it threw an exception that a handler here caught (see
    /// "Exceptions"), which has already moved to the handler.
    fn call_host(&mut self, host: u32, type_id: u32, base: Slot, tail: bool) -> Result<bool, Stop> {
        let new_base = self.base + base as usize;
        // A host function may grow memory (or do anything else).
        self.mem_moved = true;
        let ty = self.store.inner.func_type(type_id);
        // The slots the arguments and the results take.
        let (np, nr) = (
            crate::types::cells_of(ty.params()) as usize,
            crate::types::cells_of(ty.results()) as usize,
        );
        let max = self.store.inner.engine.config().max_stack_slots;
        ensure_stack(self.store, new_base + np.max(nr), max)?;
        let mut at = new_base;
        let args: Vec<Val> = ty
            .params()
            .iter()
            .map(|t| {
                let v = take_val(&self.store.inner, at, *t);
                at += t.cells() as usize;
                v
            })
            .collect();
        let mut results = vec![Val::I32(0); ty.results().len()];
        let host = self.store.hosts[host as usize].clone();
        let saved_top = self.store.inner.stack_top;
        self.store.inner.stack_top = self.base + self.frame_size().max(base as usize + np.max(nr));
        self.store.inner.depth += self.frames.len() + 1;
        #[cfg(feature = "gc")]
        let (roots, parked) = self.park_for_host(&args);
        let r = (host.func)(
            Caller {
                store: self.store,
                instance: Some(self.instance),
            },
            &args,
            &mut results,
        );
        #[cfg(feature = "gc")]
        self.unpark(roots, parked);
        self.store.inner.depth -= self.frames.len() + 1;
        self.store.inner.stack_top = saved_top;
        self.refresh_sp();
        self.refresh_instance_lists();
        if let Err(e) = r {
            #[cfg(feature = "exceptions")]
            if let Some(x) = e.as_exception() {
                let cell = match self.store.inner.exn_of_exception(x) {
                    Ok(cell) => cell,
                    Err(e) => return Err(self.host_error(e)),
                };
                if tail {
                    // The frame that tail-called is gone: the exception
                    // comes from its caller's call.
                    match self.frames.pop() {
                        None => return Err(self.uncaught(cell)),
                        Some(frame) => self.resume_frame(frame),
                    }
                }
                self.unwind(cell)?;
                return Ok(false);
            }
            let _ = tail;
            return Err(self.host_error(e));
        }
        let mut at = new_base;
        for (v, t) in results.iter().zip(ty.results()) {
            if !v.matches(*t, &self.store.inner) {
                return Err(self.host_error(Error::host(
                    "host function returned a value of the wrong type",
                )));
            }
            put_val(&mut self.store.inner, at, v).map_err(|e| self.host_error(e))?;
            at += t.cells() as usize;
        }
        if !tail {
            self.next();
        }
        Ok(true)
    }

    /// Before a host call: roots the arguments for the length of the call
    /// and, if the GC heap holds anything, parks this execution's frames
    /// in the store, where a collection the host causes finds them
    /// (`store::gc`). Returns what [`Executor::unpark`] undoes. A heap
    /// that is empty now means no frame holds a reference, and the call
    /// costs nothing more.
    #[cfg(feature = "gc")]
    #[inline]
    fn park_for_host(&mut self, args: &[Val]) -> (usize, bool) {
        let inner = &mut self.store.inner;
        let roots = inner.gc.roots_len();
        if inner.gc.is_empty() {
            return (roots, false);
        }
        self.park_frames(args);
        (roots, true)
    }

    #[cfg(feature = "gc")]
    #[cold]
    #[inline(never)]
    fn park_frames(&mut self, args: &[Val]) {
        let inner = &mut self.store.inner;
        for a in args {
            inner.gc_root_val(a);
        }
        let top = Frame {
            ret: self.ip.wrapping_add(1),
            base: self.base,
            func: self.func,
            instance: self.instance,
        };
        let frames = core::mem::take(&mut self.frames);
        inner
            .parked
            .push(crate::store::suspended::Parked { top, frames });
    }

    /// After a host call: takes the frames back and drops the call's
    /// roots (and whatever the host rooted without a scope of its own,
    /// as a Wasmtime host function's roots end with the call).
    #[cfg(feature = "gc")]
    #[inline]
    fn unpark(&mut self, roots: usize, parked: bool) {
        let inner = &mut self.store.inner;
        if parked {
            if let Some(p) = inner.parked.pop() {
                self.frames = p.frames;
            }
        }
        inner.gc.release_roots(roots);
    }

    /// Keeps `error` for the caller of the loop.
    #[cold]
    fn host_error(&mut self, error: Error) -> Stop {
        self.error = Some(error);
        Stop::Host
    }

    #[inline(never)]
    fn ret(&mut self) -> Result<(), Stop> {
        match self.frames.pop() {
            None => Err(Stop::Done),
            Some(frame) => {
                self.ip = frame.ret;
                self.base = frame.base;
                self.func = frame.func;
                self.switch_instance(frame.instance);
                self.refresh_sp();
                Ok(())
            }
        }
    }

    /// Continues in `frame`, a caller being returned to without a
    /// return (an exception unwinding): `ip` at its call.
    #[cfg(feature = "exceptions")]
    fn resume_frame(&mut self, frame: Frame) {
        self.ip = frame.ret.wrapping_sub(1);
        self.base = frame.base;
        self.func = frame.func;
        self.switch_instance(frame.instance);
        self.refresh_sp();
    }

    /// `throw`: a new exception of the instance's tag `tag` with the
    /// payload in the slots from `args`, unwound to its handler.
    #[cfg(feature = "exceptions")]
    #[inline(never)]
    fn throw_op(&mut self, tag: u32, args: Slot) -> Result<(), Stop> {
        let tag = self.instance().tags[tag as usize];
        let inner = &self.store.inner;
        let ty = inner.func_type(inner.tags[tag as usize].type_id);
        let first = self.base + args as usize;
        let n = crate::types::cells_of(ty.params()) as usize;
        let cells: alloc::boxed::Box<[u64]> = inner.stack[first..first + n].into();
        if self.store.inner.exns.wants_collection() {
            self.collect_exns();
        }
        let cell = self
            .store
            .inner
            .exns
            .alloc(tag, cells)
            .map_err(|e| self.host_error(e))?;
        self.unwind(cell)
    }

    /// `throw_ref` (and the legacy `rethrow`): the exception in slot `exn`
    /// again.
    #[cfg(feature = "exceptions")]
    #[inline(never)]
    fn throw_ref(&mut self, exn: Slot) -> Result<(), Stop> {
        let cell = self.get::<u64>(exn);
        if cell == 0 {
            return Err(TrapCode::NullReference.into());
        }
        self.unwind(cell)
    }

    /// Frees the exceptions nothing can reach (see `store::exn`): the roots
    /// are the value stack up to the running frame's top, the globals and
    /// the tables.
    #[cfg(feature = "exceptions")]
    #[cold]
    #[inline(never)]
    fn collect_exns(&mut self) {
        let top = self.base + self.frame_size();
        self.store.inner.collect_exns(top);
    }

    /// Sends exception `exn`, thrown at `ip`, to the innermost handler that
    /// catches it: first finds it (in the running function, then in each
    /// caller at its call), then drops the frames above it, writes the
    /// payload (and the exception) where the handler wants them and
    /// continues there. With no handler, the run ends with the exception
    /// as its error, located where it was thrown.
    #[cfg(feature = "exceptions")]
    fn unwind(&mut self, exn: u64) -> Result<(), Stop> {
        let Some(tag) = self.store.inner.exns.get_cell(exn).map(|e| e.tag) else {
            return Err(self.host_error(Error::host("throw of an exception that no longer exists")));
        };
        let mut level = self.frames.len();
        let (mut instance, mut func, mut ip) = (self.instance, self.func, self.ip);
        let clause = loop {
            if let Some(c) = self.handler(instance, func, ip, tag) {
                break c;
            }
            if level == 0 {
                return Err(self.uncaught(exn));
            }
            level -= 1;
            let f = self.frames[level];
            (instance, func, ip) = (f.instance, f.func, f.ret.wrapping_sub(1));
        };
        if level < self.frames.len() {
            let frame = self.frames[level];
            self.frames.truncate(level);
            self.resume_frame(frame);
        }
        let inner = &mut self.store.inner;
        if let Some(e) = inner.exns.get_cell(exn) {
            let dst = self.base + clause.dst as usize;
            inner.stack[dst..dst + e.cells.len()].copy_from_slice(&e.cells);
        }
        if clause.exn != crate::translate::exn::NO_EXN {
            inner.stack[self.base + clause.exn as usize] = exn;
        }
        let ops = self.instance().entries[self.func as usize].ops;
        self.ip = ops.wrapping_add(clause.target as usize);
        self.refresh_sp();
        Ok(())
    }

    /// The clause of function `func` of `instance` that catches an
    /// exception of (store) tag `tag` thrown at op `ip`.
    #[cfg(feature = "exceptions")]
    fn handler(
        &self,
        instance: u32,
        func: u32,
        ip: *const Op,
        tag: u32,
    ) -> Option<crate::translate::exn::Clause> {
        let inst = &self.store.inner.instances[instance as usize];
        let cf = inst.compiled_if_ready(func)?;
        let handlers = cf.handlers.as_deref()?;
        let pos = (ip as usize).wrapping_sub(cf.ops.as_ptr() as usize) / core::mem::size_of::<Op>();
        let clause = handlers.find(pos as u32, |t| inst.tags.get(t as usize) == Some(&tag))?;
        // Ops in bounds (module docs): a handler's op is one of the
        // function's (the translator pins every clause's label before an
        // op that is reached).
        debug_assert!((clause.target as usize) < cf.ops.len());
        ((clause.target as usize) < cf.ops.len()).then_some(*clause)
    }

    /// Ends the run with exception `exn`, which nothing caught: an error
    /// located at `ip`, with the frames' trace.
    #[cfg(feature = "exceptions")]
    #[cold]
    #[inline(never)]
    fn uncaught(&mut self, exn: u64) -> Stop {
        let mut e = self.store.inner.exception_of(exn);
        e.location = trap_location(self.store, self.instance, self.func, self.ip);
        #[cfg(not(feature = "small-footprint"))]
        if e.location.is_some() {
            e.trace = trap_trace(self.store, &self.frames);
        }
        self.host_error(Error::from_exception(e))
    }

    #[inline(never)]
    fn ref_func(&mut self, dst: Slot, func: u32) {
        let f = self.instance().funcs[func as usize];
        self.set(dst, f as u64 + 1);
    }

    /// The store index of the running instance's memory `memory`.
    fn memory_index(&self, memory: u16) -> usize {
        self.instance().memories[memory as usize] as usize
    }

    /// The bytes of the running instance's memory `memory`: memory 0's
    /// store index is at hand (`Executor::memory`), another one is looked
    /// up. (Without the `memory64` feature the translator emits memory 0
    /// only.)
    #[inline]
    fn memory_data(&mut self, memory: u16) -> &mut [u8] {
        if memory == 0 || cfg!(not(feature = "memory64")) {
            return self.memory_bytes();
        }
        let m = self.memory_index(memory);
        &mut self.store.inner.memories[m].data
    }

    /// [`Hot::mem_at`] for a memory other than memory 0.
    #[cfg(feature = "memory64")]
    #[inline(never)]
    fn memory_at(
        &mut self,
        memory: u16,
        addr: u64,
        offset: u32,
        size: usize,
    ) -> Result<*mut u8, TrapCode> {
        let data = self.memory_data(memory);
        match addr.checked_add(offset as u64 + size as u64) {
            // SAFETY: the access ends within the memory's buffer.
            Some(end) if end <= data.len() as u64 => {
                Ok(unsafe { data.as_mut_ptr().add((end - size as u64) as usize) })
            }
            _ => Err(TrapCode::MemoryOutOfBounds),
        }
    }

    /// Writes a size or an old size to `dst` as the memory's or table's
    /// address type: an i64, or an i32 (-1 for `None`, a failed growth).
    fn set_size(&mut self, dst: Slot, size: Option<u64>, is64: bool) {
        let cell = match size {
            Some(n) if is64 => n,
            Some(n) => n as u32 as u64,
            None if is64 => u64::MAX,
            None => u32::MAX as u64,
        };
        self.set(dst, cell);
    }

    #[inline(never)]
    fn memory_size(&mut self, dst: Slot, memory: u16) {
        let m = &self.store.inner.memories[self.memory_index(memory)];
        let (pages, is64) = (m.pages(), m.ty.memory64);
        self.set_size(dst, Some(pages), is64);
    }

    #[inline(never)]
    fn memory_grow(&mut self, dst: Slot, delta: Slot, memory: u16) -> Result<(), Stop> {
        // An i32 delta's cell is its zero extension.
        let delta = self.get::<u64>(delta);
        self.charge_bulk(delta)?;
        let m = self.memory_index(memory);
        let is64 = self.store.inner.memories[m].ty.memory64;
        let old = self.store.grow_memory(m as u32, delta);
        self.set_size(dst, old, is64);
        Ok(())
    }

    /// The three operands of a bulk op, each an i32 or an i64 (an i32's
    /// cell is its zero extension).
    fn args3(&self, args: Slot) -> (u64, u64, u64) {
        (
            self.get::<u64>(args),
            self.get::<u64>(args + 1),
            self.get::<u64>(args + 2),
        )
    }

    #[inline(never)]
    fn memory_fill(&mut self, args: Slot, memory: u16) -> Result<(), Stop> {
        let (d, val, n) = self.args3(args);
        self.charge_bulk(n.div_ceil(64))?;
        let mem = self.memory_data(memory);
        let range = checked_range(d, n, mem.len()).ok_or(TrapCode::MemoryOutOfBounds)?;
        mem[range].fill(val as u8);
        Ok(())
    }

    #[inline(never)]
    fn memory_copy(&mut self, args: Slot, dst_memory: u16, src_memory: u16) -> Result<(), Stop> {
        #[cfg(feature = "memory64")]
        if dst_memory != src_memory {
            return self.copy_between_memories(args, dst_memory, src_memory);
        }
        #[cfg(not(feature = "memory64"))]
        let _ = src_memory; // Always memory 0 (the translator's check).
        // Within one memory (compilers' `memcpy`: frequent).
        let (d, s, n) = self.args3(args);
        self.charge_bulk(n.div_ceil(64))?;
        let mem = self.memory_data(dst_memory);
        let src = checked_range(s, n, mem.len()).ok_or(TrapCode::MemoryOutOfBounds)?;
        let dst = checked_range(d, n, mem.len()).ok_or(TrapCode::MemoryOutOfBounds)?;
        mem.copy_within(src, dst.start);
        Ok(())
    }

    /// `memory.copy` between two memories: out of line, so that the usual
    /// copy within one memory keeps a small frame.
    #[cfg(feature = "memory64")]
    #[cold]
    #[inline(never)]
    fn copy_between_memories(
        &mut self,
        args: Slot,
        dst_memory: u16,
        src_memory: u16,
    ) -> Result<(), Stop> {
        let (d, s, n) = self.args3(args);
        self.charge_bulk(n.div_ceil(64))?;
        let (dm, sm) = (self.memory_index(dst_memory), self.memory_index(src_memory));
        let memories = &mut self.store.inner.memories;
        let src =
            checked_range(s, n, memories[sm].data.len()).ok_or(TrapCode::MemoryOutOfBounds)?;
        let dst =
            checked_range(d, n, memories[dm].data.len()).ok_or(TrapCode::MemoryOutOfBounds)?;
        // Two distinct entries of the store's list, borrowed apart.
        let (lo, hi) = memories.split_at_mut(dm.max(sm));
        let (to, from) = if dm < sm {
            (&mut lo[dm], &hi[0])
        } else {
            (&mut hi[0], &lo[sm])
        };
        to.data[dst].copy_from_slice(&from.data[src]);
        Ok(())
    }

    #[inline(never)]
    fn memory_init(&mut self, seg: u32, args: Slot, memory: u16) -> Result<(), Stop> {
        let (d, s, n) = self.args3(args);
        self.charge_bulk(n.div_ceil(64))?;
        let inst = &self.store.inner.instances[self.instance as usize];
        let module = inst.module.clone();
        let data: &[u8] = if inst.data_dropped[seg as usize] {
            &[]
        } else {
            &module.datas[seg as usize].bytes
        };
        let src = checked_range(s, n, data.len()).ok_or(TrapCode::MemoryOutOfBounds)?;
        let mem = self.memory_data(memory);
        let dst = checked_range(d, n, mem.len()).ok_or(TrapCode::MemoryOutOfBounds)?;
        mem[dst].copy_from_slice(&data[src]);
        Ok(())
    }

    #[inline(never)]
    fn data_drop(&mut self, seg: u32) {
        let instance = self.instance as usize;
        self.store.inner.instances[instance].data_dropped[seg as usize] = true;
    }

    fn table_index(&self, table: u32) -> usize {
        self.instance().tables[table as usize] as usize
    }

    /// A table index from `slot`, an i32 or an i64 (an i32's cell is its
    /// zero extension); an index beyond `usize` is out of bounds anyway.
    fn table_slot(&self, slot: Slot) -> usize {
        usize::try_from(self.get::<u64>(slot)).unwrap_or(usize::MAX)
    }

    #[inline(never)]
    fn table_get(&mut self, dst: Slot, table: u32, index: Slot) -> Result<(), Stop> {
        let t = self.table_index(table);
        let i = self.table_slot(index);
        let v = *self.store.inner.tables[t]
            .elems
            .get(i)
            .ok_or(TrapCode::TableOutOfBounds)?;
        self.set(dst, v);
        Ok(())
    }

    #[inline(never)]
    fn table_set(&mut self, table: u32, index: Slot, value: Slot) -> Result<(), Stop> {
        let t = self.table_index(table);
        let i = self.table_slot(index);
        let v = self.get::<u64>(value);
        *self.store.inner.tables[t]
            .elems
            .get_mut(i)
            .ok_or(TrapCode::TableOutOfBounds)? = v;
        Ok(())
    }

    #[inline(never)]
    fn table_size(&mut self, dst: Slot, table: u32) {
        let t = &self.store.inner.tables[self.table_index(table)];
        let (n, is64) = (t.elems.len() as u64, t.ty.table64);
        self.set_size(dst, Some(n), is64);
    }

    #[inline(never)]
    fn table_grow(&mut self, dst: Slot, table: u32, args: Slot) -> Result<(), Stop> {
        let t = self.table_index(table);
        let init = self.get::<u64>(args);
        let delta = self.get::<u64>(args + 1);
        self.charge_bulk(delta)?;
        let is64 = self.store.inner.tables[t].ty.table64;
        let old = self.store.grow_table(t as u32, delta, init);
        self.set_size(dst, old.map(u64::from), is64);
        Ok(())
    }

    #[inline(never)]
    fn table_fill(&mut self, table: u32, args: Slot) -> Result<(), Stop> {
        let t = self.table_index(table);
        let i = self.get::<u64>(args);
        let v = self.get::<u64>(args + 1);
        let n = self.get::<u64>(args + 2);
        self.charge_bulk(n)?;
        let elems = &mut self.store.inner.tables[t].elems;
        let range = checked_range(i, n, elems.len()).ok_or(TrapCode::TableOutOfBounds)?;
        elems[range].fill(v);
        Ok(())
    }

    #[inline(never)]
    fn table_copy(&mut self, dst_table: u32, src_table: u32, args: Slot) -> Result<(), Stop> {
        let (d, s, n) = self.args3(args);
        self.charge_bulk(n)?;
        let dt = self.table_index(dst_table);
        let st = self.table_index(src_table);
        let tables = &mut self.store.inner.tables;
        let src = checked_range(s, n, tables[st].elems.len()).ok_or(TrapCode::TableOutOfBounds)?;
        let dst = checked_range(d, n, tables[dt].elems.len()).ok_or(TrapCode::TableOutOfBounds)?;
        if dt == st {
            tables[dt].elems.copy_within(src, dst.start);
        } else {
            let items: Vec<u64> = tables[st].elems[src].to_vec();
            tables[dt].elems[dst].copy_from_slice(&items);
        }
        Ok(())
    }

    #[inline(never)]
    fn table_init(&mut self, table: u32, seg: u32, args: Slot) -> Result<(), Stop> {
        let (d, s, n) = self.args3(args);
        self.charge_bulk(n)?;
        let t = self.table_index(table);
        let inst = &self.store.inner.instances[self.instance as usize];
        let items = &inst.elems[seg as usize];
        let src = checked_range(s, n, items.len()).ok_or(TrapCode::TableOutOfBounds)?;
        let items: Vec<u64> = items[src].to_vec();
        let elems = &mut self.store.inner.tables[t].elems;
        let dst = checked_range(d, n, elems.len()).ok_or(TrapCode::TableOutOfBounds)?;
        elems[dst].copy_from_slice(&items);
        Ok(())
    }

    #[inline(never)]
    fn elem_drop(&mut self, seg: u32) {
        let instance = self.instance as usize;
        self.store.inner.instances[instance].elems[seg as usize] = Vec::new();
    }
}
