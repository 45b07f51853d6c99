//! The accumulator pass, run on a function's finished bytecode.
//!
//! An op that reads the slot the op just before it wrote is rewritten into
//! its accumulator form, which takes that operand from a machine register
//! instead of the frame (see `crate::exec`, "Accumulators"). Two conditions
//! make the rewrite exact:
//!
//! * the op before leaves exactly the slot's new value in the accumulator
//!   the reader's operand type uses ([`Op::acc_result`]): integers and
//!   raw cells in the integer one, f64 in the float one, v128 in the
//!   float one as a whole;
//! * the reader can only be reached from that op: no branch targets it.
//!   (The op after a call is reached from the callee's return, but a call
//!   is not an op that sets an accumulator, so it never qualifies.)
//!
//! The slot is still written, so nothing else changes: other readers, and
//! the pass's own chains (`i32.add` into `i32.add` into a load), still see
//! the same value. Running it last, after every other rewrite, keeps the
//! translator's own fusions (which match the slot forms) untouched.
//!
//! The pass then turns hot sequences of ops into fused ops (the `fused`
//! family, in `bytecode/fused.rs`), which run them all in one dispatch.

use crate::bytecode::Op;
use alloc::vec;

/// Rewrites `ops` in place; see the module docs. `first_temp` is the
/// function's first temp slot, the one after its locals; `targets` are
/// ops reached other than by a branch op or falling through (where an
/// exception handler continues).
pub(crate) fn use_accumulators(ops: &mut [Op], first_temp: u32, targets: &[u32]) {
    let mut target = vec![false; ops.len()];
    for &t in targets {
        if let Some(t) = target.get_mut(t as usize) {
            *t = true;
        }
    }
    for (at, op) in ops.iter().enumerate() {
        let mut op = *op;
        if let Some(&mut offset) = op.branch_offset_mut() {
            let to = at as i64 + offset as i64;
            if let Some(t) = usize::try_from(to).ok().and_then(|to| target.get_mut(to)) {
                *t = true;
            }
        }
    }
    for at in 1..ops.len() {
        if target[at] {
            continue;
        }
        let Some((slot, kind)) = ops[at - 1].acc_result() else {
            continue;
        };
        if let Some(op) = ops[at].with_acc(slot, kind) {
            ops[at] = op;
        }
    }
    // Fused ops, left to right, each op in at most one (the ops after the
    // first stay in place: see `bytecode::ops`). The table lists longer
    // sequences before their prefixes, so the longest that matches wins.
    let mut at = 0;
    while at < ops.len() {
        if let Some(fused) = ops[at].fuse(&ops[at + 1..], first_temp) {
            ops[at] = fused;
            at += fused.fused_len();
        } else {
            at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Slots below are locals (a long-lived value), from here temps.
    const FIRST_TEMP: u32 = 2;

    fn pass(mut ops: alloc::vec::Vec<Op>) -> alloc::string::String {
        use_accumulators(&mut ops, FIRST_TEMP, &[]);
        let mut s = alloc::string::String::new();
        crate::bytecode::disassemble(&ops, &mut s).unwrap();
        s
    }

    #[test]
    fn reads_of_the_previous_result_take_the_accumulator() {
        let ops = alloc::vec![
            Op::I32AddImm {
                dst: 2,
                lhs: 0,
                rhs: 8
            },
            Op::I64Load {
                dst: 3,
                addr: 2,
                offset: 4
            },
            Op::I64Sub {
                dst: 1,
                lhs: 1,
                rhs: 3
            },
            Op::BrIfNez {
                cond: 1,
                offset: -3
            },
            Op::ReturnSlot { src: 1 },
        ];
        // The branch targets op 0, which has no predecessor anyway; the
        // chain add -> load -> sub -> br_if is rewritten throughout.
        assert_eq!(
            pass(ops),
            "   0: i32.add r2 = r0, 8\n   1: i64.load r3 = [acc + 4]\n   2: i64.sub r1 = r1, acc\n   3: br_if_nez acc, -> @0\n   4: return_slot src=r1\n"
        );
    }

    #[test]
    fn const64_feeds_both_accumulators_and_selects_take_theirs() {
        let ops = alloc::vec![
            Op::Const64 {
                dst: 3,
                lo: 0,
                hi: 0x3fe0_0000
            },
            Op::F64Mul {
                dst: 4,
                lhs: 1,
                rhs: 3
            },
            Op::Const64 {
                dst: 5,
                lo: 7,
                hi: 1
            },
            Op::I64Add {
                dst: 6,
                lhs: 5,
                rhs: 2
            },
            Op::I32LtSImm {
                dst: 7,
                lhs: 0,
                rhs: 9
            },
            Op::SelectImm {
                dst: 8,
                cond: 7,
                a: 1,
                b: 0
            },
            Op::Select {
                dst: 9,
                cond: 8,
                a: 1,
                b: 2
            },
            Op::Return {},
        ];
        // The select with an immediate has no accumulator form; the plain
        // select reads the condition the one before it computed.
        assert_eq!(
            pass(ops),
            concat!(
                "   0: const64 dst=r3, lo=0, hi=1071644672\n",
                "   1: f64.mul r4 = r1, acc\n",
                "   2: const64 dst=r5, lo=7, hi=1\n",
                "   3: i64.add r6 = acc, r2\n",
                "   4: i32.lt_s r7 = r0, 9\n",
                "   5: select dst=r8, cond=r7, a=r1, b=0\n",
                "   6: select acc, dst=r9, a=r1, b=r2\n",
                "   7: return\n",
            )
        );
    }

    #[test]
    fn branch_targets_and_mismatched_kinds_keep_their_slots() {
        let ops = alloc::vec![
            Op::I32AddImm {
                dst: 2,
                lhs: 0,
                rhs: 1
            },
            // A branch target: reachable from op 3 with another value.
            Op::I32MulImm {
                dst: 2,
                lhs: 2,
                rhs: 3
            },
            // An f64 reader of a slot an integer op wrote (a reinterpret).
            Op::F64Add {
                dst: 4,
                lhs: 2,
                rhs: 2
            },
            Op::BrIfNez {
                cond: 0,
                offset: -2
            },
            // f32 values have no accumulator.
            Op::F32Sqrt { dst: 5, src: 4 },
            Op::F32Neg { dst: 5, src: 5 },
            Op::Return {},
        ];
        assert_eq!(
            pass(ops),
            "   0: i32.add r2 = r0, 1\n   1: i32.mul r2 = r2, 3\n   2: f64.add r4 = r2, r2\n   3: br_if_nez cond=r0, -> @1\n   4: f32.sqrt r5 = r4\n   5: f32.neg r5 = r5\n   6: return\n"
        );
    }
}
