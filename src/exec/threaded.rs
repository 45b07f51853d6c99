//! The threaded path: one handler function per op, each ending in a tail
//! call to the next op's handler.
//!
//! # Why
//!
//! The portable loop ([`super::Executor::run`]) decodes every op in one
//! place and jumps through one shared indirect branch. Here each handler
//! decodes only its own operands and ends in its own indirect jump to the
//! next handler, which the branch predictor can learn per op pair. The
//! registers ([`Regs`]) travel as the handlers' arguments, so they stay in
//! machine registers across the whole chain.
//!
//! # When it is built
//!
//! Only where the compiler turns the handlers' final calls into jumps: the
//! build script sets `cfg(spindle_threaded)` for x86-64 and AArch64 at
//! optimisation level 1 and above, unless the `portable-dispatch` feature
//! or `SPINDLE_DISPATCH=portable` asks for the loop alone. At `opt-level =
//! 0` each op would add a host stack frame, so the loop runs everything.
//! `exec::tests::threaded_stack_stays_bounded` runs every family of op
//! millions of times on a small host stack to prove the chain does not
//! grow it.
//!
//! # What it runs
//!
//! Every op. Each handler runs its op's function in `each` (fused ops
//! included, see `bytecode::ops`), as the portable loop does, on
//! registers passed as arguments: `ip`, `sp`, memory 0's base, the two
//! accumulators (see "Accumulators" in [`super`]; the float one is also
//! the v128 one) and the executor. Calls
//! and returns within one instance, and globals, are done in the registers
//! too ([`Hot`]'s `call_op`, `ret_op`, `global_get`); everything else that
//! needs the rest of the state (other calls, tables, bulk memory, memory
//! size and growth) calls an out-of-line function of [`Executor`] and
//! reloads the registers afterwards. A call or return that cannot stay in
//! the registers is run by a second handler (see [`handler!`]), so that the
//! first one calls nothing. A trap or the entry function's return ends the
//! chain: the handler stores the reason in the executor and returns.
//!
//! # Safety
//!
//! [`HANDLERS`] is indexed by the op's tag. `Op` is `#[repr(u16)]`, so its
//! tag is the first two bytes of the op and its variants are numbered in
//! declaration order; [`HANDLERS`] and [`NAMES`] are generated from the
//! same flat list of variants (`bytecode::table`) in the same order
//! (checked for every variant by `tests::the_tables_follow_the_flat_list`,
//! and for every op of some real modules by
//! `exec::tests::threaded_table_matches_the_tags`).

use super::{Executor, Hot, Regs, Stop, facc::FAcc};
use crate::bytecode::{Op, for_each_variant};
use core::marker::PhantomData;

/// An op's handler: runs the op at `ip`, then tail-calls the next one. The
/// last argument is the `Executor<T>`, type-erased.
///
/// Memory 0's length is not an argument: it is read from the executor,
/// which keeps it current (see [`Executor::memory_raw`]), by the handlers
/// that access memory. That keeps the arguments to six registers, the most
/// for which LLVM's x86-64 backend folds the handler-table load into the
/// tail jump (`jmp [table + tag*8]`); a seventh costs every op a `mov`
/// (measured: 3% to 7% more instructions on the scalar kernels).
///
/// The handlers use the C calling convention (`C-unwind`, so that a host
/// function's panic still unwinds to the embedder): with the `simd`
/// feature the float accumulator is a 128-bit vector (see [`FAcc`]), which
/// the C convention passes in a vector register and the Rust one through
/// memory. Both pass the other arguments in the same registers.
#[allow(improper_ctypes_definitions)]
type Handler = unsafe extern "C-unwind" fn(*const Op, *mut u64, *mut u8, u64, FAcc, *mut ()) -> ();

/// The handler tables, one per store data type `T`.
struct Table<T>(PhantomData<T>);

/// Runs ops from `ip` until the entry function returns, an op traps or a
/// host function fails; the reason is left in the executor's `stop`.
///
/// # Safety
/// The registers must describe a running frame: `ip` at an op of its
/// function, `sp` at its slot 0 with the frame in bounds, `mem..mem +
/// mem_len` memory 0's live buffer, with `mem_len` also in the executor's
/// `mem_len`; `ex` must be the `Executor<T>` running that frame, used by
/// nothing else until this returns.
#[inline(always)]
pub(crate) unsafe fn run<T>(r: Regs, ex: *mut ()) {
    let table: &'static [Handler; NAMES.len()] = &Table::<T>::HANDLERS;
    // SAFETY: `Op` is `repr(u16)`: its first two bytes are the tag, which
    // indexes the table (same order, same length).
    unsafe {
        let tag = *r.ip.cast::<u16>();
        let handler = *table.get_unchecked(tag as usize);
        handler(r.ip, r.sp, r.mem, r.acc, r.facc, ex)
    }
}

/// One handler: its op's function in `each`, given the op's kind in the
/// flat list of variants (`bytecode::table`).
///
/// The ops whose fast path calls nothing but whose slow path calls out
/// (`call`, `return`, marked `twins` in the table) get two: `handler`, in
/// the table, runs the op with [`Hot`]'s `fast_only` set, so it contains no
/// call and LLVM need not save registers around one (`return` now saves
/// none; `call`'s fast path still needs six callee-saved registers of its
/// own); when the fast path does not apply (the op returns [`Stop::Slow`]
/// before changing anything), it tail-calls `slow`, which runs the op again
/// with its out-of-line path allowed. Every other op has `handler` alone,
/// with `fast_only` clear.
macro_rules! handler {
    ([] $name:ident) => {{
        handler!(@step $name, alone);
        handler!(@entry handler, false, "The op.");
        handler::<T> as Handler
    }};
    ([fused] $name:ident) => {{
        handler!(@step $name, alone);
        handler!(@entry handler, false, "The fused op.");
        handler::<T> as Handler
    }};
    ([twins] $name:ident) => {{
        handler!(@step $name, twins);
        handler!(@entry handler, true, "The op, fast path only.");
        handler!(@entry #[inline(never)] slow, false, "The op, out-of-line path allowed.");
        handler::<T> as Handler
    }};
    (@entry $(#[$attr:meta])* $f:ident, $fast_only:literal, $doc:literal) => {
        #[doc = $doc]
        ///
        /// # Safety
        /// As [`run`], with `ip` at the handler's op.
        $(#[$attr])*
        #[allow(improper_ctypes_definitions)]
        unsafe extern "C-unwind" fn $f<U>(
            ip: *const Op,
            sp: *mut u64,
            mem: *mut u8,
            acc: u64,
            facc: FAcc,
            ex: *mut (),
        ) {
            // SAFETY: the caller's contract.
            unsafe { step::<U>(ip, sp, mem, acc, facc, ex, $fast_only) }
        }
    };
    (@step $name:ident, $kind:ident) => {
        /// The handlers' body.
        ///
        /// # Safety
        /// As [`run`], with `ip` at an op `$name`.
        #[inline(always)]
        unsafe fn step<U>(
            ip: *const Op,
            sp: *mut u64,
            mem: *mut u8,
            acc: u64,
            facc: FAcc,
            ex: *mut (),
            fast_only: bool,
        ) {
            // SAFETY: `ex` is the running `Executor<U>` (caller's contract).
            let exec = unsafe { &mut *ex.cast::<Executor<'_, U>>() };
            let mut hot = Hot::new(
                Regs {
                    ip,
                    sp,
                    mem,
                    mem_len: exec.mem_len,
                    acc,
                    facc,
                },
                exec,
            );
            hot.fast_only = fast_only;
            // SAFETY: `ip` points at an op (caller's contract), and this
            // handler is only reached through its tag (module docs).
            let op = unsafe { *ip };
            unsafe { core::hint::assert_unchecked(matches!(op, Op::$name { .. })) };
            if let Err(stop) = super::each::$name(&mut hot, op) {
                if fast_only && matches!(stop, Stop::Slow) {
                    handler!(@slow $kind, ip, sp, mem, acc, facc, ex);
                }
                hot.ex.ip = hot.regs.ip;
                hot.ex.stop = Some(stop);
                return;
            }
            // SAFETY: the op fell through, branched within its function, or
            // entered or left a frame and reloaded the registers, so they
            // describe the running frame.
            unsafe { run::<U>(hot.regs, ex) }
        }
    };
    (@slow twins, $ip:ident, $sp:ident, $mem:ident, $acc:ident, $facc:ident, $ex:ident) => {
        // SAFETY: the op declined before changing anything, so the
        // registers are still the caller's.
        return unsafe { slow::<U>($ip, $sp, $mem, $acc, $facc, $ex) }
    };
    // Only the twins' ops decline, and only with `fast_only` set.
    (@slow alone, $($rest:tt)*) => {};
}

/// The threaded path's tables, from the flat list of variants
/// (`bytecode::table`), in tag order.
macro_rules! define_threaded {
    ($(
        #[cfg $cfg:tt]
        $(#[doc = $doc:expr])*
        $name:ident { $($field:ident : $type:ty),* } [$($kind:ident)?]
            mnemonic $mnemonic:expr,
            disasm |$f:ident, $target:ident, $at:ident| $disasm:expr,
            exec |$ex:ident| $exec:block,
            rel $rel:tt;
    )*) => {
        /// The variants in declaration order, which is tag order.
        pub(crate) const NAMES: &[&str] = &[ $( #[cfg $cfg] stringify!($name), )* ];

        impl<T> Table<T> {
            /// Each variant's handler, in tag order.
            const HANDLERS: [Handler; NAMES.len()] = [ $( #[cfg $cfg] handler!([$($kind)?] $name), )* ];
        }
    };
}

for_each_variant!(define_threaded);

#[cfg(test)]
mod tests {
    use super::*;

    /// Every variant, in tag order, has its name and handler at its tag.
    #[test]
    fn the_tables_follow_the_flat_list() {
        assert_eq!(NAMES.len(), Op::EXAMPLES.len());
        assert_eq!(Table::<()>::HANDLERS.len(), NAMES.len());
        for (tag, (op, _)) in Op::EXAMPLES.iter().enumerate() {
            assert_eq!(NAMES[tag], op.variant_name());
        }
    }
}
