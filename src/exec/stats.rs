//! Dispatch statistics (feature `op-stats`): how often each op, and each
//! run of two to four ops dispatched one after another, ran on this
//! thread. They are what fused ops are chosen from (`bytecode::fused`,
//! family `fused`): a frequent run of straight-line ops is a candidate.
//!
//! The feature forces the portable loop (see `build.rs`), which records
//! each op it dispatches; a fused op counts as one dispatch, under its own
//! name, so the runs show what fusing is left to do. A run is counted only
//! while each op falls through to the next: a taken branch, a call or a
//! return starts a new one, since those never fuse.
//!
//! Counting costs a few hash-map updates per op (the loop runs about 25
//! times slower), so this is for measuring, never for shipping.

extern crate std;

use crate::bytecode::Op;
use alloc::vec::Vec;
use core::cell::RefCell;
use core::hash::{BuildHasherDefault, Hasher};
use core::mem::Discriminant;
use std::collections::HashMap;

/// The longest run of ops counted.
const LONGEST: usize = 4;

/// A run of ops: their variants, oldest first, then `None`s.
type Run = [Option<Discriminant<Op>>; LONGEST];

#[derive(Default)]
struct Stats {
    /// The last ops dispatched, oldest first, each with the address just
    /// past it and any ops it fused (where the next op must start for the
    /// run to go on).
    last: Vec<(Discriminant<Op>, usize)>,
    counts: HashMap<Run, u64, BuildHasherDefault<Mix>>,
    names: HashMap<Discriminant<Op>, &'static str, BuildHasherDefault<Mix>>,
}

/// A fast hasher for small keys (the default one would dominate the loop).
#[derive(Default)]
struct Mix(u64);

impl Hasher for Mix {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u16(&mut self, n: u16) {
        self.write_u64(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_isize(&mut self, n: isize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

std::thread_local! {
    static STATS: RefCell<Stats> = RefCell::new(Stats::default());
}

/// Records that the op at `ip`, `op`, is about to run.
pub(crate) fn record(ip: *const Op, op: &Op) {
    STATS.with_borrow_mut(|s| {
        let at = ip as usize;
        if s.last.last().is_some_and(|&(_, end)| end != at) {
            s.last.clear();
        }
        if s.last.len() == LONGEST {
            s.last.remove(0);
        }
        let kind = core::mem::discriminant(op);
        s.names.entry(kind).or_insert_with(|| op.variant_name());
        s.last
            .push((kind, at + op.fused_len() * core::mem::size_of::<Op>()));
        for n in 1..=s.last.len() {
            let mut run: Run = [None; LONGEST];
            for (slot, &(kind, _)) in run.iter_mut().zip(&s.last[s.last.len() - n..]) {
                *slot = Some(kind);
            }
            *s.counts.entry(run).or_insert(0) += 1;
        }
    });
}

/// Every op and run of ops dispatched on this thread since the last
/// [`reset_op_stats`], with how often it ran, most frequent first (ties by
/// name). A run is one to four op names, oldest first.
pub fn op_stats() -> Vec<(Vec<&'static str>, u64)> {
    STATS.with_borrow(|s| {
        let mut all: Vec<(Vec<&'static str>, u64)> = s
            .counts
            .iter()
            .map(|(run, &n)| (run.iter().flatten().map(|kind| s.names[kind]).collect(), n))
            .collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        all
    })
}

/// Forgets this thread's counts.
pub fn reset_op_stats() {
    STATS.with_borrow_mut(|s| *s = Stats::default());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::tests::setup;

    #[test]
    fn ops_and_runs_of_ops_are_counted_until_reset() {
        let wat = r#"(module
          (global $g (mut i32) (i32.const 1))
          (func (export "run") (param $n i32) (local $i i32)
            (loop $l
              (global.set $g (i32.mul (global.get $g) (i32.const 3)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $l (i32.ne (local.get $i) (local.get $n))))))"#;
        let (mut store, instance) = setup(wat);
        let run = instance.get_typed_func::<i32, ()>(&store, "run").unwrap();
        reset_op_stats();
        run.call(&mut store, 1000).unwrap();
        let stats = op_stats();
        // Most frequent first; the loop's ops ran 1000 times each, and
        // the ones that fall through into each other form runs that did.
        assert!(stats.windows(2).all(|w| w[0].1 >= w[1].1), "{stats:?}");
        assert_eq!(stats[0].1, 1000, "{stats:?}");
        assert!(
            stats
                .iter()
                .any(|(run, n)| *n == 1000 && run == &["GlobalGet", "I32MulAccImm"]),
            "{stats:?}"
        );
        // Nothing outside the loop ran as often.
        assert!(stats.iter().all(|&(_, n)| n == 1000 || n <= 2), "{stats:?}");
        reset_op_stats();
        assert!(op_stats().is_empty());
    }
}
