//! The fused ops: the `fused` family of the instruction table. What a
//! fused op is, and how it runs, is in [`super::ops`]; here is only the
//! list, which [`with_fused_ops!`] appends to the other families (the last
//! link of [`for_each_op!`](super::ops::for_each_op)).
//!
//! # Admission rule
//!
//! A fused op earns its place by what it saves on a broad corpus, not on
//! the loop it was found in. The corpus is `benches/corpus.sh`'s: the
//! `benches/` kernels, CPython, QuickJS and yosys running work that
//! Spindle was not tuned on, and the two start-ups (`yosys -V`, `python -c
//! pass`). An op is kept only when it lowers the geometric mean of the
//! corpus's instruction counts (cachegrind) by at least 0.02%:
//!
//! 1. Count: build with `--features op-stats` and run
//!    `benches/corpus.sh --op-stats DIR BINARY`, then
//!    `benches/fused-report.py DIR COUNTS.tsv` (the counts from
//!    `benches/corpus.sh` on the ordinary build). It estimates each op's
//!    saving per program from its dispatches (about 4.4 instructions per
//!    dispatch saved on this corpus) and its effect on the geometric mean.
//! 2. Drop every op estimated below 0.02%, and any new op that does not
//!    reach it.
//! 3. Confirm with cachegrind: `benches/corpus.sh --baseline` on the build
//!    without them, against the build with them. No program may lose more
//!    than the estimates said.
//! 4. Record the evidence in BENCHMARKS.md ("Fused ops: corpus
//!    evidence"): for each op kept, which programs dispatch it and what it
//!    saves there.
//!
//! The threshold is the saving below which an op does not pay for its
//! handler (0.2 to 1 KB of code each) and its place in the translator's
//! match: 0.02% of the geometric mean is 0.3% of one program's
//! instructions, or less spread over several. The rule judges the whole
//! corpus, so an op that only one kernel dispatches stays if it saves that
//! kernel enough; the table in BENCHMARKS.md marks such ops, so that the
//! measurements on programs nobody tuned for can judge them again.
//!
//! The translator takes the first entry that matches, so a sequence is
//! listed before its prefixes (checked by a test in [`super`]).

/// Calls `$m! { $arg; <families> fused { ... } }`: appends the fused ops to
/// the families that [`for_each_op!`](super::ops::for_each_op) passes in.
macro_rules! with_fused_ops {
    ($m:path $(, $arg:path)?; $($families:tt)*) => {
        $m! {
            $($arg;)?
            $($families)*
            fused {
                /// A bounds test, the byte store it guards, and the index
                /// step and loop test after it (marking every k-th byte).
                BrGeUThenStore8AddAddBrLeU = BrI32GeU { lhs: Slot, rhs: Slot, offset: Offset }
                    then I32Store8Imm { addr, value, offset } then I32Add { dst, lhs, rhs }
                    then I32Add { dst, lhs, rhs } then BrI32LeUAcc { rhs, offset };
                /// `c[j] += a * b[j]`: two f64 loads, their product, the sum
                /// and its store (one element of an axpy or matrix-multiply
                /// loop).
                F64LoadLoadMulAddThenStore = F64Load { dst: Slot, addr: Slot, offset: u32 }
                    then F64Load { dst, addr, offset } => acc then F64MulSlotAcc { dst, lhs } => acc
                    then F64AddSlotAcc { dst, lhs } => acc then F64StoreAcc { addr, offset };
                /// The same after the pointer step to the next element (a loop
                /// unrolled by the compiler).
                I32AddImmThenF64LoadLoadMulAddStore = I32AddImm { dst: Slot, lhs: Slot, rhs: i32 }
                    then F64LoadAcc { dst, offset } then F64LoadAdd { dst, addr, offset } => acc
                    then F64MulSlotAcc { dst, lhs } => acc then F64AddSlotAcc { dst, lhs } => acc
                    then F64StoreAcc { addr, offset };
                /// Three pointer or counter steps and the loop's exit test.
                I32AddImm3ThenBrNe = I32AddImm { dst: Slot, lhs: Slot, rhs: i32 }
                    then I32AddImm { dst, lhs, rhs } then I32AddImm { dst, lhs, rhs }
                    then BrI32Ne { lhs, rhs, offset };
                /// `c += a * b` stored, and the pointer step after it.
                F64MulAddStoreThenAddImm = F64MulSlotAcc { dst: Slot, lhs: Slot } => acc
                    then F64AddSlotAcc { dst, lhs } => acc then F64StoreAcc { addr, offset }
                    then I32AddImm { dst, lhs, rhs };
                /// `c += a * b` stored.
                F64MulAddThenStore = F64MulSlotAcc { dst: Slot, lhs: Slot } => acc
                    then F64AddSlotAcc { dst, lhs } => acc then F64StoreAcc { addr, offset };
                /// A result's default, the small-argument test, and the first
                /// argument of a recursive call (`if n < k { .. } f(n - 1)`).
                Const32ThenBrLtUConstAddImm = Const32 { dst: Slot, value: u32 }
                    then BrI32LtUImm { lhs, rhs, offset } then Const32 { dst, value }
                    then I32AddImm { dst, lhs, rhs };
                /// An accumulation, a counter step and the loop test on it.
                I64AddThenAddImmBrGtU = I64Add { dst: Slot, lhs: Slot, rhs: Slot }
                    then I32AddImm { dst, lhs, rhs } then BrI32GtUAccImm { rhs, offset };
                /// Two byte lookups, the second indexed by the first, added to
                /// a base for an i32 load (a DFA step: a byte's class, then
                /// the transition table).
                I32AddLoad8UAddLoad8UAddThenLoad = I32Add { dst: Slot, lhs: Slot, rhs: Slot } => acc
                    then I32Load8UAcc { dst, offset } then I32AddSlotAcc { dst, lhs } => acc
                    then I32Load8UAcc { dst, offset } => acc then I32AddSlotAcc { dst, lhs }
                    then I32Load { dst, addr, offset };
                /// A bounds test, then an i32 load and an indexed i32 load
                /// (`t[s]` after `s < len`).
                BrGeUThenLoadShlImmAddLoad = BrI32GeU { lhs: Slot, rhs: Slot, offset: Offset }
                    then I32Load { dst, addr, offset } then I32ShlImm { dst, lhs, rhs } => acc
                    then I32AddSlotAcc { dst, lhs } => acc then I32LoadAcc { dst, offset };
                /// Two rounds of FNV-1a over bytes.
                I64Load8UAddThenXorConstMul2 = I64Load8UAdd { dst: Slot, addr: Slot, offset: u32 } => acc
                    then I64XorSlotAcc { dst, lhs } then Const64 { dst, lo, hi } => acc
                    then I64MulSlotAcc { dst, lhs } then I64Load8UAdd { dst, addr, offset } => acc
                    then I64XorSlotAcc { dst, lhs } then Const64 { dst, lo, hi } => acc
                    then I64MulSlotAcc { dst, lhs };
                /// A byte load, its offset from a constant and the range test on
                /// it (`b - b'0' > 9`, parsing digits).
                I32AddLoad8UAddImmThenBrGtU = I32Add { dst: Slot, lhs: Slot, rhs: Slot } => acc
                    then I32Load8UAcc { dst, offset } then I32AddAccImm { dst, rhs }
                    then BrI32GtUAccImm { rhs, offset };
                /// A frame's allocation on the shadow stack: the stack pointer,
                /// less the frame's size, set back.
                GlobalGetSubImmThenSet = GlobalGet { dst: Slot, global: u32 } => acc
                    then I32SubAccImm { dst, rhs } then GlobalSet { src, global };
                /// An i32 load and the sum it goes into.
                I32LoadThenAdd = I32Load { dst: Slot, addr: Slot, offset: u32 } => acc
                    then I32AddAcc { dst, rhs };
                /// An indexed i32 load, `a[i]`: scale, add the base, load.
                I32ShlImmAddThenLoad = I32ShlImm { dst: Slot, lhs: Slot, rhs: i32 } => acc
                    then I32AddSlotAcc { dst, lhs } then I32LoadAcc { dst, offset };
                /// A Huffman table lookup and its tests: an indexed u16 load,
                /// the test for an empty entry, and a range test on a
                /// difference (inflate's decoding loop).
                I32ShlImmAddLoad16UThenBrEqzSubAndBrGtU = I32ShlImm { dst: Slot, lhs: Slot, rhs: i32 } => acc
                    then I32AddSlotAcc { dst, lhs } then I32Load16UAcc { dst, offset }
                    then BrIfEqzAcc { offset } then I32Sub { dst, lhs, rhs }
                    then I32AndAccImm { dst, rhs } then BrI32GtUAcc { rhs, offset };
                /// A word of SHA-2's message schedule and its small sigma:
                /// the load, two rotations and a shift, mixed by xor.
                I32LoadAddThenRotlRotlXorShrUXor = I32LoadAdd { dst: Slot, addr: Slot, offset: u32 }
                    then I32RotlAccImm { dst, rhs } then I32RotlImm { dst, lhs, rhs } => acc
                    then I32XorSlotAcc { dst, lhs } then I32ShrUImm { dst, lhs, rhs } => acc
                    then I32XorSlotAcc { dst, lhs };
                /// `v -= a * b` stored, the pointer step and the next load
                /// (a vector update, one component after another).
                F64MulSubStoreThenAddImmLoad = F64MulSlotAcc { dst: Slot, lhs: Slot } => acc
                    then F64SubSlotAcc { dst, lhs } => acc then F64StoreAcc { addr, offset }
                    then I32AddImm { dst, lhs, rhs } then F64LoadAcc { dst, offset };
                /// Four counts of the values that pass a test (an unrolled
                /// `n += (x != k) as u64`).
                I32NeImmThenI64Add4 = I32NeImm { dst: Slot, lhs: Slot, rhs: i32 } => acc
                    then I64AddSlotAcc { dst, lhs } then I32NeImm { dst, lhs, rhs } => acc
                    then I64AddSlotAcc { dst, lhs } then I32NeImm { dst, lhs, rhs } => acc
                    then I64AddSlotAcc { dst, lhs } then I32NeImm { dst, lhs, rhs } => acc
                    then I64AddSlotAcc { dst, lhs };
                /// The last of four such picks and the sums that add them up.
                I32Load8UThenSelectImmAdd4 = I32Load8U { dst: Slot, addr: Slot, offset: u32 }
                    then SelectImm { dst, cond, a, b } then I64AddAcc { dst, rhs }
                    then I64AddSlotAcc { dst, lhs } then I64AddSlotAcc { dst, lhs }
                    then I64AddSlotAcc { dst, lhs };
                /// An index, the byte at it, and the index or a constant
                /// picked by that byte (`if a[i] != 0 { i } else { 0 }`).
                I64AddImmLoad8UAddThenSelectImm = I64AddImm { dst: Slot, lhs: Slot, rhs: i32 }
                    then I32Load8UAdd { dst, addr, offset } then SelectImm { dst, cond, a, b };
                /// Two xorshift halves, `x ^= x << a; x ^= x >> b`.
                I64ShlXorThenShrUXor = I64ShlAccImm { dst: Slot, rhs: i32 } => acc
                    then I64XorAcc { dst, rhs } then I64ShrUAccImm { dst, rhs } => acc
                    then I64XorAcc { dst, rhs };
                /// Two rotations mixed in by xor (SHA-2's sigma functions).
                I32RotlXorThenRotlXor = I32RotlImm { dst: Slot, lhs: Slot, rhs: i32 } => acc
                    then I32XorSlotAcc { dst, lhs } then I32RotlImm { dst, lhs, rhs } => acc
                    then I32XorSlotAcc { dst, lhs };
                /// One round of FNV-1a over bytes: load, xor, multiply by the prime.
                I64Load8UAddThenXorConstMul = I64Load8UAdd { dst: Slot, addr: Slot, offset: u32 } => acc
                    then I64XorSlotAcc { dst, lhs } then Const64 { dst, lo, hi } => acc
                    then I64MulSlotAcc { dst, lhs };
                /// A byte class looked up and scaled into an index, added to a
                /// base for an i32 load (regex's byte-class step).
                I32AddLoad8UAddShlAddThenLoad = I32AddSlotAcc { dst: Slot, lhs: Slot } => acc
                    then I32Load8UAcc { dst, offset } then I32AddSlotAcc { dst, lhs }
                    then I32ShlAccImm { dst, rhs } => acc then I32AddSlotAcc { dst, lhs } => acc
                    then I32LoadAcc { dst, offset };
                /// `1 << x & mask`, a bit-set test.
                Const32ShlThenAndImm = Const32 { dst: Slot, value: u32 } => acc
                    then I32ShlAcc { dst, rhs } => acc then I32AndAccImm { dst, rhs };
                /// Two i32 stores (fields of a struct).
                I32StoreThenStore = I32Store { addr: Slot, value: Slot, offset: u32 }
                    then I32Store { addr, value, offset };
                /// A flag's bit and the branch on it.
                I32AndImmThenBrEqz = I32AndImm { dst: Slot, lhs: Slot, rhs: i32 } => acc
                    then BrIfEqzAcc { offset };
                /// A flag's bit and the branch on it, the other way.
                I32AndImmThenBrNez = I32AndImm { dst: Slot, lhs: Slot, rhs: i32 } => acc
                    then BrIfNezAcc { offset };
                /// A load from a constant address.
                Const32ThenLoad = Const32 { dst: Slot, value: u32 } => acc then I32LoadAcc { dst, offset };
                /// An eight-byte copy through a local value.
                I64LoadThenStore = I64Load { dst: Slot, addr: Slot, offset: u32 } => acc
                    then I64StoreAcc { addr, offset };
                /// The shadow stack pointer set back (a frame's release).
                I32AddImmThenGlobalSet = I32AddImm { dst: Slot, lhs: Slot, rhs: i32 }
                    then GlobalSet { src, global };
                /// A copy and the jump after it (a value carried out of a block).
                CopyThenBr = Copy { dst: Slot, src: Slot } then Br { offset };
                /// Two copies (register shuffles before a loop's back edge).
                CopyThenCopy = Copy { dst: Slot, src: Slot } then Copy { dst, src };
                /// Two additions of constants (loop counters and pointers).
                I32AddImmThenAddImm = I32AddImm { dst: Slot, lhs: Slot, rhs: i32 } then I32AddImm { dst, lhs, rhs };
                /// Two f64 loads (the operands of an f64 op).
                F64LoadThenLoad = F64Load { dst: Slot, addr: Slot, offset: u32 } then F64Load { dst, addr, offset };
                /// A pointer step and the f64 load from it.
                I32AddImmThenF64Load = I32AddImm { dst: Slot, lhs: Slot, rhs: i32 } then F64LoadAcc { dst, offset };
                /// A counter step and the loop test on it (a loop counting
                /// down to zero).
                I32AddImmThenBrNez = I32AddImm { dst: Slot, lhs: Slot, rhs: i32 } then BrIfNezAcc { offset };
                /// A counter step and the loop's exit test.
                I32AddImmThenBrNe = I32AddImm { dst: Slot, lhs: Slot, rhs: i32 } then BrI32Ne { lhs, rhs, offset };
                /// An f64 subtraction and the multiply that reads it.
                F64SubThenMul = F64SubSlotAcc { dst: Slot, lhs: Slot } then F64MulAcc { dst, rhs };
                /// A 64-bit constant and the multiply by it (hashes).
                Const64ThenI64Mul = Const64 { dst: Slot, lo: u32, hi: u32 } => acc then I64MulSlotAcc { dst, lhs };
                /// A pointer step and the i32 store to it.
                I32AddImmThenStore = I32AddImm { dst: Slot, lhs: Slot, rhs: i32 } then I32StoreAcc { addr, offset };
                /// An address sum and the byte load from it.
                I32AddThenLoad8U = I32Add { dst: Slot, lhs: Slot, rhs: Slot } then I32Load8UAcc { dst, offset };
                /// An address sum and the i32 load from it.
                I32AddThenLoad = I32AddSlotAcc { dst: Slot, lhs: Slot } then I32LoadAcc { dst, offset };
                /// A scaled index and the address sum with it.
                I32ShlImmThenAdd = I32ShlImm { dst: Slot, lhs: Slot, rhs: i32 } => acc then I32AddSlotAcc { dst, lhs };
                /// Two i32 loads.
                I32LoadThenLoad = I32Load { dst: Slot, addr: Slot, offset: u32 } then I32Load { dst, addr, offset };
            }
        }
    };
}

pub(crate) use with_fused_ops;

/// Whether a fused op's entry marks an op `=> acc`: its result goes only to
/// the accumulator (see [`super::ops`]). Only fused ops have such marks,
/// so only builds with the accumulator forms use it.
#[cfg(spindle_acc)]
macro_rules! acc_only {
    () => {
        false
    };
    (acc) => {
        true
    };
}

#[cfg(spindle_acc)]
pub(crate) use acc_only;
