//! The instruction table: every Spindle instruction is defined here, once
//! (the fused ops in [`super::fused`], which this table's last link
//! appends).
//!
//! [`for_each_op!`] hands the whole table, family by family, to a consumer
//! macro. Its one consumer is
//! [`for_each_variant!`](super::table::for_each_variant), which expands
//! every family line into the variants it generates and hands that flat
//! list to the [`Op`](super::Op) enum (the encoding) and its disassembly,
//! the interpreter's dispatch and execution ([`crate::exec`]), the
//! threaded handler table and the translator's relations between ops.
//! Adding an instruction is one line here; adding a family is described
//! in [`super::table`].
//!
//! The table is grouped into families whose operand shapes are generated:
//!
//! | family | generated forms | example |
//! |---|---|---|
//! | `binary_imm` | `dst = lhs op rhs`, `dst = lhs op imm` | `I32Add`, `I32AddImm` |
//! | `binary` | `dst = lhs op rhs` | `F64Mul` |
//! | `compare_branch` | compare into `dst` with slot or immediate rhs, and fused compare-and-branch forms plus their negations | `I32LtS`, `BrI32LtSImm` |
//! | `compare` | `dst = lhs op rhs` (i32 result) | `F32Lt` |
//! | `unary` | `dst = op src` | `I32Clz`, `F64ConvertI64U` |
//! | `load` | `dst = mem[addr + offset]` | `I64Load32U` |
//! | `store_imm` | `mem[addr + offset] = value`, value in a slot or an immediate | `I32Store8Imm` |
//! | `store` | `mem[addr + offset] = value` | `F64Store` |
//! | `branch` | hand-written ops that carry a relative `offset` | `Br` |
//! | `other` | hand-written ops | `Call`, `MemoryGrow` |
//! | `acc` | hand-written accumulator forms | `BrIfNezAcc` |
//! | `v128_binary`, `v128_unary`, `v128_ternary` | `dst = op(v128s)`, a v128 (cargo feature `simd`); binary and unary lines also name their accumulator forms after `/` | `I8x16AddSatS`, `V128Not`, `V128Bitselect` |
//! | `v128_test`, `v128_extract` | an i32 (or the lane's scalar) from a v128 | `V128AnyTrue`, `F32x4ExtractLane` |
//! | `v128_shift`, `v128_splat`, `v128_replace` | a v128 from a v128 and a scalar, or a scalar | `I16x8ShrS`, `I8x16Splat`, `I64x2ReplaceLane` |
//! | `v128_load`, `v128_store`, `v128_load_lane`, `v128_store_lane` | SIMD memory access, with their general forms (`memory64`); `v128.store` names its accumulator form after `/` | `V128Load8x8S`, `V128Store16Lane` |
//! | `gated` | hand-written ops, in one group per cargo feature that gates them: `"simd"`, `"exceptions"` (exception handling), `"gc"` (WebAssembly GC; see `bytecode::gc`, `store::gc`) | `CopyV128`, `Throw`, `StructNew` |
//! | `fused` | an op that also runs the ops named after it, while each op falls through (in [`super::fused`]) | `I32AddImmThenAddImm` |
//!
//! The names after the `Imm`/`Add`/branch forms name each family's
//! *accumulator forms* (`I32AddAcc`: `dst = acc op rhs`, `I32AddAccImm`,
//! `I32AddSlotAcc`: `dst = lhs op acc`; `BrI32LtSAcc`; `I32EqzAcc`;
//! `I32LoadAcc`: address in `acc`; `I32StoreAcc`: value in `acc`), which
//! read an operand from the accumulator the previous op left it in
//! instead of its slot. Only the last translation pass emits them
//! (`translate::acc`), and only builds with `cfg(spindle_acc)` have them.
//!
//! A *fused* op saves dispatches on a hot sequence of ops. It has the first
//! op's operands and runs it; then, as long as each op falls through, it
//! runs the next one named, which stays in place with its own operands.
//! Only the last translation pass emits fused ops (`translate::acc`), and
//! only over a sequence of exactly the ops named, so only builds with
//! `cfg(spindle_acc)` have them; ops are never rewritten afterwards, so the
//! executor does not test the later ops' tags. It tests only whether the
//! op before fell through (the instruction pointer is one op further),
//! and the compiler drops that test after ops that cannot branch. A fused
//! op is exact: each later op is the next op the function runs either
//! way, a branch to one runs it alone (and the ops after it through the
//! normal dispatch), a taken branch ends the fused op, and a trap in one
//! is reported at its own position. The pass takes the first entry that
//! matches, so a sequence is listed before its prefixes.
//!
//! An entry can mark an op `=> acc`: inside the fused op, that op leaves
//! its result in the accumulator only and skips its slot write, which the
//! next op (an accumulator form) makes dead. The pass uses such an entry
//! only where the result is in a temp slot, which nothing reads after the
//! op that pops it (`Op::result_dies_in_acc`); a result written to a local
//! keeps its slot write, so the entry does not match there.
//!
//! A SIMD family line names its lane function in [`crate::num::simd`]
//! (`I8x16AddSatS "i8x16.add_sat_s" i8x16_add_sat_s;`), which holds the
//! portable semantics of every SIMD and relaxed-SIMD instruction.
//!
//! Immediates are `i32`; for i64 operations they are sign-extended, so a
//! constant that does not fit is materialised into a slot instead.
//!
//! Family semantics are written as closures over the operand values and
//! return `Result<_, TrapCode>`; hand-written ops get the interpreter state
//! (`ex`) and must advance or redirect the instruction pointer themselves.
//! A hand-written op marked `twins` after its mnemonic (`call`, `return`)
//! has a fast path that may decline with `Stop::Slow`; the threaded path
//! gives it a second handler for the slow path (see `exec::threaded`).

/// Calls `$m! { <families> }` with the whole instruction table, or, given
/// `$arg`, `$m! { $arg; <families> }` (how [`for_each_variant!`] passes
/// its consumer along). The fused ops are appended by
/// [`with_fused_ops!`](super::fused::with_fused_ops).
///
/// [`for_each_variant!`]: super::table::for_each_variant
macro_rules! for_each_op {
    ($m:path $(, $arg:path)?) => {
        $crate::bytecode::fused::with_fused_ops! { $m $(, $arg)?;
            binary_imm {
                I32Add I32AddImm I32AddAcc I32AddAccImm I32AddSlotAcc "i32.add" i32, |a, b| Ok(a.wrapping_add(b));
                I32Sub I32SubImm I32SubAcc I32SubAccImm I32SubSlotAcc "i32.sub" i32, |a, b| Ok(a.wrapping_sub(b));
                I32Mul I32MulImm I32MulAcc I32MulAccImm I32MulSlotAcc "i32.mul" i32, |a, b| Ok(a.wrapping_mul(b));
                I32DivS I32DivSImm I32DivSAcc I32DivSAccImm I32DivSSlotAcc "i32.div_s" i32, |a, b| crate::num::arith::div_s32(a, b);
                I32DivU I32DivUImm I32DivUAcc I32DivUAccImm I32DivUSlotAcc "i32.div_u" i32, |a, b| crate::num::arith::div_u32(a, b);
                I32RemS I32RemSImm I32RemSAcc I32RemSAccImm I32RemSSlotAcc "i32.rem_s" i32, |a, b| crate::num::arith::rem_s32(a, b);
                I32RemU I32RemUImm I32RemUAcc I32RemUAccImm I32RemUSlotAcc "i32.rem_u" i32, |a, b| crate::num::arith::rem_u32(a, b);
                I32And I32AndImm I32AndAcc I32AndAccImm I32AndSlotAcc "i32.and" i32, |a, b| Ok(a & b);
                I32Or I32OrImm I32OrAcc I32OrAccImm I32OrSlotAcc "i32.or" i32, |a, b| Ok(a | b);
                I32Xor I32XorImm I32XorAcc I32XorAccImm I32XorSlotAcc "i32.xor" i32, |a, b| Ok(a ^ b);
                I32Shl I32ShlImm I32ShlAcc I32ShlAccImm I32ShlSlotAcc "i32.shl" i32, |a, b| Ok(a.wrapping_shl(b as u32));
                I32ShrS I32ShrSImm I32ShrSAcc I32ShrSAccImm I32ShrSSlotAcc "i32.shr_s" i32, |a, b| Ok(a.wrapping_shr(b as u32));
                I32ShrU I32ShrUImm I32ShrUAcc I32ShrUAccImm I32ShrUSlotAcc "i32.shr_u" i32, |a, b| Ok((a as u32).wrapping_shr(b as u32) as i32);
                I32Rotl I32RotlImm I32RotlAcc I32RotlAccImm I32RotlSlotAcc "i32.rotl" i32, |a, b| Ok(a.rotate_left(b as u32));
                I32Rotr I32RotrImm I32RotrAcc I32RotrAccImm I32RotrSlotAcc "i32.rotr" i32, |a, b| Ok(a.rotate_right(b as u32));
                I64Add I64AddImm I64AddAcc I64AddAccImm I64AddSlotAcc "i64.add" i64, |a, b| Ok(a.wrapping_add(b));
                I64Sub I64SubImm I64SubAcc I64SubAccImm I64SubSlotAcc "i64.sub" i64, |a, b| Ok(a.wrapping_sub(b));
                I64Mul I64MulImm I64MulAcc I64MulAccImm I64MulSlotAcc "i64.mul" i64, |a, b| Ok(a.wrapping_mul(b));
                I64DivS I64DivSImm I64DivSAcc I64DivSAccImm I64DivSSlotAcc "i64.div_s" i64, |a, b| crate::num::arith::div_s64(a, b);
                I64DivU I64DivUImm I64DivUAcc I64DivUAccImm I64DivUSlotAcc "i64.div_u" i64, |a, b| crate::num::arith::div_u64(a, b);
                I64RemS I64RemSImm I64RemSAcc I64RemSAccImm I64RemSSlotAcc "i64.rem_s" i64, |a, b| crate::num::arith::rem_s64(a, b);
                I64RemU I64RemUImm I64RemUAcc I64RemUAccImm I64RemUSlotAcc "i64.rem_u" i64, |a, b| crate::num::arith::rem_u64(a, b);
                I64And I64AndImm I64AndAcc I64AndAccImm I64AndSlotAcc "i64.and" i64, |a, b| Ok(a & b);
                I64Or I64OrImm I64OrAcc I64OrAccImm I64OrSlotAcc "i64.or" i64, |a, b| Ok(a | b);
                I64Xor I64XorImm I64XorAcc I64XorAccImm I64XorSlotAcc "i64.xor" i64, |a, b| Ok(a ^ b);
                I64Shl I64ShlImm I64ShlAcc I64ShlAccImm I64ShlSlotAcc "i64.shl" i64, |a, b| Ok(a.wrapping_shl(b as u32));
                I64ShrS I64ShrSImm I64ShrSAcc I64ShrSAccImm I64ShrSSlotAcc "i64.shr_s" i64, |a, b| Ok(a.wrapping_shr(b as u32));
                I64ShrU I64ShrUImm I64ShrUAcc I64ShrUAccImm I64ShrUSlotAcc "i64.shr_u" i64, |a, b| Ok((a as u64).wrapping_shr(b as u32) as i64);
                I64Rotl I64RotlImm I64RotlAcc I64RotlAccImm I64RotlSlotAcc "i64.rotl" i64, |a, b| Ok(a.rotate_left(b as u32));
                I64Rotr I64RotrImm I64RotrAcc I64RotrAccImm I64RotrSlotAcc "i64.rotr" i64, |a, b| Ok(a.rotate_right(b as u32));
            }
            binary {
                F32Add F32AddAcc F32AddSlotAcc "f32.add" f32, |a, b| Ok(a + b);
                F32Sub F32SubAcc F32SubSlotAcc "f32.sub" f32, |a, b| Ok(a - b);
                F32Mul F32MulAcc F32MulSlotAcc "f32.mul" f32, |a, b| Ok(a * b);
                F32Div F32DivAcc F32DivSlotAcc "f32.div" f32, |a, b| Ok(a / b);
                F32Min F32MinAcc F32MinSlotAcc "f32.min" f32, |a, b| Ok(crate::num::float::min32(a, b));
                F32Max F32MaxAcc F32MaxSlotAcc "f32.max" f32, |a, b| Ok(crate::num::float::max32(a, b));
                F32Copysign F32CopysignAcc F32CopysignSlotAcc "f32.copysign" f32, |a, b| Ok(crate::num::float::copysign32(a, b));
                F64Add F64AddAcc F64AddSlotAcc "f64.add" f64, |a, b| Ok(a + b);
                F64Sub F64SubAcc F64SubSlotAcc "f64.sub" f64, |a, b| Ok(a - b);
                F64Mul F64MulAcc F64MulSlotAcc "f64.mul" f64, |a, b| Ok(a * b);
                F64Div F64DivAcc F64DivSlotAcc "f64.div" f64, |a, b| Ok(a / b);
                F64Min F64MinAcc F64MinSlotAcc "f64.min" f64, |a, b| Ok(crate::num::float::min64(a, b));
                F64Max F64MaxAcc F64MaxSlotAcc "f64.max" f64, |a, b| Ok(crate::num::float::max64(a, b));
                F64Copysign F64CopysignAcc F64CopysignSlotAcc "f64.copysign" f64, |a, b| Ok(crate::num::float::copysign64(a, b));
            }
            compare_branch {
                I32Eq I32EqImm BrI32Eq BrI32EqImm BrI32Ne BrI32NeImm BrI32EqAcc BrI32EqAccImm "i32.eq" i32, |a, b| a == b;
                I32Ne I32NeImm BrI32Ne BrI32NeImm BrI32Eq BrI32EqImm BrI32NeAcc BrI32NeAccImm "i32.ne" i32, |a, b| a != b;
                I32LtS I32LtSImm BrI32LtS BrI32LtSImm BrI32GeS BrI32GeSImm BrI32LtSAcc BrI32LtSAccImm "i32.lt_s" i32, |a, b| a < b;
                I32LtU I32LtUImm BrI32LtU BrI32LtUImm BrI32GeU BrI32GeUImm BrI32LtUAcc BrI32LtUAccImm "i32.lt_u" i32, |a, b| (a as u32) < (b as u32);
                I32GtS I32GtSImm BrI32GtS BrI32GtSImm BrI32LeS BrI32LeSImm BrI32GtSAcc BrI32GtSAccImm "i32.gt_s" i32, |a, b| a > b;
                I32GtU I32GtUImm BrI32GtU BrI32GtUImm BrI32LeU BrI32LeUImm BrI32GtUAcc BrI32GtUAccImm "i32.gt_u" i32, |a, b| (a as u32) > (b as u32);
                I32LeS I32LeSImm BrI32LeS BrI32LeSImm BrI32GtS BrI32GtSImm BrI32LeSAcc BrI32LeSAccImm "i32.le_s" i32, |a, b| a <= b;
                I32LeU I32LeUImm BrI32LeU BrI32LeUImm BrI32GtU BrI32GtUImm BrI32LeUAcc BrI32LeUAccImm "i32.le_u" i32, |a, b| (a as u32) <= (b as u32);
                I32GeS I32GeSImm BrI32GeS BrI32GeSImm BrI32LtS BrI32LtSImm BrI32GeSAcc BrI32GeSAccImm "i32.ge_s" i32, |a, b| a >= b;
                I32GeU I32GeUImm BrI32GeU BrI32GeUImm BrI32LtU BrI32LtUImm BrI32GeUAcc BrI32GeUAccImm "i32.ge_u" i32, |a, b| (a as u32) >= (b as u32);
                I64Eq I64EqImm BrI64Eq BrI64EqImm BrI64Ne BrI64NeImm BrI64EqAcc BrI64EqAccImm "i64.eq" i64, |a, b| a == b;
                I64Ne I64NeImm BrI64Ne BrI64NeImm BrI64Eq BrI64EqImm BrI64NeAcc BrI64NeAccImm "i64.ne" i64, |a, b| a != b;
                I64LtS I64LtSImm BrI64LtS BrI64LtSImm BrI64GeS BrI64GeSImm BrI64LtSAcc BrI64LtSAccImm "i64.lt_s" i64, |a, b| a < b;
                I64LtU I64LtUImm BrI64LtU BrI64LtUImm BrI64GeU BrI64GeUImm BrI64LtUAcc BrI64LtUAccImm "i64.lt_u" i64, |a, b| (a as u64) < (b as u64);
                I64GtS I64GtSImm BrI64GtS BrI64GtSImm BrI64LeS BrI64LeSImm BrI64GtSAcc BrI64GtSAccImm "i64.gt_s" i64, |a, b| a > b;
                I64GtU I64GtUImm BrI64GtU BrI64GtUImm BrI64LeU BrI64LeUImm BrI64GtUAcc BrI64GtUAccImm "i64.gt_u" i64, |a, b| (a as u64) > (b as u64);
                I64LeS I64LeSImm BrI64LeS BrI64LeSImm BrI64GtS BrI64GtSImm BrI64LeSAcc BrI64LeSAccImm "i64.le_s" i64, |a, b| a <= b;
                I64LeU I64LeUImm BrI64LeU BrI64LeUImm BrI64GtU BrI64GtUImm BrI64LeUAcc BrI64LeUAccImm "i64.le_u" i64, |a, b| (a as u64) <= (b as u64);
                I64GeS I64GeSImm BrI64GeS BrI64GeSImm BrI64LtS BrI64LtSImm BrI64GeSAcc BrI64GeSAccImm "i64.ge_s" i64, |a, b| a >= b;
                I64GeU I64GeUImm BrI64GeU BrI64GeUImm BrI64LtU BrI64LtUImm BrI64GeUAcc BrI64GeUAccImm "i64.ge_u" i64, |a, b| (a as u64) >= (b as u64);
            }
            compare {
                F32Eq "f32.eq" f32, |a, b| a == b;
                F32Ne "f32.ne" f32, |a, b| a != b;
                F32Lt "f32.lt" f32, |a, b| a < b;
                F32Gt "f32.gt" f32, |a, b| a > b;
                F32Le "f32.le" f32, |a, b| a <= b;
                F32Ge "f32.ge" f32, |a, b| a >= b;
                F64Eq "f64.eq" f64, |a, b| a == b;
                F64Ne "f64.ne" f64, |a, b| a != b;
                F64Lt "f64.lt" f64, |a, b| a < b;
                F64Gt "f64.gt" f64, |a, b| a > b;
                F64Le "f64.le" f64, |a, b| a <= b;
                F64Ge "f64.ge" f64, |a, b| a >= b;
            }
            unary {
                I32Eqz I32EqzAcc "i32.eqz" i32 => i32, |a| Ok((a == 0) as i32);
                I32Clz I32ClzAcc "i32.clz" i32 => i32, |a| Ok(a.leading_zeros() as i32);
                I32Ctz I32CtzAcc "i32.ctz" i32 => i32, |a| Ok(a.trailing_zeros() as i32);
                I32Popcnt I32PopcntAcc "i32.popcnt" i32 => i32, |a| Ok(a.count_ones() as i32);
                I32Extend8S I32Extend8SAcc "i32.extend8_s" i32 => i32, |a| Ok(a as i8 as i32);
                I32Extend16S I32Extend16SAcc "i32.extend16_s" i32 => i32, |a| Ok(a as i16 as i32);
                I64Eqz I64EqzAcc "i64.eqz" i64 => i32, |a| Ok((a == 0) as i32);
                I64Clz I64ClzAcc "i64.clz" i64 => i64, |a| Ok(a.leading_zeros() as i64);
                I64Ctz I64CtzAcc "i64.ctz" i64 => i64, |a| Ok(a.trailing_zeros() as i64);
                I64Popcnt I64PopcntAcc "i64.popcnt" i64 => i64, |a| Ok(a.count_ones() as i64);
                I64Extend8S I64Extend8SAcc "i64.extend8_s" i64 => i64, |a| Ok(a as i8 as i64);
                I64Extend16S I64Extend16SAcc "i64.extend16_s" i64 => i64, |a| Ok(a as i16 as i64);
                I64Extend32S I64Extend32SAcc "i64.extend32_s" i64 => i64, |a| Ok(a as i32 as i64);
                I32WrapI64 I32WrapI64Acc "i32.wrap_i64" i64 => i32, |a| Ok(a as i32);
                I64ExtendI32S I64ExtendI32SAcc "i64.extend_i32_s" i32 => i64, |a| Ok(a as i64);
                F32Abs F32AbsAcc "f32.abs" f32 => f32, |a| Ok(f32::from_bits(a.to_bits() & 0x7fff_ffff));
                F32Neg F32NegAcc "f32.neg" f32 => f32, |a| Ok(f32::from_bits(a.to_bits() ^ 0x8000_0000));
                F32Ceil F32CeilAcc "f32.ceil" f32 => f32, |a| Ok(crate::num::float::ceil32(a));
                F32Floor F32FloorAcc "f32.floor" f32 => f32, |a| Ok(crate::num::float::floor32(a));
                F32Trunc F32TruncAcc "f32.trunc" f32 => f32, |a| Ok(crate::num::float::trunc32(a));
                F32Nearest F32NearestAcc "f32.nearest" f32 => f32, |a| Ok(crate::num::float::nearest32(a));
                F32Sqrt F32SqrtAcc "f32.sqrt" f32 => f32, |a| Ok(crate::num::float::sqrt32(a));
                F64Abs F64AbsAcc "f64.abs" f64 => f64, |a| Ok(f64::from_bits(a.to_bits() & 0x7fff_ffff_ffff_ffff));
                F64Neg F64NegAcc "f64.neg" f64 => f64, |a| Ok(f64::from_bits(a.to_bits() ^ 0x8000_0000_0000_0000));
                F64Ceil F64CeilAcc "f64.ceil" f64 => f64, |a| Ok(crate::num::float::ceil64(a));
                F64Floor F64FloorAcc "f64.floor" f64 => f64, |a| Ok(crate::num::float::floor64(a));
                F64Trunc F64TruncAcc "f64.trunc" f64 => f64, |a| Ok(crate::num::float::trunc64(a));
                F64Nearest F64NearestAcc "f64.nearest" f64 => f64, |a| Ok(crate::num::float::nearest64(a));
                F64Sqrt F64SqrtAcc "f64.sqrt" f64 => f64, |a| Ok(crate::num::float::sqrt64(a));
                I32TruncF32S I32TruncF32SAcc "i32.trunc_f32_s" f32 => i32, |a| crate::num::float::trunc_i32_f32(a);
                I32TruncF32U I32TruncF32UAcc "i32.trunc_f32_u" f32 => i32, |a| crate::num::float::trunc_u32_f32(a);
                I32TruncF64S I32TruncF64SAcc "i32.trunc_f64_s" f64 => i32, |a| crate::num::float::trunc_i32_f64(a);
                I32TruncF64U I32TruncF64UAcc "i32.trunc_f64_u" f64 => i32, |a| crate::num::float::trunc_u32_f64(a);
                I64TruncF32S I64TruncF32SAcc "i64.trunc_f32_s" f32 => i64, |a| crate::num::float::trunc_i64_f32(a);
                I64TruncF32U I64TruncF32UAcc "i64.trunc_f32_u" f32 => i64, |a| crate::num::float::trunc_u64_f32(a);
                I64TruncF64S I64TruncF64SAcc "i64.trunc_f64_s" f64 => i64, |a| crate::num::float::trunc_i64_f64(a);
                I64TruncF64U I64TruncF64UAcc "i64.trunc_f64_u" f64 => i64, |a| crate::num::float::trunc_u64_f64(a);
                I32TruncSatF32S I32TruncSatF32SAcc "i32.trunc_sat_f32_s" f32 => i32, |a| Ok(a as i32);
                I32TruncSatF32U I32TruncSatF32UAcc "i32.trunc_sat_f32_u" f32 => i32, |a| Ok(a as u32 as i32);
                I32TruncSatF64S I32TruncSatF64SAcc "i32.trunc_sat_f64_s" f64 => i32, |a| Ok(a as i32);
                I32TruncSatF64U I32TruncSatF64UAcc "i32.trunc_sat_f64_u" f64 => i32, |a| Ok(a as u32 as i32);
                I64TruncSatF32S I64TruncSatF32SAcc "i64.trunc_sat_f32_s" f32 => i64, |a| Ok(a as i64);
                I64TruncSatF32U I64TruncSatF32UAcc "i64.trunc_sat_f32_u" f32 => i64, |a| Ok(a as u64 as i64);
                I64TruncSatF64S I64TruncSatF64SAcc "i64.trunc_sat_f64_s" f64 => i64, |a| Ok(a as i64);
                I64TruncSatF64U I64TruncSatF64UAcc "i64.trunc_sat_f64_u" f64 => i64, |a| Ok(a as u64 as i64);
                F32ConvertI32S F32ConvertI32SAcc "f32.convert_i32_s" i32 => f32, |a| Ok(a as f32);
                F32ConvertI32U F32ConvertI32UAcc "f32.convert_i32_u" i32 => f32, |a| Ok(a as u32 as f32);
                F32ConvertI64S F32ConvertI64SAcc "f32.convert_i64_s" i64 => f32, |a| Ok(a as f32);
                F32ConvertI64U F32ConvertI64UAcc "f32.convert_i64_u" i64 => f32, |a| Ok(a as u64 as f32);
                F64ConvertI32S F64ConvertI32SAcc "f64.convert_i32_s" i32 => f64, |a| Ok(a as f64);
                F64ConvertI32U F64ConvertI32UAcc "f64.convert_i32_u" i32 => f64, |a| Ok(a as u32 as f64);
                F64ConvertI64S F64ConvertI64SAcc "f64.convert_i64_s" i64 => f64, |a| Ok(a as f64);
                F64ConvertI64U F64ConvertI64UAcc "f64.convert_i64_u" i64 => f64, |a| Ok(a as u64 as f64);
                F32DemoteF64 F32DemoteF64Acc "f32.demote_f64" f64 => f32, |a| Ok(a as f32);
                F64PromoteF32 F64PromoteF32Acc "f64.promote_f32" f32 => f64, |a| Ok(a as f64);
                RefAsNonNull RefAsNonNullAcc "ref.as_non_null" u64 => u64, |a| if a == 0 { Err(TrapCode::NullReference) } else { Ok(a) };
            }
            load {
                I32Load I32LoadAdd I32LoadAcc I32LoadMem "i32.load" i32 => i32;
                I64Load I64LoadAdd I64LoadAcc I64LoadMem "i64.load" i64 => i64;
                F32Load F32LoadAdd F32LoadAcc F32LoadMem "f32.load" f32 => f32;
                F64Load F64LoadAdd F64LoadAcc F64LoadMem "f64.load" f64 => f64;
                I32Load8S I32Load8SAdd I32Load8SAcc I32Load8SMem "i32.load8_s" i8 => i32;
                I32Load8U I32Load8UAdd I32Load8UAcc I32Load8UMem "i32.load8_u" u8 => i32;
                I32Load16S I32Load16SAdd I32Load16SAcc I32Load16SMem "i32.load16_s" i16 => i32;
                I32Load16U I32Load16UAdd I32Load16UAcc I32Load16UMem "i32.load16_u" u16 => i32;
                I64Load8S I64Load8SAdd I64Load8SAcc I64Load8SMem "i64.load8_s" i8 => i64;
                I64Load8U I64Load8UAdd I64Load8UAcc I64Load8UMem "i64.load8_u" u8 => i64;
                I64Load16S I64Load16SAdd I64Load16SAcc I64Load16SMem "i64.load16_s" i16 => i64;
                I64Load16U I64Load16UAdd I64Load16UAcc I64Load16UMem "i64.load16_u" u16 => i64;
                I64Load32S I64Load32SAdd I64Load32SAcc I64Load32SMem "i64.load32_s" i32 => i64;
                I64Load32U I64Load32UAdd I64Load32UAcc I64Load32UMem "i64.load32_u" u32 => i64;
            }
            store_imm {
                I32Store I32StoreImm I32StoreAdd I32StoreAcc I32StoreMem "i32.store" i32 => i32;
                I64Store I64StoreImm I64StoreAdd I64StoreAcc I64StoreMem "i64.store" i64 => i64;
                I32Store8 I32Store8Imm I32Store8Add I32Store8Acc I32Store8Mem "i32.store8" i32 => i8;
                I32Store16 I32Store16Imm I32Store16Add I32Store16Acc I32Store16Mem "i32.store16" i32 => i16;
                I64Store8 I64Store8Imm I64Store8Add I64Store8Acc I64Store8Mem "i64.store8" i64 => i8;
                I64Store16 I64Store16Imm I64Store16Add I64Store16Acc I64Store16Mem "i64.store16" i64 => i16;
                I64Store32 I64Store32Imm I64Store32Add I64Store32Acc I64Store32Mem "i64.store32" i64 => i32;
            }
            store {
                F32Store F32StoreAdd F32StoreAcc F32StoreMem "f32.store" f32 => f32;
                F64Store F64StoreAdd F64StoreAcc F64StoreMem "f64.store" f64 => f64;
            }
            branch {
                /// Jumps by `offset` ops.
                Br { offset: Offset } "br", |ex| { ex.jump(offset); Ok(()) };
                /// Jumps by `offset` if the i32 in `cond` is not zero.
                BrIfNez { cond: Slot, offset: Offset } "br_if_nez", |ex| {
                    ex.branch(ex.get::<i32>(cond) != 0, offset);
                    Ok(())
                };
                /// Jumps by `offset` if the i32 in `cond` is zero.
                BrIfEqz { cond: Slot, offset: Offset } "br_if_eqz", |ex| {
                    ex.branch(ex.get::<i32>(cond) == 0, offset);
                    Ok(())
                };
                /// Jumps by `offset` if the reference in `r` is null (`br_on_null`).
                BrOnNull { r: Slot, offset: Offset } "br_on_null", |ex| {
                    ex.branch(ex.get::<u64>(r) == 0, offset);
                    Ok(())
                };
                /// Jumps by `offset` if the reference in `r` is not null (`br_on_non_null`).
                BrOnNonNull { r: Slot, offset: Offset } "br_on_non_null", |ex| {
                    ex.branch(ex.get::<u64>(r) != 0, offset);
                    Ok(())
                };
            }
            other {
                /// Traps with `code` (`unreachable` and statically known traps).
                Trap { code: TrapCode } "trap", |ex| { let _ = &ex; Err(Stop::Trap(code)) };
                /// Charges `amount` fuel; emitted only when fuel metering is on.
                ConsumeFuel { amount: u32 } "consume_fuel", |ex| { ex.consume_fuel(amount)?; ex.next(); Ok(()) };
                /// Jump table: the next `len + 1` ops are `Br`s; runs the
                /// `min(index, len)`th of them.
                BrTable { index: Slot, len: u32 } "br_table", |ex| {
                    let i = ex.get::<u32>(index).min(len);
                    ex.jump(1 + i as i32);
                    Ok(())
                };
                /// Returns to the caller; results are already in slots `0..n`.
                Return {} "return" twins, |ex| { ex.ret_op() };
                /// Copies `src` to slot 0 and returns.
                ReturnSlot { src: Slot } "return_slot" twins, |ex| {
                    let v = ex.get::<u64>(src);
                    ex.set(0, v);
                    ex.ret_op()
                };
                /// Copies a slot.
                Copy { dst: Slot, src: Slot } "copy", |ex| {
                    let v = ex.get::<u64>(src);
                    ex.set_result(dst, v);
                    ex.next();
                    Ok(())
                };
                /// Writes a 32-bit constant (i32 or f32 bits), zero-extended.
                Const32 { dst: Slot, value: u32 } "const32", |ex| { ex.set_result(dst, value); ex.next(); Ok(()) };
                /// Writes a 64-bit constant (i64, f64 bits, or a reference).
                Const64 { dst: Slot, lo: u32, hi: u32 } "const64", |ex| {
                    let bits = (hi as u64) << 32 | lo as u64;
                    ex.set_result(dst, bits);
                    // Also as an f64: constant operands of f64 ops are common.
                    ex.set_facc(f64::from_bits(bits));
                    ex.next();
                    Ok(())
                };
                /// Copies an f32, replacing a NaN with the canonical NaN (deterministic mode).
                CanonNan32 { dst: Slot, src: Slot } "canon_nan.f32", |ex| {
                    let v = ex.get::<f32>(src);
                    ex.set(dst, if v.is_nan() { f32::from_bits(0x7fc0_0000) } else { v });
                    ex.next();
                    Ok(())
                };
                /// Copies an f64, replacing a NaN with the canonical NaN (deterministic mode).
                CanonNan64 { dst: Slot, src: Slot } "canon_nan.f64", |ex| {
                    let v = ex.get::<f64>(src);
                    ex.set(dst, if v.is_nan() { f64::from_bits(0x7ff8_0000_0000_0000) } else { v });
                    ex.next();
                    Ok(())
                };
                /// `dst = if cond != 0 { a } else { b }`.
                Select { dst: Slot, cond: Slot, a: Slot, b: Slot } "select", |ex| {
                    // Both read, then a conditional move: wasm's `select` is
                    // often data-dependent, where a branch would mispredict.
                    let (a, b) = (ex.get::<u64>(a), ex.get::<u64>(b));
                    let v = core::hint::select_unpredictable(ex.get::<i32>(cond) != 0, a, b);
                    ex.set_result(dst, v);
                    ex.next();
                    Ok(())
                };
                /// `select` whose second value is a constant that fits 32 bits
                /// (zero-extended, it is the cell the constant would fill).
                SelectImm { dst: Slot, cond: Slot, a: Slot, b: u32 } "select", |ex| {
                    let a = ex.get::<u64>(a);
                    let v = core::hint::select_unpredictable(ex.get::<i32>(cond) != 0, a, b as u64);
                    ex.set_result(dst, v);
                    ex.next();
                    Ok(())
                };
                /// Calls defined function `func` of the current instance (or,
                /// with the `CALL_IMPORT` bit, imported function `func`); its
                /// frame starts at slot `base`, where the arguments are.
                Call { func: u32, base: Slot } "call" twins, |ex| { ex.call_op(func, base) };
                /// Calls the function at `table[index]`, checking its type against `ty`.
                CallIndirect { table: u16, ty: u32, index: Slot, base: Slot } "call_indirect", |ex| {
                    ex.call_indirect(table as u32, ty, index, base)
                };
                /// Tail-calls defined function `func` of the current instance
                /// (or an import, as for `Call`): the arguments at slot `base`
                /// move to the frame's start and the callee takes the frame over.
                ReturnCall { func: u32, base: Slot } "return_call", |ex| { ex.return_call(func, base) };
                /// Tail-calls the function at `table[index]`, checking its type
                /// against `ty`.
                ReturnCallIndirect { table: u16, ty: u32, index: Slot, base: Slot } "return_call_indirect", |ex| {
                    ex.return_call_indirect(table as u32, ty, index, base)
                };
                /// Calls the function the reference in `r` names (`call_ref`;
                /// null traps); its frame starts at slot `base`.
                CallRef { r: Slot, base: Slot } "call_ref", |ex| { ex.call_ref(r, base) };
                /// Tail-calls the function the reference in `r` names.
                ReturnCallRef { r: Slot, base: Slot } "return_call_ref", |ex| { ex.return_call_ref(r, base) };
                /// `i64.add128`: the 128-bit sum of the pairs (low, high) at
                /// `args` and `args + 2`, low half into `args`, high into `args + 1`.
                I64Add128 { args: Slot } "i64.add128", |ex| { ex.wide(args, |a, b| a.wrapping_add(b)); ex.next(); Ok(()) };
                /// `i64.sub128`: as `I64Add128`, the difference.
                I64Sub128 { args: Slot } "i64.sub128", |ex| { ex.wide(args, |a, b| a.wrapping_sub(b)); ex.next(); Ok(()) };
                /// `i64.mul_wide_s`: the signed 128-bit product of the i64s at
                /// `args` and `args + 1`, low half into `args`, high into `args + 1`.
                I64MulWideS { args: Slot } "i64.mul_wide_s", |ex| { ex.mul_wide(args, true); ex.next(); Ok(()) };
                /// `i64.mul_wide_u`: as `I64MulWideS`, unsigned.
                I64MulWideU { args: Slot } "i64.mul_wide_u", |ex| { ex.mul_wide(args, false); ex.next(); Ok(()) };
                /// A reference to function `func` of the current instance.
                RefFunc { dst: Slot, func: u32 } "ref.func", |ex| { ex.ref_func(dst, func); ex.next(); Ok(()) };
                /// Reads a global.
                GlobalGet { dst: Slot, global: u32 } "global.get", |ex| { ex.global_get(dst, global); ex.next(); Ok(()) };
                /// Writes a global.
                GlobalSet { src: Slot, global: u32 } "global.set", |ex| { ex.global_set(src, global); ex.next(); Ok(()) };
                /// Size in pages of memory `memory`.
                MemorySize { dst: Slot, memory: u16 } "memory.size", |ex| { ex.memory_size(dst, memory); ex.next(); Ok(()) };
                /// Grows memory `memory` by `delta` pages; the old size or -1.
                MemoryGrow { dst: Slot, delta: Slot, memory: u16 } "memory.grow", |ex| { ex.memory_grow(dst, delta, memory)?; ex.next(); Ok(()) };
                /// `memory.fill` with (dst, value, len) in slots `args..args+3`.
                MemoryFill { args: Slot, memory: u16 } "memory.fill", |ex| { ex.memory_fill(args, memory)?; ex.next(); Ok(()) };
                /// `memory.copy` with (dst, src, len) in slots `args..args+3`.
                MemoryCopy { args: Slot, dst_memory: u16, src_memory: u16 } "memory.copy", |ex| {
                    ex.memory_copy(args, dst_memory, src_memory)?;
                    ex.next();
                    Ok(())
                };
                /// `memory.init` of data segment `seg` with (dst, src, len) in `args..args+3`.
                MemoryInit { seg: u32, args: Slot, memory: u16 } "memory.init", |ex| { ex.memory_init(seg, args, memory)?; ex.next(); Ok(()) };
                /// `dst = lhs + rhs` on i64 addresses, trapping as an
                /// out-of-bounds access on overflow: a 64-bit memory's
                /// memarg offset above `u32::MAX` is added this way (the
                /// memory ops carry 32-bit offsets). Emitted only with the
                /// `memory64` feature.
                AddrAdd { dst: Slot, lhs: Slot, rhs: Slot } "addr.add", |ex| {
                    let (a, b) = (ex.get::<u64>(lhs), ex.get::<u64>(rhs));
                    let sum = a.checked_add(b).ok_or(TrapCode::MemoryOutOfBounds)?;
                    ex.set_result(dst, sum);
                    ex.next();
                    Ok(())
                };
                /// Drops data segment `seg`.
                DataDrop { seg: u32 } "data.drop", |ex| { ex.data_drop(seg); ex.next(); Ok(()) };
                /// Reads a table element.
                TableGet { dst: Slot, table: u32, index: Slot } "table.get", |ex| { ex.table_get(dst, table, index)?; ex.next(); Ok(()) };
                /// Writes a table element.
                TableSet { table: u32, index: Slot, value: Slot } "table.set", |ex| { ex.table_set(table, index, value)?; ex.next(); Ok(()) };
                /// Table size in elements.
                TableSize { dst: Slot, table: u32 } "table.size", |ex| { ex.table_size(dst, table); ex.next(); Ok(()) };
                /// Grows a table with (init, delta) in `args..args+2`; the old size or -1.
                TableGrow { dst: Slot, table: u32, args: Slot } "table.grow", |ex| { ex.table_grow(dst, table, args)?; ex.next(); Ok(()) };
                /// `table.fill` with (index, value, len) in `args..args+3`.
                TableFill { table: u32, args: Slot } "table.fill", |ex| { ex.table_fill(table, args)?; ex.next(); Ok(()) };
                /// `table.copy` with (dst, src, len) in `args..args+3`.
                TableCopy { args: Slot, dst_table: u32, src_table: u32 } "table.copy", |ex| {
                    ex.table_copy(dst_table, src_table, args)?;
                    ex.next();
                    Ok(())
                };
                /// `table.init` of element segment `seg` with (dst, src, len) in `args..args+3`.
                TableInit { args: Slot, table: u32, seg: u32 } "table.init", |ex| { ex.table_init(table, seg, args)?; ex.next(); Ok(()) };
                /// Drops element segment `seg`.
                ElemDrop { seg: u32 } "elem.drop", |ex| { ex.elem_drop(seg); ex.next(); Ok(()) };
            }
            v128_binary {
                F32x4Add / F32x4AddAcc F32x4AddSlotAcc "f32x4.add" f32x4_add;
                F32x4Div / F32x4DivAcc F32x4DivSlotAcc "f32x4.div" f32x4_div;
                F32x4Eq / F32x4EqAcc F32x4EqSlotAcc "f32x4.eq" f32x4_eq;
                F32x4Ge / F32x4GeAcc F32x4GeSlotAcc "f32x4.ge" f32x4_ge;
                F32x4Gt / F32x4GtAcc F32x4GtSlotAcc "f32x4.gt" f32x4_gt;
                F32x4Le / F32x4LeAcc F32x4LeSlotAcc "f32x4.le" f32x4_le;
                F32x4Lt / F32x4LtAcc F32x4LtSlotAcc "f32x4.lt" f32x4_lt;
                F32x4Max / F32x4MaxAcc F32x4MaxSlotAcc "f32x4.max" f32x4_max;
                F32x4Min / F32x4MinAcc F32x4MinSlotAcc "f32x4.min" f32x4_min;
                F32x4Mul / F32x4MulAcc F32x4MulSlotAcc "f32x4.mul" f32x4_mul;
                F32x4Ne / F32x4NeAcc F32x4NeSlotAcc "f32x4.ne" f32x4_ne;
                F32x4PMax / F32x4PMaxAcc F32x4PMaxSlotAcc "f32x4.pmax" f32x4_pmax;
                F32x4PMin / F32x4PMinAcc F32x4PMinSlotAcc "f32x4.pmin" f32x4_pmin;
                F32x4RelaxedMax / F32x4RelaxedMaxAcc F32x4RelaxedMaxSlotAcc "f32x4.relaxed_max" f32x4_relaxed_max;
                F32x4RelaxedMin / F32x4RelaxedMinAcc F32x4RelaxedMinSlotAcc "f32x4.relaxed_min" f32x4_relaxed_min;
                F32x4Sub / F32x4SubAcc F32x4SubSlotAcc "f32x4.sub" f32x4_sub;
                F64x2Add / F64x2AddAcc F64x2AddSlotAcc "f64x2.add" f64x2_add;
                F64x2Div / F64x2DivAcc F64x2DivSlotAcc "f64x2.div" f64x2_div;
                F64x2Eq / F64x2EqAcc F64x2EqSlotAcc "f64x2.eq" f64x2_eq;
                F64x2Ge / F64x2GeAcc F64x2GeSlotAcc "f64x2.ge" f64x2_ge;
                F64x2Gt / F64x2GtAcc F64x2GtSlotAcc "f64x2.gt" f64x2_gt;
                F64x2Le / F64x2LeAcc F64x2LeSlotAcc "f64x2.le" f64x2_le;
                F64x2Lt / F64x2LtAcc F64x2LtSlotAcc "f64x2.lt" f64x2_lt;
                F64x2Max / F64x2MaxAcc F64x2MaxSlotAcc "f64x2.max" f64x2_max;
                F64x2Min / F64x2MinAcc F64x2MinSlotAcc "f64x2.min" f64x2_min;
                F64x2Mul / F64x2MulAcc F64x2MulSlotAcc "f64x2.mul" f64x2_mul;
                F64x2Ne / F64x2NeAcc F64x2NeSlotAcc "f64x2.ne" f64x2_ne;
                F64x2PMax / F64x2PMaxAcc F64x2PMaxSlotAcc "f64x2.pmax" f64x2_pmax;
                F64x2PMin / F64x2PMinAcc F64x2PMinSlotAcc "f64x2.pmin" f64x2_pmin;
                F64x2RelaxedMax / F64x2RelaxedMaxAcc F64x2RelaxedMaxSlotAcc "f64x2.relaxed_max" f64x2_relaxed_max;
                F64x2RelaxedMin / F64x2RelaxedMinAcc F64x2RelaxedMinSlotAcc "f64x2.relaxed_min" f64x2_relaxed_min;
                F64x2Sub / F64x2SubAcc F64x2SubSlotAcc "f64x2.sub" f64x2_sub;
                I16x8Add / I16x8AddAcc I16x8AddSlotAcc "i16x8.add" i16x8_add;
                I16x8AddSatS / I16x8AddSatSAcc I16x8AddSatSSlotAcc "i16x8.add_sat_s" i16x8_add_sat_s;
                I16x8AddSatU / I16x8AddSatUAcc I16x8AddSatUSlotAcc "i16x8.add_sat_u" i16x8_add_sat_u;
                I16x8AvgrU / I16x8AvgrUAcc I16x8AvgrUSlotAcc "i16x8.avgr_u" i16x8_avgr_u;
                I16x8Eq / I16x8EqAcc I16x8EqSlotAcc "i16x8.eq" i16x8_eq;
                I16x8ExtMulHighI8x16S / I16x8ExtMulHighI8x16SAcc I16x8ExtMulHighI8x16SSlotAcc "i16x8.extmul_high_i8x16_s" i16x8_extmul_high_i8x16_s;
                I16x8ExtMulHighI8x16U / I16x8ExtMulHighI8x16UAcc I16x8ExtMulHighI8x16USlotAcc "i16x8.extmul_high_i8x16_u" i16x8_extmul_high_i8x16_u;
                I16x8ExtMulLowI8x16S / I16x8ExtMulLowI8x16SAcc I16x8ExtMulLowI8x16SSlotAcc "i16x8.extmul_low_i8x16_s" i16x8_extmul_low_i8x16_s;
                I16x8ExtMulLowI8x16U / I16x8ExtMulLowI8x16UAcc I16x8ExtMulLowI8x16USlotAcc "i16x8.extmul_low_i8x16_u" i16x8_extmul_low_i8x16_u;
                I16x8GeS / I16x8GeSAcc I16x8GeSSlotAcc "i16x8.ge_s" i16x8_ge_s;
                I16x8GeU / I16x8GeUAcc I16x8GeUSlotAcc "i16x8.ge_u" i16x8_ge_u;
                I16x8GtS / I16x8GtSAcc I16x8GtSSlotAcc "i16x8.gt_s" i16x8_gt_s;
                I16x8GtU / I16x8GtUAcc I16x8GtUSlotAcc "i16x8.gt_u" i16x8_gt_u;
                I16x8LeS / I16x8LeSAcc I16x8LeSSlotAcc "i16x8.le_s" i16x8_le_s;
                I16x8LeU / I16x8LeUAcc I16x8LeUSlotAcc "i16x8.le_u" i16x8_le_u;
                I16x8LtS / I16x8LtSAcc I16x8LtSSlotAcc "i16x8.lt_s" i16x8_lt_s;
                I16x8LtU / I16x8LtUAcc I16x8LtUSlotAcc "i16x8.lt_u" i16x8_lt_u;
                I16x8MaxS / I16x8MaxSAcc I16x8MaxSSlotAcc "i16x8.max_s" i16x8_max_s;
                I16x8MaxU / I16x8MaxUAcc I16x8MaxUSlotAcc "i16x8.max_u" i16x8_max_u;
                I16x8MinS / I16x8MinSAcc I16x8MinSSlotAcc "i16x8.min_s" i16x8_min_s;
                I16x8MinU / I16x8MinUAcc I16x8MinUSlotAcc "i16x8.min_u" i16x8_min_u;
                I16x8Mul / I16x8MulAcc I16x8MulSlotAcc "i16x8.mul" i16x8_mul;
                I16x8NarrowI32x4S / I16x8NarrowI32x4SAcc I16x8NarrowI32x4SSlotAcc "i16x8.narrow_i32x4_s" i16x8_narrow_i32x4_s;
                I16x8NarrowI32x4U / I16x8NarrowI32x4UAcc I16x8NarrowI32x4USlotAcc "i16x8.narrow_i32x4_u" i16x8_narrow_i32x4_u;
                I16x8Ne / I16x8NeAcc I16x8NeSlotAcc "i16x8.ne" i16x8_ne;
                I16x8Q15MulrSatS / I16x8Q15MulrSatSAcc I16x8Q15MulrSatSSlotAcc "i16x8.q15mulr_sat_s" i16x8_q15mulr_sat_s;
                I16x8RelaxedDotI8x16I7x16S / I16x8RelaxedDotI8x16I7x16SAcc I16x8RelaxedDotI8x16I7x16SSlotAcc "i16x8.relaxed_dot_i8x16_i7x16_s" i16x8_relaxed_dot_i8x16_i7x16_s;
                I16x8RelaxedQ15mulrS / I16x8RelaxedQ15mulrSAcc I16x8RelaxedQ15mulrSSlotAcc "i16x8.relaxed_q15mulr_s" i16x8_relaxed_q15mulr_s;
                I16x8Sub / I16x8SubAcc I16x8SubSlotAcc "i16x8.sub" i16x8_sub;
                I16x8SubSatS / I16x8SubSatSAcc I16x8SubSatSSlotAcc "i16x8.sub_sat_s" i16x8_sub_sat_s;
                I16x8SubSatU / I16x8SubSatUAcc I16x8SubSatUSlotAcc "i16x8.sub_sat_u" i16x8_sub_sat_u;
                I32x4Add / I32x4AddAcc I32x4AddSlotAcc "i32x4.add" i32x4_add;
                I32x4DotI16x8S / I32x4DotI16x8SAcc I32x4DotI16x8SSlotAcc "i32x4.dot_i16x8_s" i32x4_dot_i16x8_s;
                I32x4Eq / I32x4EqAcc I32x4EqSlotAcc "i32x4.eq" i32x4_eq;
                I32x4ExtMulHighI16x8S / I32x4ExtMulHighI16x8SAcc I32x4ExtMulHighI16x8SSlotAcc "i32x4.extmul_high_i16x8_s" i32x4_extmul_high_i16x8_s;
                I32x4ExtMulHighI16x8U / I32x4ExtMulHighI16x8UAcc I32x4ExtMulHighI16x8USlotAcc "i32x4.extmul_high_i16x8_u" i32x4_extmul_high_i16x8_u;
                I32x4ExtMulLowI16x8S / I32x4ExtMulLowI16x8SAcc I32x4ExtMulLowI16x8SSlotAcc "i32x4.extmul_low_i16x8_s" i32x4_extmul_low_i16x8_s;
                I32x4ExtMulLowI16x8U / I32x4ExtMulLowI16x8UAcc I32x4ExtMulLowI16x8USlotAcc "i32x4.extmul_low_i16x8_u" i32x4_extmul_low_i16x8_u;
                I32x4GeS / I32x4GeSAcc I32x4GeSSlotAcc "i32x4.ge_s" i32x4_ge_s;
                I32x4GeU / I32x4GeUAcc I32x4GeUSlotAcc "i32x4.ge_u" i32x4_ge_u;
                I32x4GtS / I32x4GtSAcc I32x4GtSSlotAcc "i32x4.gt_s" i32x4_gt_s;
                I32x4GtU / I32x4GtUAcc I32x4GtUSlotAcc "i32x4.gt_u" i32x4_gt_u;
                I32x4LeS / I32x4LeSAcc I32x4LeSSlotAcc "i32x4.le_s" i32x4_le_s;
                I32x4LeU / I32x4LeUAcc I32x4LeUSlotAcc "i32x4.le_u" i32x4_le_u;
                I32x4LtS / I32x4LtSAcc I32x4LtSSlotAcc "i32x4.lt_s" i32x4_lt_s;
                I32x4LtU / I32x4LtUAcc I32x4LtUSlotAcc "i32x4.lt_u" i32x4_lt_u;
                I32x4MaxS / I32x4MaxSAcc I32x4MaxSSlotAcc "i32x4.max_s" i32x4_max_s;
                I32x4MaxU / I32x4MaxUAcc I32x4MaxUSlotAcc "i32x4.max_u" i32x4_max_u;
                I32x4MinS / I32x4MinSAcc I32x4MinSSlotAcc "i32x4.min_s" i32x4_min_s;
                I32x4MinU / I32x4MinUAcc I32x4MinUSlotAcc "i32x4.min_u" i32x4_min_u;
                I32x4Mul / I32x4MulAcc I32x4MulSlotAcc "i32x4.mul" i32x4_mul;
                I32x4Ne / I32x4NeAcc I32x4NeSlotAcc "i32x4.ne" i32x4_ne;
                I32x4Sub / I32x4SubAcc I32x4SubSlotAcc "i32x4.sub" i32x4_sub;
                I64x2Add / I64x2AddAcc I64x2AddSlotAcc "i64x2.add" i64x2_add;
                I64x2Eq / I64x2EqAcc I64x2EqSlotAcc "i64x2.eq" i64x2_eq;
                I64x2ExtMulHighI32x4S / I64x2ExtMulHighI32x4SAcc I64x2ExtMulHighI32x4SSlotAcc "i64x2.extmul_high_i32x4_s" i64x2_extmul_high_i32x4_s;
                I64x2ExtMulHighI32x4U / I64x2ExtMulHighI32x4UAcc I64x2ExtMulHighI32x4USlotAcc "i64x2.extmul_high_i32x4_u" i64x2_extmul_high_i32x4_u;
                I64x2ExtMulLowI32x4S / I64x2ExtMulLowI32x4SAcc I64x2ExtMulLowI32x4SSlotAcc "i64x2.extmul_low_i32x4_s" i64x2_extmul_low_i32x4_s;
                I64x2ExtMulLowI32x4U / I64x2ExtMulLowI32x4UAcc I64x2ExtMulLowI32x4USlotAcc "i64x2.extmul_low_i32x4_u" i64x2_extmul_low_i32x4_u;
                I64x2GeS / I64x2GeSAcc I64x2GeSSlotAcc "i64x2.ge_s" i64x2_ge_s;
                I64x2GtS / I64x2GtSAcc I64x2GtSSlotAcc "i64x2.gt_s" i64x2_gt_s;
                I64x2LeS / I64x2LeSAcc I64x2LeSSlotAcc "i64x2.le_s" i64x2_le_s;
                I64x2LtS / I64x2LtSAcc I64x2LtSSlotAcc "i64x2.lt_s" i64x2_lt_s;
                I64x2Mul / I64x2MulAcc I64x2MulSlotAcc "i64x2.mul" i64x2_mul;
                I64x2Ne / I64x2NeAcc I64x2NeSlotAcc "i64x2.ne" i64x2_ne;
                I64x2Sub / I64x2SubAcc I64x2SubSlotAcc "i64x2.sub" i64x2_sub;
                I8x16Add / I8x16AddAcc I8x16AddSlotAcc "i8x16.add" i8x16_add;
                I8x16AddSatS / I8x16AddSatSAcc I8x16AddSatSSlotAcc "i8x16.add_sat_s" i8x16_add_sat_s;
                I8x16AddSatU / I8x16AddSatUAcc I8x16AddSatUSlotAcc "i8x16.add_sat_u" i8x16_add_sat_u;
                I8x16AvgrU / I8x16AvgrUAcc I8x16AvgrUSlotAcc "i8x16.avgr_u" i8x16_avgr_u;
                I8x16Eq / I8x16EqAcc I8x16EqSlotAcc "i8x16.eq" i8x16_eq;
                I8x16GeS / I8x16GeSAcc I8x16GeSSlotAcc "i8x16.ge_s" i8x16_ge_s;
                I8x16GeU / I8x16GeUAcc I8x16GeUSlotAcc "i8x16.ge_u" i8x16_ge_u;
                I8x16GtS / I8x16GtSAcc I8x16GtSSlotAcc "i8x16.gt_s" i8x16_gt_s;
                I8x16GtU / I8x16GtUAcc I8x16GtUSlotAcc "i8x16.gt_u" i8x16_gt_u;
                I8x16LeS / I8x16LeSAcc I8x16LeSSlotAcc "i8x16.le_s" i8x16_le_s;
                I8x16LeU / I8x16LeUAcc I8x16LeUSlotAcc "i8x16.le_u" i8x16_le_u;
                I8x16LtS / I8x16LtSAcc I8x16LtSSlotAcc "i8x16.lt_s" i8x16_lt_s;
                I8x16LtU / I8x16LtUAcc I8x16LtUSlotAcc "i8x16.lt_u" i8x16_lt_u;
                I8x16MaxS / I8x16MaxSAcc I8x16MaxSSlotAcc "i8x16.max_s" i8x16_max_s;
                I8x16MaxU / I8x16MaxUAcc I8x16MaxUSlotAcc "i8x16.max_u" i8x16_max_u;
                I8x16MinS / I8x16MinSAcc I8x16MinSSlotAcc "i8x16.min_s" i8x16_min_s;
                I8x16MinU / I8x16MinUAcc I8x16MinUSlotAcc "i8x16.min_u" i8x16_min_u;
                I8x16NarrowI16x8S / I8x16NarrowI16x8SAcc I8x16NarrowI16x8SSlotAcc "i8x16.narrow_i16x8_s" i8x16_narrow_i16x8_s;
                I8x16NarrowI16x8U / I8x16NarrowI16x8UAcc I8x16NarrowI16x8USlotAcc "i8x16.narrow_i16x8_u" i8x16_narrow_i16x8_u;
                I8x16Ne / I8x16NeAcc I8x16NeSlotAcc "i8x16.ne" i8x16_ne;
                I8x16RelaxedSwizzle / I8x16RelaxedSwizzleAcc I8x16RelaxedSwizzleSlotAcc "i8x16.relaxed_swizzle" i8x16_relaxed_swizzle;
                I8x16Sub / I8x16SubAcc I8x16SubSlotAcc "i8x16.sub" i8x16_sub;
                I8x16SubSatS / I8x16SubSatSAcc I8x16SubSatSSlotAcc "i8x16.sub_sat_s" i8x16_sub_sat_s;
                I8x16SubSatU / I8x16SubSatUAcc I8x16SubSatUSlotAcc "i8x16.sub_sat_u" i8x16_sub_sat_u;
                I8x16Swizzle / I8x16SwizzleAcc I8x16SwizzleSlotAcc "i8x16.swizzle" i8x16_swizzle;
                V128And / V128AndAcc V128AndSlotAcc "v128.and" v128_and;
                V128AndNot / V128AndNotAcc V128AndNotSlotAcc "v128.andnot" v128_andnot;
                V128Or / V128OrAcc V128OrSlotAcc "v128.or" v128_or;
                V128Xor / V128XorAcc V128XorSlotAcc "v128.xor" v128_xor;
            }
            v128_unary {
                F32x4Abs / F32x4AbsAcc "f32x4.abs" f32x4_abs;
                F32x4Ceil / F32x4CeilAcc "f32x4.ceil" f32x4_ceil;
                F32x4ConvertI32x4S / F32x4ConvertI32x4SAcc "f32x4.convert_i32x4_s" f32x4_convert_i32x4_s;
                F32x4ConvertI32x4U / F32x4ConvertI32x4UAcc "f32x4.convert_i32x4_u" f32x4_convert_i32x4_u;
                F32x4DemoteF64x2Zero / F32x4DemoteF64x2ZeroAcc "f32x4.demote_f64x2_zero" f32x4_demote_f64x2_zero;
                F32x4Floor / F32x4FloorAcc "f32x4.floor" f32x4_floor;
                F32x4Nearest / F32x4NearestAcc "f32x4.nearest" f32x4_nearest;
                F32x4Neg / F32x4NegAcc "f32x4.neg" f32x4_neg;
                F32x4Sqrt / F32x4SqrtAcc "f32x4.sqrt" f32x4_sqrt;
                F32x4Trunc / F32x4TruncAcc "f32x4.trunc" f32x4_trunc;
                F64x2Abs / F64x2AbsAcc "f64x2.abs" f64x2_abs;
                F64x2Ceil / F64x2CeilAcc "f64x2.ceil" f64x2_ceil;
                F64x2ConvertLowI32x4S / F64x2ConvertLowI32x4SAcc "f64x2.convert_low_i32x4_s" f64x2_convert_low_i32x4_s;
                F64x2ConvertLowI32x4U / F64x2ConvertLowI32x4UAcc "f64x2.convert_low_i32x4_u" f64x2_convert_low_i32x4_u;
                F64x2Floor / F64x2FloorAcc "f64x2.floor" f64x2_floor;
                F64x2Nearest / F64x2NearestAcc "f64x2.nearest" f64x2_nearest;
                F64x2Neg / F64x2NegAcc "f64x2.neg" f64x2_neg;
                F64x2PromoteLowF32x4 / F64x2PromoteLowF32x4Acc "f64x2.promote_low_f32x4" f64x2_promote_low_f32x4;
                F64x2Sqrt / F64x2SqrtAcc "f64x2.sqrt" f64x2_sqrt;
                F64x2Trunc / F64x2TruncAcc "f64x2.trunc" f64x2_trunc;
                I16x8Abs / I16x8AbsAcc "i16x8.abs" i16x8_abs;
                I16x8ExtAddPairwiseI8x16S / I16x8ExtAddPairwiseI8x16SAcc "i16x8.extadd_pairwise_i8x16_s" i16x8_extadd_pairwise_i8x16_s;
                I16x8ExtAddPairwiseI8x16U / I16x8ExtAddPairwiseI8x16UAcc "i16x8.extadd_pairwise_i8x16_u" i16x8_extadd_pairwise_i8x16_u;
                I16x8ExtendHighI8x16S / I16x8ExtendHighI8x16SAcc "i16x8.extend_high_i8x16_s" i16x8_extend_high_i8x16_s;
                I16x8ExtendHighI8x16U / I16x8ExtendHighI8x16UAcc "i16x8.extend_high_i8x16_u" i16x8_extend_high_i8x16_u;
                I16x8ExtendLowI8x16S / I16x8ExtendLowI8x16SAcc "i16x8.extend_low_i8x16_s" i16x8_extend_low_i8x16_s;
                I16x8ExtendLowI8x16U / I16x8ExtendLowI8x16UAcc "i16x8.extend_low_i8x16_u" i16x8_extend_low_i8x16_u;
                I16x8Neg / I16x8NegAcc "i16x8.neg" i16x8_neg;
                I32x4Abs / I32x4AbsAcc "i32x4.abs" i32x4_abs;
                I32x4ExtAddPairwiseI16x8S / I32x4ExtAddPairwiseI16x8SAcc "i32x4.extadd_pairwise_i16x8_s" i32x4_extadd_pairwise_i16x8_s;
                I32x4ExtAddPairwiseI16x8U / I32x4ExtAddPairwiseI16x8UAcc "i32x4.extadd_pairwise_i16x8_u" i32x4_extadd_pairwise_i16x8_u;
                I32x4ExtendHighI16x8S / I32x4ExtendHighI16x8SAcc "i32x4.extend_high_i16x8_s" i32x4_extend_high_i16x8_s;
                I32x4ExtendHighI16x8U / I32x4ExtendHighI16x8UAcc "i32x4.extend_high_i16x8_u" i32x4_extend_high_i16x8_u;
                I32x4ExtendLowI16x8S / I32x4ExtendLowI16x8SAcc "i32x4.extend_low_i16x8_s" i32x4_extend_low_i16x8_s;
                I32x4ExtendLowI16x8U / I32x4ExtendLowI16x8UAcc "i32x4.extend_low_i16x8_u" i32x4_extend_low_i16x8_u;
                I32x4Neg / I32x4NegAcc "i32x4.neg" i32x4_neg;
                I32x4RelaxedTruncF32x4S / I32x4RelaxedTruncF32x4SAcc "i32x4.relaxed_trunc_f32x4_s" i32x4_relaxed_trunc_f32x4_s;
                I32x4RelaxedTruncF32x4U / I32x4RelaxedTruncF32x4UAcc "i32x4.relaxed_trunc_f32x4_u" i32x4_relaxed_trunc_f32x4_u;
                I32x4RelaxedTruncF64x2SZero / I32x4RelaxedTruncF64x2SZeroAcc "i32x4.relaxed_trunc_f64x2_s_zero" i32x4_relaxed_trunc_f64x2_s_zero;
                I32x4RelaxedTruncF64x2UZero / I32x4RelaxedTruncF64x2UZeroAcc "i32x4.relaxed_trunc_f64x2_u_zero" i32x4_relaxed_trunc_f64x2_u_zero;
                I32x4TruncSatF32x4S / I32x4TruncSatF32x4SAcc "i32x4.trunc_sat_f32x4_s" i32x4_trunc_sat_f32x4_s;
                I32x4TruncSatF32x4U / I32x4TruncSatF32x4UAcc "i32x4.trunc_sat_f32x4_u" i32x4_trunc_sat_f32x4_u;
                I32x4TruncSatF64x2SZero / I32x4TruncSatF64x2SZeroAcc "i32x4.trunc_sat_f64x2_s_zero" i32x4_trunc_sat_f64x2_s_zero;
                I32x4TruncSatF64x2UZero / I32x4TruncSatF64x2UZeroAcc "i32x4.trunc_sat_f64x2_u_zero" i32x4_trunc_sat_f64x2_u_zero;
                I64x2Abs / I64x2AbsAcc "i64x2.abs" i64x2_abs;
                I64x2ExtendHighI32x4S / I64x2ExtendHighI32x4SAcc "i64x2.extend_high_i32x4_s" i64x2_extend_high_i32x4_s;
                I64x2ExtendHighI32x4U / I64x2ExtendHighI32x4UAcc "i64x2.extend_high_i32x4_u" i64x2_extend_high_i32x4_u;
                I64x2ExtendLowI32x4S / I64x2ExtendLowI32x4SAcc "i64x2.extend_low_i32x4_s" i64x2_extend_low_i32x4_s;
                I64x2ExtendLowI32x4U / I64x2ExtendLowI32x4UAcc "i64x2.extend_low_i32x4_u" i64x2_extend_low_i32x4_u;
                I64x2Neg / I64x2NegAcc "i64x2.neg" i64x2_neg;
                I8x16Abs / I8x16AbsAcc "i8x16.abs" i8x16_abs;
                I8x16Neg / I8x16NegAcc "i8x16.neg" i8x16_neg;
                I8x16Popcnt / I8x16PopcntAcc "i8x16.popcnt" i8x16_popcnt;
                V128Not / V128NotAcc "v128.not" v128_not;
            }
            v128_ternary {
                F32x4RelaxedMadd "f32x4.relaxed_madd" f32x4_relaxed_madd;
                F32x4RelaxedNmadd "f32x4.relaxed_nmadd" f32x4_relaxed_nmadd;
                F64x2RelaxedMadd "f64x2.relaxed_madd" f64x2_relaxed_madd;
                F64x2RelaxedNmadd "f64x2.relaxed_nmadd" f64x2_relaxed_nmadd;
                I16x8RelaxedLaneselect "i16x8.relaxed_laneselect" i16x8_relaxed_laneselect;
                I32x4RelaxedDotI8x16I7x16AddS "i32x4.relaxed_dot_i8x16_i7x16_add_s" i32x4_relaxed_dot_i8x16_i7x16_add_s;
                I32x4RelaxedLaneselect "i32x4.relaxed_laneselect" i32x4_relaxed_laneselect;
                I64x2RelaxedLaneselect "i64x2.relaxed_laneselect" i64x2_relaxed_laneselect;
                I8x16RelaxedLaneselect "i8x16.relaxed_laneselect" i8x16_relaxed_laneselect;
                V128Bitselect "v128.bitselect" v128_bitselect;
            }
            v128_test {
                I16x8AllTrue "i16x8.all_true" i16x8_all_true;
                I16x8Bitmask "i16x8.bitmask" i16x8_bitmask;
                I32x4AllTrue "i32x4.all_true" i32x4_all_true;
                I32x4Bitmask "i32x4.bitmask" i32x4_bitmask;
                I64x2AllTrue "i64x2.all_true" i64x2_all_true;
                I64x2Bitmask "i64x2.bitmask" i64x2_bitmask;
                I8x16AllTrue "i8x16.all_true" i8x16_all_true;
                I8x16Bitmask "i8x16.bitmask" i8x16_bitmask;
                V128AnyTrue "v128.any_true" v128_any_true;
            }
            v128_shift {
                I16x8Shl "i16x8.shl" i16x8_shl;
                I16x8ShrS "i16x8.shr_s" i16x8_shr_s;
                I16x8ShrU "i16x8.shr_u" i16x8_shr_u;
                I32x4Shl "i32x4.shl" i32x4_shl;
                I32x4ShrS "i32x4.shr_s" i32x4_shr_s;
                I32x4ShrU "i32x4.shr_u" i32x4_shr_u;
                I64x2Shl "i64x2.shl" i64x2_shl;
                I64x2ShrS "i64x2.shr_s" i64x2_shr_s;
                I64x2ShrU "i64x2.shr_u" i64x2_shr_u;
                I8x16Shl "i8x16.shl" i8x16_shl;
                I8x16ShrS "i8x16.shr_s" i8x16_shr_s;
                I8x16ShrU "i8x16.shr_u" i8x16_shr_u;
            }
            v128_splat {
                F32x4Splat "f32x4.splat" f32 f32x4_splat;
                F64x2Splat "f64x2.splat" f64 f64x2_splat;
                I16x8Splat "i16x8.splat" i32 i16x8_splat;
                I32x4Splat "i32x4.splat" i32 i32x4_splat;
                I64x2Splat "i64x2.splat" i64 i64x2_splat;
                I8x16Splat "i8x16.splat" i32 i8x16_splat;
            }
            v128_extract {
                F32x4ExtractLane "f32x4.extract_lane" f32 f32x4_extract_lane;
                F64x2ExtractLane "f64x2.extract_lane" f64 f64x2_extract_lane;
                I16x8ExtractLaneS "i16x8.extract_lane_s" i32 i16x8_extract_lane_s;
                I16x8ExtractLaneU "i16x8.extract_lane_u" i32 i16x8_extract_lane_u;
                I32x4ExtractLane "i32x4.extract_lane" i32 i32x4_extract_lane;
                I64x2ExtractLane "i64x2.extract_lane" i64 i64x2_extract_lane;
                I8x16ExtractLaneS "i8x16.extract_lane_s" i32 i8x16_extract_lane_s;
                I8x16ExtractLaneU "i8x16.extract_lane_u" i32 i8x16_extract_lane_u;
            }
            v128_replace {
                F32x4ReplaceLane "f32x4.replace_lane" f32 f32x4_replace_lane;
                F64x2ReplaceLane "f64x2.replace_lane" f64 f64x2_replace_lane;
                I16x8ReplaceLane "i16x8.replace_lane" i32 i16x8_replace_lane;
                I32x4ReplaceLane "i32x4.replace_lane" i32 i32x4_replace_lane;
                I64x2ReplaceLane "i64x2.replace_lane" i64 i64x2_replace_lane;
                I8x16ReplaceLane "i8x16.replace_lane" i32 i8x16_replace_lane;
            }
            v128_load {
                V128Load V128LoadAdd V128LoadMem "v128.load" u128, |x| x;
                V128Load16Splat V128Load16SplatAdd V128Load16SplatMem "v128.load16_splat" u16, |x| crate::num::simd::i16x8_splat(x as i32);
                V128Load16x4S V128Load16x4SAdd V128Load16x4SMem "v128.load16x4_s" i64, |x| crate::num::simd::v128_load16x4_s(x as u64);
                V128Load16x4U V128Load16x4UAdd V128Load16x4UMem "v128.load16x4_u" i64, |x| crate::num::simd::v128_load16x4_u(x as u64);
                V128Load32Splat V128Load32SplatAdd V128Load32SplatMem "v128.load32_splat" u32, |x| crate::num::simd::i32x4_splat(x as i32);
                V128Load32Zero V128Load32ZeroAdd V128Load32ZeroMem "v128.load32_zero" u32, |x| crate::num::simd::v128_load32_zero(x);
                V128Load32x2S V128Load32x2SAdd V128Load32x2SMem "v128.load32x2_s" i64, |x| crate::num::simd::v128_load32x2_s(x as u64);
                V128Load32x2U V128Load32x2UAdd V128Load32x2UMem "v128.load32x2_u" i64, |x| crate::num::simd::v128_load32x2_u(x as u64);
                V128Load64Splat V128Load64SplatAdd V128Load64SplatMem "v128.load64_splat" i64, |x| crate::num::simd::i64x2_splat(x as i64);
                V128Load64Zero V128Load64ZeroAdd V128Load64ZeroMem "v128.load64_zero" i64, |x| crate::num::simd::v128_load64_zero(x as u64);
                V128Load8Splat V128Load8SplatAdd V128Load8SplatMem "v128.load8_splat" u8, |x| crate::num::simd::i8x16_splat(x as i32);
                V128Load8x8S V128Load8x8SAdd V128Load8x8SMem "v128.load8x8_s" i64, |x| crate::num::simd::v128_load8x8_s(x as u64);
                V128Load8x8U V128Load8x8UAdd V128Load8x8UMem "v128.load8x8_u" i64, |x| crate::num::simd::v128_load8x8_u(x as u64);
            }
            v128_load_lane {
                V128Load16Lane V128Load16LaneMem "v128.load16_lane" u16 i32 i16x8_replace_lane;
                V128Load32Lane V128Load32LaneMem "v128.load32_lane" u32 i32 i32x4_replace_lane;
                V128Load64Lane V128Load64LaneMem "v128.load64_lane" i64 i64 i64x2_replace_lane;
                V128Load8Lane V128Load8LaneMem "v128.load8_lane" u8 i32 i8x16_replace_lane;
            }
            v128_store_lane {
                V128Store16Lane V128Store16LaneMem "v128.store16_lane" u16 i32 i16x8_extract_lane_u;
                V128Store32Lane V128Store32LaneMem "v128.store32_lane" u32 i32 i32x4_extract_lane;
                V128Store64Lane V128Store64LaneMem "v128.store64_lane" i64 i64 i64x2_extract_lane;
                V128Store8Lane V128Store8LaneMem "v128.store8_lane" u8 i32 i8x16_extract_lane_u;
            }
            v128_store {
                V128Store V128StoreMem / V128StoreAcc "v128.store";
            }
            gated {
                "simd" {
                    /// A SIMD function's first op: if the frame's base is
                    /// not 16-byte aligned, moves the first `n` slots (the
                    /// parameters and locals) and the base up one slot, so
                    /// that the function's v128 values are; slot `flag`
                    /// records whether it moved (see `translate`, "Aligned
                    /// frames").
                    AlignFrame { n: u32, flag: Slot } "align_frame", |ex| {
                        ex.align_frame(n, flag);
                        ex.next();
                        Ok(())
                    };
                    /// Before a SIMD function's return or tail call: if
                    /// `align_frame` moved the frame, moves its first `n`
                    /// slots (the results, or everything up to a tail
                    /// call's last operand) and the base back down.
                    UnalignFrame { n: u32, flag: Slot } "unalign_frame", |ex| {
                        ex.unalign_frame(n, flag);
                        ex.next();
                        Ok(())
                    };
                    /// The upper half of a `v128.const` (a `const64` just
                    /// before writes the lower half). It rewrites the
                    /// whole value, so that the next op's 16-byte read
                    /// finds one 16-byte write (see `set_v128`).
                    V128ConstHi { dst: Slot, lo: u32, hi: u32 } "v128.const_hi", |ex| {
                        let low = ex.get::<u64>(dst) as u128;
                        ex.set_v128(dst, ((hi as u128) << 32 | lo as u128) << 64 | low);
                        ex.next();
                        Ok(())
                    };
                    /// A `v128.const` whose two 64-bit halves are equal (every
                    /// splat of a lane of up to 64 bits, zero included), in one op.
                    V128ConstSplat64 { dst: Slot, lo: u32, hi: u32 } "v128.const_splat64", |ex| {
                        let half = (hi as u64) << 32 | lo as u64;
                        ex.set_v128(dst, (half as u128) << 64 | half as u128);
                        ex.next();
                        Ok(())
                    };
                    /// Jumps by `offset` if any bit of the v128 in `src` is
                    /// set: `v128.any_true` and the `br_if` on it, in one op
                    /// (SIMD loops' early exits).
                    BrIfAnyTrue { src: Slot, offset: Offset } "br_if_any_true" => jump offset, |ex| {
                        ex.branch(ex.get_v128(src) != 0, offset);
                        Ok(())
                    };
                    /// Jumps by `offset` if the v128 in `src` is all zeros.
                    BrIfNoneTrue { src: Slot, offset: Offset } "br_if_none_true" => jump offset, |ex| {
                        ex.branch(ex.get_v128(src) == 0, offset);
                        Ok(())
                    };
                    /// Copies a v128.
                    CopyV128 { dst: Slot, src: Slot } "copy.v128", |ex| {
                        let v = ex.get_v128(src);
                        ex.set_v128(dst, v);
                        ex.next();
                        Ok(())
                    };
                    /// `dst = if cond != 0 { a } else { b }` on v128s.
                    SelectV128 { dst: Slot, cond: Slot, a: Slot, b: Slot } "select.v128", |ex| {
                        let v = if ex.get::<i32>(cond) != 0 { ex.get_v128(a) } else { ex.get_v128(b) };
                        ex.set_v128(dst, v);
                        ex.next();
                        Ok(())
                    };
                    /// `i8x16.shuffle` of `a` and `b`, the sixteen lane indices
                    /// being the bytes of the v128 constant in slot `lanes`.
                    I8x16Shuffle { dst: Slot, a: Slot, b: Slot, lanes: Slot } "i8x16.shuffle", |ex| {
                        let (x, y, l) = (ex.get_v128(a), ex.get_v128(b), ex.get_v128(lanes));
                        ex.set_v128(dst, crate::num::simd::i8x16_shuffle(x, y, l));
                        ex.next();
                        Ok(())
                    };
                    /// Reads a v128 global.
                    GlobalGetV128 { dst: Slot, global: u32 } "global.get", |ex| { ex.global_get_v128(dst, global); ex.next(); Ok(()) };
                    /// Writes a v128 global.
                    GlobalSetV128 { src: Slot, global: u32 } "global.set", |ex| { ex.global_set_v128(src, global); ex.next(); Ok(()) };
                    /// Replaces each NaN lane of the f32x4 in `dst` with the
                    /// canonical NaN (deterministic mode).
                    CanonNanF32x4 { dst: Slot } "canon_nan.f32x4", |ex| {
                        let v = ex.get_v128(dst);
                        ex.set_v128(dst, crate::num::simd::canon_nan_f32x4(v));
                        ex.next();
                        Ok(())
                    };
                    /// Replaces each NaN lane of the f64x2 in `dst` with the
                    /// canonical NaN (deterministic mode).
                    CanonNanF64x2 { dst: Slot } "canon_nan.f64x2", |ex| {
                        let v = ex.get_v128(dst);
                        ex.set_v128(dst, crate::num::simd::canon_nan_f64x2(v));
                        ex.next();
                        Ok(())
                    };
                }
                "exceptions" {
                    /// Throws a new exception of tag `tag` (an index into the
                    /// instance's tags) carrying the values in the consecutive
                    /// slots from `args`; control goes to the innermost handler
                    /// that catches it (see `exec`, "Exceptions").
                    Throw { tag: u32, args: Slot } "throw", |ex| { ex.throw_op(tag, args) };
                    /// Throws the exception the `exnref` in `exn` refers to again
                    /// (null traps); also the legacy `rethrow`.
                    ThrowRef { exn: Slot } "throw_ref", |ex| { ex.throw_ref(exn) };
                }
                "gc" {
                    /// `struct.new` of module type `ty`: a struct of the field
                    /// values in the slots from `args`, its reference into `args`.
                    StructNew { args: Slot, ty: u32 } "struct.new", |ex| { ex.struct_new(args, ty)?; ex.next(); Ok(()) };
                    /// `struct.new_default`: every field zero or null.
                    StructNewDefault { args: Slot, ty: u32 } "struct.new_default", |ex| { ex.struct_new_default(args, ty)?; ex.next(); Ok(()) };
                    /// `struct.get*`: cell `cell` of the struct in `r`, read as
                    /// `kind` says (`bytecode::gc::FieldKind`).
                    StructGet { dst: Slot, r: Slot, cell: u16, kind: u16 } "struct.get", |ex| { ex.struct_get(dst, r, cell, kind)?; ex.next(); Ok(()) };
                    /// `struct.set`: `value` into cell `cell` of the struct in `r`.
                    StructSet { r: Slot, value: Slot, cell: u16, kind: u16 } "struct.set", |ex| { ex.struct_set(r, value, cell, kind)?; ex.next(); Ok(()) };
                    /// `array.new`: (init, length) in `args`, the reference into `args`.
                    ArrayNew { args: Slot, ty: u32 } "array.new", |ex| { ex.array_new(args, ty, false)?; ex.next(); Ok(()) };
                    /// `array.new_default`: the length in `args`.
                    ArrayNewDefault { args: Slot, ty: u32 } "array.new_default", |ex| { ex.array_new(args, ty, true)?; ex.next(); Ok(()) };
                    /// `array.new_fixed`: the `n` elements in the slots from `args`.
                    ArrayNewFixed { args: Slot, ty: u32, n: u16 } "array.new_fixed", |ex| { ex.array_new_fixed(args, ty, n)?; ex.next(); Ok(()) };
                    /// `array.new_data`: (offset, length) in `args`, from data segment `seg`.
                    ArrayNewData { args: Slot, ty: u32, seg: u32 } "array.new_data", |ex| { ex.array_new_data(args, ty, seg)?; ex.next(); Ok(()) };
                    /// `array.new_elem`: (offset, length) in `args`, from element segment `seg`.
                    ArrayNewElem { args: Slot, ty: u32, seg: u32 } "array.new_elem", |ex| { ex.array_new_elem(args, ty, seg)?; ex.next(); Ok(()) };
                    /// `array.get*`: element `index` of the array in `r`, read as `kind` says.
                    ArrayGet { dst: Slot, r: Slot, index: Slot, kind: u16 } "array.get", |ex| { ex.array_get(dst, r, index, kind)?; ex.next(); Ok(()) };
                    /// `array.set`: `value` into element `index` of the array in `r`.
                    ArraySet { r: Slot, index: Slot, value: Slot } "array.set", |ex| { ex.array_set(r, index, value)?; ex.next(); Ok(()) };
                    /// `array.len` of the array in `r`.
                    ArrayLen { dst: Slot, r: Slot } "array.len", |ex| { ex.array_len(dst, r)?; ex.next(); Ok(()) };
                    /// `array.fill`: (array, offset, value, length) in `args`.
                    ArrayFill { args: Slot } "array.fill", |ex| { ex.array_fill(args)?; ex.next(); Ok(()) };
                    /// `array.copy`: (dst array, dst offset, src array, src offset, length) in `args`.
                    ArrayCopy { args: Slot } "array.copy", |ex| { ex.array_copy(args)?; ex.next(); Ok(()) };
                    /// `array.init_data`: (array, offset, data offset, length) in `args`.
                    ArrayInitData { args: Slot, seg: u32 } "array.init_data", |ex| { ex.array_init_data(args, seg)?; ex.next(); Ok(()) };
                    /// `array.init_elem`: (array, offset, segment offset, length) in `args`.
                    ArrayInitElem { args: Slot, seg: u32 } "array.init_elem", |ex| { ex.array_init_elem(args, seg)?; ex.next(); Ok(()) };
                    /// `ref.i31`: the i32 in `src` as an unboxed `i31` reference.
                    RefI31 { dst: Slot, src: Slot } "ref.i31", |ex| {
                        let v = ex.get::<u32>(src);
                        ex.set(dst, crate::bytecode::gc::i31_cell(v));
                        ex.next();
                        Ok(())
                    };
                    /// `i31.get_s`: the `i31` in `src`, sign-extended (null traps).
                    I31GetS { dst: Slot, src: Slot } "i31.get_s", |ex| {
                        let c = ex.get::<u64>(src);
                        if c == 0 {
                            return Err(TrapCode::NullI31Reference.into());
                        }
                        ex.set(dst, crate::bytecode::gc::i31_get_s(c));
                        ex.next();
                        Ok(())
                    };
                    /// `i31.get_u`: the `i31` in `src`, zero-extended (null traps).
                    I31GetU { dst: Slot, src: Slot } "i31.get_u", |ex| {
                        let c = ex.get::<u64>(src);
                        if c == 0 {
                            return Err(TrapCode::NullI31Reference.into());
                        }
                        ex.set(dst, crate::bytecode::gc::i31_get_u(c));
                        ex.next();
                        Ok(())
                    };
                    /// `any.convert_extern` (see `store::gc`, "Cells").
                    AnyConvertExtern { dst: Slot, src: Slot } "any.convert_extern", |ex| {
                        let c = ex.get::<u64>(src);
                        ex.set(dst, crate::bytecode::gc::any_of_extern(c));
                        ex.next();
                        Ok(())
                    };
                    /// `extern.convert_any`.
                    ExternConvertAny { dst: Slot, src: Slot } "extern.convert_any", |ex| {
                        let c = ex.get::<u64>(src);
                        ex.set(dst, crate::bytecode::gc::extern_of_any(c));
                        ex.next();
                        Ok(())
                    };
                    /// `ref.test`: 1 if the reference in `r` is of type `ty`
                    /// (`bytecode::gc::heap_code`), else 0; `br_on_cast` is this
                    /// and a `br_if`.
                    RefTest { dst: Slot, r: Slot, ty: u32 } "ref.test", |ex| { ex.ref_test(dst, r, ty)?; ex.next(); Ok(()) };
                    /// `ref.cast`: traps unless the reference in `r` is of type
                    /// `ty`; the reference stays where it is.
                    RefCast { r: Slot, ty: u32 } "ref.cast", |ex| { ex.ref_cast(r, ty)?; ex.next(); Ok(()) };
                }
            }
            acc {
                /// `br_if_nez` on the accumulator (the previous op's result).
                BrIfNezAcc { offset: Offset } "br_if_nez", |ex| {
                    ex.branch(ex.acc::<i32>() != 0, offset);
                    Ok(())
                };
                /// `br_if_eqz` on the accumulator.
                BrIfEqzAcc { offset: Offset } "br_if_eqz", |ex| {
                    ex.branch(ex.acc::<i32>() == 0, offset);
                    Ok(())
                };
                /// `br_if_any_true` on the v128 accumulator.
                BrIfAnyTrueAcc if "simd" { offset: Offset } "br_if_any_true", |ex| {
                    ex.branch(ex.v128_acc() != 0, offset);
                    Ok(())
                };
                /// `br_if_none_true` on the v128 accumulator.
                BrIfNoneTrueAcc if "simd" { offset: Offset } "br_if_none_true", |ex| {
                    ex.branch(ex.v128_acc() == 0, offset);
                    Ok(())
                };
                /// `select` with the accumulator as the condition.
                SelectAcc { dst: Slot, a: Slot, b: Slot } "select", |ex| {
                    let (a, b) = (ex.get::<u64>(a), ex.get::<u64>(b));
                    let v = core::hint::select_unpredictable(ex.acc::<i32>() != 0, a, b);
                    ex.set_result(dst, v);
                    ex.next();
                    Ok(())
                };
            }
        }
    };
}

pub(crate) use for_each_op;
