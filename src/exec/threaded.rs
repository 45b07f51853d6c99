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
//! Every op. Each handler runs its op's function in `each` (a fused op's:
//! its function in `fused`, see `bytecode::ops`), as the portable loop does, on
//! registers passed as arguments: `ip`, `sp`, memory 0's base, the two
//! accumulators (see "Accumulators" in [`super`]) and the executor. Calls
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
//! same instruction table in the same order (checked for every op by
//! `exec::tests::threaded_table_matches_the_tags`).

use super::{Executor, Hot, Regs, Stop};
use crate::bytecode::{Op, for_each_op};
use core::marker::PhantomData;

/// An op's handler: runs the op at `ip`, then tail-calls the next one. The
/// last argument is the `Executor<T>`, type-erased.
///
/// Memory 0's length is not an argument: it is read from the executor,
/// which keeps it current (see [`Executor::memory_raw`]), by the handlers
/// that access memory. That keeps the arguments to six registers, the most
/// for which LLVM's x86-64 backend folds the handler-table load into the
/// tail jump (`jmp [table + tag*8]`); a seventh costs every op a `mov`.
type Handler = unsafe fn(*const Op, *mut u64, *mut u8, u64, f64, *mut ()) -> ();

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

/// One handler: its op's function in `each` (a fused op's in `fused`).
///
/// The ops whose fast path calls nothing but whose slow path calls out
/// (`call`, `return`) get two: `handler`, in the table, runs the op with
/// [`Hot`]'s `fast_only` set, so it contains no call and LLVM need not
/// save registers around one (`return` now saves none; `call`'s fast path
/// still needs six callee-saved registers of its own); when the fast path does
/// not apply (the op returns [`Stop::Slow`] before changing anything), it
/// tail-calls `slow`, which runs the op again with its out-of-line path
/// allowed. Every other op has `handler` alone, with `fast_only` clear.
macro_rules! handler {
    (Call) => { handler!(@twins Call) };
    (Return) => { handler!(@twins Return) };
    (ReturnSlot) => { handler!(@twins ReturnSlot) };
    (@fused $name:ident) => {{
        handler!(@step $name, alone, super::fused::$name);
        handler!(@entry handler, false, "The fused op.");
        handler::<T> as Handler
    }};
    ($name:ident) => {{
        handler!(@step $name, alone, super::each::$name);
        handler!(@entry handler, false, "The op.");
        handler::<T> as Handler
    }};
    (@twins $name:ident) => {{
        handler!(@step $name, twins, super::each::$name);
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
        unsafe fn $f<U>(
            ip: *const Op,
            sp: *mut u64,
            mem: *mut u8,
            acc: u64,
            facc: f64,
            ex: *mut (),
        ) {
            // SAFETY: the caller's contract.
            unsafe { step::<U>(ip, sp, mem, acc, facc, ex, $fast_only) }
        }
    };
    (@step $name:ident, $kind:ident, $run:path) => {
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
            facc: f64,
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
            if let Err(stop) = $run(&mut hot, op) {
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

macro_rules! define_threaded {
    (
        binary_imm { $( $bi_name:ident $bi_imm:ident $bi_acc:ident $bi_acc_imm:ident $bi_slot_acc:ident $bi_mn:literal $bi_t:ident, |$bi_a:ident, $bi_b:ident| $bi_e:expr; )* }
        binary { $( $b_name:ident $b_acc:ident $b_slot_acc:ident $b_mn:literal $b_t:ident, |$b_a:ident, $b_b:ident| $b_e:expr; )* }
        compare_branch { $( $cb_name:ident $cb_imm:ident $cb_br:ident $cb_br_imm:ident $cb_not:ident $cb_not_imm:ident $cb_br_acc:ident $cb_br_acc_imm:ident $cb_mn:literal $cb_t:ident, |$cb_a:ident, $cb_b:ident| $cb_e:expr; )* }
        compare { $( $c_name:ident $c_mn:literal $c_t:ident, |$c_a:ident, $c_b:ident| $c_e:expr; )* }
        unary { $( $u_name:ident $u_acc:ident $u_mn:literal $u_t:ident => $u_r:ident, |$u_a:ident| $u_e:expr; )* }
        load { $( $l_name:ident $l_add:ident $l_acc:ident $l_mn:literal $l_m:ident => $l_t:ident; )* }
        store_imm { $( $si_name:ident $si_imm:ident $si_add:ident $si_acc:ident $si_mn:literal $si_t:ident => $si_m:ident; )* }
        store { $( $s_name:ident $s_add:ident $s_acc:ident $s_mn:literal $s_t:ident => $s_m:ident; )* }
        branch { $( $(#[doc = $br_doc:literal])* $br_name:ident { $($br_f:ident : $br_ft:ty),* } $br_mn:literal, |$br_ex:ident| $br_body:block; )* }
        other { $( $(#[doc = $o_doc:literal])* $o_name:ident { $($o_f:ident : $o_ft:ty),* } $o_mn:literal, |$o_ex:ident| $o_body:block; )* }
        acc { $( $(#[doc = $a_doc:literal])* $a_name:ident { $($a_f:ident : $a_ft:ty),* } $a_mn:literal, |$a_ex:ident| $a_body:block; )* }
        fused { $( $(#[doc = $p_doc:literal])* $p_name:ident = $p_first:ident { $($p_f:ident : $p_ft:ty),* } $(=> $p_fa:ident)? $(then $p_next:ident { $($p_g:ident),* } $(=> $p_na:ident)?)+; )* }
    ) => {
        /// The variants in declaration order, which is tag order.
        pub(crate) const NAMES: [&str; BASE_NAMES.len() + ACC_NAMES.len()] =
            joined(BASE_NAMES, ACC_NAMES);

        /// The variants built in every configuration, in tag order.
        const BASE_NAMES: &[&str] = &[
            $( stringify!($bi_name), stringify!($bi_imm), )*
            $( stringify!($b_name), )*
            $( stringify!($cb_name), stringify!($cb_imm), stringify!($cb_br), stringify!($cb_br_imm), )*
            $( stringify!($c_name), )*
            $( stringify!($u_name), )*
            $( stringify!($l_name), stringify!($l_add), )*
            $( stringify!($si_name), stringify!($si_imm), stringify!($si_add), )*
            $( stringify!($s_name), stringify!($s_add), )*
            $( stringify!($br_name), )*
            $( stringify!($o_name), )*
        ];

        /// The accumulator forms, which follow them.
        #[cfg(spindle_acc)]
        const ACC_NAMES: &[&str] = &[
            $( stringify!($bi_acc), stringify!($bi_acc_imm), stringify!($bi_slot_acc), )*
            $( stringify!($b_acc), stringify!($b_slot_acc), )*
            $( stringify!($cb_br_acc), stringify!($cb_br_acc_imm), )*
            $( stringify!($u_acc), )*
            $( stringify!($l_acc), )*
            $( stringify!($si_acc), )*
            $( stringify!($s_acc), )*
            $( stringify!($a_name), )*
            $( stringify!($p_name), )*
        ];
        #[cfg(not(spindle_acc))]
        const ACC_NAMES: &[&str] = &[];

        impl<T> Table<T> {
        /// Each variant's handler, in tag order.
        const HANDLERS: [Handler; NAMES.len()] = joined(&Self::BASE, &Self::ACC);

        const BASE: [Handler; BASE_NAMES.len()] = [
            $( handler!($bi_name), handler!($bi_imm), )*
            $( handler!($b_name), )*
            $( handler!($cb_name), handler!($cb_imm), handler!($cb_br), handler!($cb_br_imm), )*
            $( handler!($c_name), )*
            $( handler!($u_name), )*
            $( handler!($l_name), handler!($l_add), )*
            $( handler!($si_name), handler!($si_imm), handler!($si_add), )*
            $( handler!($s_name), handler!($s_add), )*
            $( handler!($br_name), )*
            $( handler!($o_name), )*
        ];

        #[cfg(spindle_acc)]
        const ACC: [Handler; ACC_NAMES.len()] = [
            $( handler!($bi_acc), handler!($bi_acc_imm), handler!($bi_slot_acc), )*
            $( handler!($b_acc), handler!($b_slot_acc), )*
            $( handler!($cb_br_acc), handler!($cb_br_acc_imm), )*
            $( handler!($u_acc), )*
            $( handler!($l_acc), )*
            $( handler!($si_acc), )*
            $( handler!($s_acc), )*
            $( handler!($a_name), )*
            $( handler!(@fused $p_name), )*
        ];
        #[cfg(not(spindle_acc))]
        const ACC: [Handler; 0] = [];
        }
    };
}

/// `a` followed by `b`, as an array of `N = a.len() + b.len()`.
const fn joined<X: Copy, const N: usize>(a: &[X], b: &[X]) -> [X; N] {
    assert!(a.len() + b.len() == N);
    let mut out = [a[0]; N];
    let mut i = 0;
    while i < N {
        out[i] = if i < a.len() { a[i] } else { b[i - a.len()] };
        i += 1;
    }
    out
}

for_each_op!(define_threaded);
