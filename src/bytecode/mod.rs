//! Spindle's register bytecode: the [`Op`] enum, generated from the table in
//! [`ops`], and its disassembly.
//!
//! An op names its operands by *slot*: a 16-bit index into the current
//! frame (see [`crate::translate`] for the frame layout). Every slot is a
//! 64-bit cell; i32 and f32 values occupy the low half, zero-extended
//! (every op that writes one keeps the upper half zero, so an i32's cell is
//! already its `i64.extend_i32_u`, for which the translator emits nothing);
//! references are 0 for null and `index + 1` otherwise. A v128 takes two
//! consecutive slots, low half first (see [`crate::translate`], "v128
//! values"); scalar code never pays for SIMD.
//!
//! Each op is 12 bytes (checked by a test): a two-byte tag (the enum is
//! `repr(u16)`, so the threaded dispatch can index its handler table with
//! it) and up to ten bytes of operands. Branch offsets are relative,
//! counted in ops.

pub(crate) mod fused;
#[cfg(feature = "gc")]
pub(crate) mod gc;
pub(crate) mod ops;
pub(crate) mod table;

use crate::error::TrapCode;
use core::fmt;
use core::marker::PhantomData;
use core::mem::MaybeUninit;
#[cfg(spindle_acc)]
pub(crate) use fused::acc_only;
pub(crate) use ops::for_each_op;
pub(crate) use table::for_each_variant;

/// A frame slot index.
pub type Slot = u16;
/// A relative branch distance, in ops, from the branch op itself.
pub type Offset = i32;

/// In [`Op::Call`]'s operand, marks an imported function (its index in the
/// module's function space); without it the operand is a defined
/// function's index, which the call enters without a store lookup.
pub(crate) const CALL_IMPORT: u32 = 1 << 31;

/// The enum and its disassembly, from the flat list of variants (see
/// [`table`]).
macro_rules! define_ops {
    ($(
        #[cfg $cfg:tt]
        $(#[doc = $doc:expr])*
        $name:ident { $($field:ident : $type:ty),* } [$($kind:ident)?]
            mnemonic $mnemonic:expr,
            disasm |$f:ident, $target:ident, $at:ident| $disasm:expr,
            exec |$ex:ident| $exec:block,
            rel $rel:tt;
    )*) => {
        /// One bytecode instruction. See the [module docs](self) and the
        /// table in `bytecode/ops.rs`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(missing_docs)]
        // The tag is the first two bytes, variants numbered in declaration
        // order: the threaded dispatch (`exec::threaded`) relies on both.
        #[repr(u16)]
        pub enum Op {
            $( #[cfg $cfg] $(#[doc = $doc])* $name { $($field: $type),* }, )*
        }

        impl Op {
            /// The variant's name, as in the instruction table.
            #[allow(dead_code)]
            pub(crate) fn variant_name(&self) -> &'static str {
                match self {
                    $( #[cfg $cfg] Op::$name { .. } => stringify!($name), )*
                }
            }

            /// The op's name as `spindle disasm` prints it.
            pub fn mnemonic(&self) -> &'static str {
                match *self {
                    $(
                        #[cfg $cfg]
                        #[allow(unused_variables)]
                        Op::$name { $($field),* } => $mnemonic,
                    )*
                }
            }

            /// Writes the op's operands in disassembly form. Branch targets
            /// are printed as absolute op indices, given the op's own index `at`.
            pub fn fmt_operands(&self, at: usize, f: &mut dyn fmt::Write) -> fmt::Result {
                let target = |off: Offset| at as i64 + off as i64;
                match *self {
                    $(
                        #[cfg $cfg]
                        #[allow(unused_variables)]
                        Op::$name { $($field),* } => {
                            let ($f, $target, $at) = (&mut *f, target, at);
                            $disasm
                        }
                    )*
                }
            }
        }

        #[cfg(test)]
        impl Op {
            /// One op of each variant, in the flat list's order, each with
            /// whether the list marks it `cfg(spindle_acc)`.
            pub(crate) const EXAMPLES: &[(Op, bool)] = &[
                $(
                    #[cfg $cfg]
                    (Op::$name { $($field: <$type as Example>::EXAMPLE),* }, cfg_marked!($cfg)),
                )*
            ];
        }
    };
}

/// Whether a flat-list entry is built only with `cfg(spindle_acc)` (for
/// [`Op::EXAMPLES`]), alone or with a cargo feature; the others carry
/// `cfg(all())` or a cargo feature's cfg.
#[cfg(test)]
macro_rules! cfg_marked {
    ((spindle_acc)) => {
        true
    };
    // A fused op, some gated by a cargo feature too.
    ((all(spindle_acc $($feature:tt)*))) => {
        true
    };
    ($cfg:tt) => {
        false
    };
}

/// A value of an operand type, for [`Op::EXAMPLES`].
#[cfg(test)]
trait Example {
    const EXAMPLE: Self;
}

#[cfg(test)]
impl Example for u16 {
    const EXAMPLE: Self = 1;
}

#[cfg(test)]
impl Example for u8 {
    const EXAMPLE: Self = 4;
}

#[cfg(test)]
impl Example for u32 {
    const EXAMPLE: Self = 2;
}

#[cfg(test)]
impl Example for i32 {
    const EXAMPLE: Self = -3;
}

#[cfg(test)]
impl Example for TrapCode {
    const EXAMPLE: Self = TrapCode::Unreachable;
}

for_each_variant!(define_ops);

/// The translator's relations between ops, from the flat list of variants
/// (see [`table`]): the flattening writes `rel` facts on each form of a
/// family, and each fact becomes that variant's arm in the functions
/// below. No family grammar is read here, so a new family or operand form
/// is one edit in `table::flatten`. Hand-written ops are named one by one,
/// where they relate.
///
/// The facts, each optional, in this order:
/// * `result dst: T;` the op writes its result, a `T`, to the slot in
///   field `dst`;
/// * `vresult dst;` it writes a v128 result to slots `dst` and `dst + 1`
///   (and leaves it in the v128 accumulator, `AccKind::V128`);
/// * `jump offset;` it branches by the offset in field `offset`;
/// * `reads acc;` it reads an operand from an accumulator;
/// * `with_acc s: T => Form { fields }, ..;` where it reads field `s` as a
///   `T`, the accumulator form `Form` (built from the named fields) reads
///   the accumulator instead;
/// * `branch Br NotBr;` a compare that a following `br_if` fuses into
///   `Br` (or `NotBr` if the branch is taken when the compare is false);
/// * `invert NotBr;` the conditional branch taken exactly when this one
///   is not, with the same fields;
/// * `wasm Pattern => Family;` the wasm operator the family lowers, and
///   the family's builders for each operand form;
/// * `fuse First { fields } [acc]? (then Next [acc]?)+;` a fused op's
///   sequence (see [`fused`]).
macro_rules! define_relations {
    ($(
        #[cfg $cfg:tt]
        $(#[doc = $doc:expr])*
        $name:ident { $($field:ident : $type:ty),* } [$($kind:ident)?]
            mnemonic $mnemonic:expr,
            disasm |$f:ident, $target:ident, $at:ident| $disasm:expr,
            exec |$ex:ident| $exec:block,
            rel {
                $(result $dst:ident : $res_t:ty;)?
                $(vresult $vdst:ident;)?
                $(jump $offset:ident;)?
                $(reads $acc:ident;)?
                $(with_acc $($w_slot:ident : $w_t:ty => $w_to:ident { $($w_f:ident),* }),+;)?
                $(branch $br_yes:ident $br_no:ident;)?
                $(invert $inv:ident;)?
                $(wasm $w_pat:pat => $family:expr;)?
                $(fuse $p_first:ident { $($p_f:ident),* } $([$p_fa:ident])? $(then $p_next:ident $([$p_na:ident])?)+;)?
            };
    )*) => {
        impl Op {
            /// The slot a single-result op writes, for the translator's
            /// destination fusion (`local.set` after an op).
            pub(crate) fn result_slot_mut(&mut self) -> Option<&mut Slot> {
                match self {
                    $($( #[cfg $cfg] Op::$name { $dst, .. } => Some($dst), )?)*
                    $($( #[cfg $cfg] Op::$name { $vdst, .. } => Some($vdst), )?)*
                    Op::Copy { dst, .. }
                    | Op::Select { dst, .. }
                    | Op::SelectImm { dst, .. }
                    | Op::GlobalGet { dst, .. }
                    | Op::CanonNan32 { dst, .. }
                    | Op::CanonNan64 { dst, .. } => Some(dst),
                    #[cfg(spindle_acc)]
                    Op::SelectAcc { dst, .. } => Some(dst),
                    _ => None,
                }
            }

            /// The relative offset of a branch op, for label patching.
            pub(crate) fn branch_offset_mut(&mut self) -> Option<&mut Offset> {
                match self {
                    $($( #[cfg $cfg] Op::$name { $offset, .. } => Some($offset), )?)*
                    #[cfg(spindle_acc)]
                    Op::BrIfNezAcc { offset } | Op::BrIfEqzAcc { offset } => Some(offset),
                    #[cfg(all(spindle_acc, feature = "simd"))]
                    Op::BrIfAnyTrueAcc { offset } | Op::BrIfNoneTrueAcc { offset } => Some(offset),
                    _ => None,
                }
            }

            /// The conditional branch taken exactly when this one is not,
            /// to the same offset (for the translator's loop rotation).
            pub(crate) fn invert_branch(&self) -> Option<Op> {
                match *self {
                    $($( #[cfg $cfg] Op::$name { lhs, rhs, offset } => Some(Op::$inv { lhs, rhs, offset }), )?)*
                    Op::BrIfNez { cond, offset } => Some(Op::BrIfEqz { cond, offset }),
                    Op::BrIfEqz { cond, offset } => Some(Op::BrIfNez { cond, offset }),
                    #[cfg(feature = "simd")]
                    Op::BrIfAnyTrue { src, offset } => Some(Op::BrIfNoneTrue { src, offset }),
                    #[cfg(feature = "simd")]
                    Op::BrIfNoneTrue { src, offset } => Some(Op::BrIfAnyTrue { src, offset }),
                    _ => None,
                }
            }

            /// Fuses an integer compare with a following branch: the branch
            /// is taken when the compare is true, or false if `negate`.
            pub(crate) fn fuse_compare_branch(&self, negate: bool) -> Option<Op> {
                match *self {
                    $($(
                        #[cfg $cfg]
                        Op::$name { lhs, rhs, .. } => Some(if negate {
                            Op::$br_no { lhs, rhs, offset: 0 }
                        } else {
                            Op::$br_yes { lhs, rhs, offset: 0 }
                        }),
                    )?)*
                    _ => None,
                }
            }
        }

        #[cfg(spindle_acc)]
        impl Op {
            /// The slot this op writes, and the accumulator in which it also
            /// leaves that value (see [`crate::exec`]'s module docs). Every op
            /// named here sets its accumulator when it runs.
            pub(crate) fn acc_result(&self) -> Option<(Slot, AccKind)> {
                match *self {
                    $($( #[cfg $cfg] Op::$name { $dst, .. } => kind_of::<$res_t>($dst), )?)*
                    Op::Const64 { dst, .. } => Some((dst, AccKind::Both)),
                    $($( #[cfg $cfg] Op::$name { $vdst, .. } => Some(($vdst, AccKind::V128)), )?)*
                    Op::Copy { dst, .. }
                    | Op::GlobalGet { dst, .. }
                    | Op::Const32 { dst, .. }
                    | Op::Select { dst, .. }
                    | Op::SelectImm { dst, .. }
                    | Op::SelectAcc { dst, .. } => kind_of::<u64>(dst),
                    _ => None,
                }
            }

            /// This op as the fused op that also runs the ops that follow
            /// it in `next`, if there is one: the first in table order.
            ///
            /// An entry that marks an op `=> acc` (its result only in the
            /// accumulator) matches only where that op's result is dead
            /// once the next op has read it: see [`Op::result_dies_in_acc`].
            /// `first_temp` is the function's first temp slot (the first
            /// after its locals).
            pub(crate) fn fuse(&self, next: &[Op], first_temp: u32) -> Option<Op> {
                match (*self, next) {
                    $($(
                        #[cfg $cfg]
                        (Op::$p_first { $($p_f),* }, [$(Op::$p_next { .. }),+, ..])
                            if [crate::bytecode::acc_only!($($p_fa)?), $(crate::bytecode::acc_only!($($p_na)?)),+]
                                .iter()
                                .zip(core::iter::once(self).chain(next))
                                .zip(next)
                                .all(|((&acc_only, op), reader)| !acc_only || op.result_dies_in_acc(reader, first_temp)) =>
                        {
                            Some(Op::$name { $($p_f),* })
                        }
                    )?)*
                    _ => None,
                }
            }

            /// Whether this op's result is dead once `reader`, the op after
            /// it, has read it from the accumulator: `reader` reads the
            /// accumulator (so the accumulator pass found it reading this
            /// op's result there), and the result is in a temp slot.
            ///
            /// A temp holds a value of the wasm operand stack, and only the
            /// op that pops the value reads it. (A `br_if` carrying values
            /// also reads them but leaves them on the stack; it reads them
            /// with copies, which have no accumulator form.) So the reader
            /// is the temp's last reader, and every later reader of that
            /// slot reads a value pushed, so written, after it.
            pub(crate) fn result_dies_in_acc(&self, reader: &Op, first_temp: u32) -> bool {
                reader.reads_acc()
                    && self.acc_result().is_some_and(|(slot, _)| u32::from(slot) >= first_temp)
            }

            /// Whether this op reads an operand from an accumulator (an
            /// accumulator form).
            pub(crate) fn reads_acc(&self) -> bool {
                match self {
                    // (`$acc` is the fact's word `acc`, bound to say yes.)
                    $($( #[cfg $cfg] Op::$name { .. } => { let $acc = true; $acc } )?)*
                    _ => false,
                }
            }

            /// Each fused op's sequence of variant names, in table order,
            /// each with whether the entry marks it `=> acc` (for the tests
            /// of the table).
            #[cfg(test)]
            pub(crate) const FUSED: &[&[(&str, bool)]] = &[
                $($( #[cfg $cfg] &[
                    (stringify!($p_first), crate::bytecode::acc_only!($($p_fa)?)),
                    $((stringify!($p_next), crate::bytecode::acc_only!($($p_na)?))),+
                ], )?)*
            ];

            /// How many ops a fused op runs when each falls through (1 for any
            /// other op).
            pub(crate) fn fused_len(&self) -> usize {
                match self {
                    $($( #[cfg $cfg] Op::$name { .. } => 1 + [$(stringify!($p_next)),+].len(), )?)*
                    _ => 1,
                }
            }

            /// This op reading the accumulator of `kind` where it reads
            /// `slot`, if it reads `slot` as such a value and has that form.
            pub(crate) fn with_acc(&self, slot: Slot, kind: AccKind) -> Option<Op> {
                Some(match *self {
                    $($($(
                        #[cfg $cfg]
                        Op::$name { $w_slot, $($w_f,)* .. } if $w_slot == slot && is::<$w_t>(kind) => Op::$w_to { $($w_f),* },
                    )+)?)*
                    Op::BrIfNez { cond, offset } if cond == slot && is::<i32>(kind) => Op::BrIfNezAcc { offset },
                    Op::BrIfEqz { cond, offset } if cond == slot && is::<i32>(kind) => Op::BrIfEqzAcc { offset },
                    #[cfg(feature = "simd")]
                    Op::BrIfAnyTrue { src, offset } if src == slot && is::<u128>(kind) => Op::BrIfAnyTrueAcc { offset },
                    #[cfg(feature = "simd")]
                    Op::BrIfNoneTrue { src, offset } if src == slot && is::<u128>(kind) => Op::BrIfNoneTrueAcc { offset },
                    Op::Select { dst, cond, a, b } if cond == slot && is::<i32>(kind) => Op::SelectAcc { dst, a, b },
                    _ => return None,
                })
            }
        }

        /// Maps a wasm operator of a generated family to its op builders.
        pub(crate) fn family(op: &wasmparser::Operator<'_>) -> Option<Family> {
            Some(match *op {
                $($( #[cfg $cfg] $w_pat => $family, )?)*
                _ => return None,
            })
        }
    };
}

for_each_variant!(define_relations);

/// How the translator lowers a wasm operator that belongs to a generated
/// family: the op form for each operand form. `wide` says whether
/// immediates are sign-extended to 64 bits.
#[derive(Clone, Copy)]
pub(crate) enum Family {
    Binary {
        rr: Form<Slot, Slot, Slot>,
        ri: Option<Form<Slot, Slot, i32>>,
        wide: bool,
    },
    Unary(Form<Slot, Slot, ()>),
    Load {
        op: Form<Slot, Slot, u32>,
        /// The same load of `(addr + imm) mod 2^32`, for a fused `i32.add`.
        add: Form<Slot, Slot, u32>,
        /// The same load from any memory, with an i32 or i64 address.
        #[cfg(feature = "memory64")]
        mem: Form<Slot, Slot, u16, u32>,
        memarg: wasmparser::MemArg,
    },
    Store {
        slot: Form<Slot, Slot, u32>,
        /// The same store to `(addr + imm) mod 2^32`, for a fused `i32.add`.
        add: Form<Slot, Slot, u32>,
        imm: Option<Form<Slot, i32, u32>>,
        /// The same store to any memory, with an i32 or i64 address.
        #[cfg(feature = "memory64")]
        mem: Form<Slot, Slot, u16, u32>,
        wide: bool,
        memarg: wasmparser::MemArg,
    },
    /// v128 × v128 → v128.
    #[cfg(feature = "simd")]
    V128Binary(Form<Slot, Slot, Slot>),
    /// v128 → v128.
    #[cfg(feature = "simd")]
    V128Unary(Form<Slot, Slot, ()>),
    /// v128 × v128 × v128 → v128.
    #[cfg(feature = "simd")]
    V128Ternary(Form<Slot, Slot, Slot, Slot>),
    /// v128 → i32.
    #[cfg(feature = "simd")]
    V128Test(Form<Slot, Slot, ()>),
    /// v128 × i32 → v128.
    #[cfg(feature = "simd")]
    V128Shift(Form<Slot, Slot, Slot>),
    /// A scalar → v128.
    #[cfg(feature = "simd")]
    V128Splat(Form<Slot, Slot, ()>),
    /// v128 → a scalar, with its lane.
    #[cfg(feature = "simd")]
    V128Extract(Form<Slot, Slot, u8>, u8),
    /// v128 × a scalar → v128, with its lane.
    #[cfg(feature = "simd")]
    V128Replace(Form<Slot, Slot, Slot, u8>, u8),
    /// A load into a v128.
    #[cfg(feature = "simd")]
    V128Load {
        op: Form<Slot, Slot, u32>,
        /// The same load of `(addr + imm) mod 2^32`, for a fused `i32.add`.
        add: Form<Slot, Slot, u32>,
        #[cfg(feature = "memory64")]
        mem: Form<Slot, Slot, u16, u32>,
        memarg: wasmparser::MemArg,
    },
    /// A load into one lane (`dst` is read and written).
    #[cfg(feature = "simd")]
    V128LoadLane {
        op: Form<Slot, Slot, u8, u32>,
        #[cfg(feature = "memory64")]
        mem: Form<Slot, Slot, u16, u8>,
        memarg: wasmparser::MemArg,
        lane: u8,
    },
    /// A store of a whole v128.
    #[cfg(feature = "simd")]
    V128Store {
        op: Form<Slot, Slot, u32>,
        #[cfg(feature = "memory64")]
        mem: Form<Slot, Slot, u16, u32>,
        memarg: wasmparser::MemArg,
    },
    /// A store of one lane.
    #[cfg(feature = "simd")]
    V128StoreLane {
        op: Form<Slot, Slot, u8, u32>,
        #[cfg(feature = "memory64")]
        mem: Form<Slot, Slot, u16, u8>,
        memarg: wasmparser::MemArg,
        lane: u8,
    },
}

/// An op variant whose fields are an `A`, a `B`, a `C` and a `D` (`()`
/// for none), in declaration order: its tag, from which [`Form::build`]
/// makes the op. (One builder for every variant of a shape, where a
/// closure per variant cost the firmware about 2.5 KB of flash.)
pub(crate) struct Form<A, B, C, D = ()>(u16, PhantomData<(A, B, C, D)>);

impl<A, B, C, D> Clone for Form<A, B, C, D> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<A, B, C, D> Copy for Form<A, B, C, D> {}

/// An op's layout as [`Form`] sees it: `Op` is `repr(u16)`, so each of its
/// variants is laid out as this `repr(C)` struct of the tag and the
/// variant's fields.
#[repr(C)]
struct FormFields<A, B, C, D> {
    tag: u16,
    a: A,
    b: B,
    c: C,
    d: D,
}

impl<A, B, C, D> Form<A, B, C, D> {
    /// The form of `op`'s variant.
    ///
    /// # Safety
    ///
    /// `op`'s variant has exactly the fields `A`, `B`, `C`, `D` (leaving
    /// out those that are `()`), in declaration order.
    pub(crate) const unsafe fn of(op: Op) -> Self {
        // SAFETY: `Op` is `repr(u16)`: its first two bytes are the tag.
        Self(unsafe { *(&op as *const Op).cast::<u16>() }, PhantomData)
    }

    /// The op of this form with fields `a`, `b`, `c`, `d`.
    #[inline]
    pub(crate) fn build4(self, a: A, b: B, c: C, d: D) -> Op {
        let mut op = MaybeUninit::<Op>::uninit();
        // SAFETY: by `Form::of`'s contract the tag names a variant whose
        // fields are `A`, `B`, `C`, `D` in order, laid out as `FormFields`
        // (see there; it fits in and is no more aligned than `Op`), so
        // writing them initializes a valid `Op`.
        unsafe {
            op.as_mut_ptr()
                .cast::<FormFields<A, B, C, D>>()
                .write(FormFields {
                    tag: self.0,
                    a,
                    b,
                    c,
                    d,
                });
            op.assume_init()
        }
    }
}

impl<A, B, C> Form<A, B, C> {
    /// The op of this form with fields `a`, `b`, `c`.
    #[inline]
    pub(crate) fn build(self, a: A, b: B, c: C) -> Op {
        self.build4(a, b, c, ())
    }
}

/// Which accumulator holds a value of some type: integers (and raw cells)
/// in the integer one, f64 in the float one, v128 in the float one as a
/// whole (with the `simd` feature). f32 values have none.
#[cfg(spindle_acc)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AccKind {
    Int,
    F64,
    /// Both hold it (`const64` leaves its bits in `acc` and `facc`).
    Both,
    /// A v128: its low half in the float accumulator, its high half in
    /// a third register (see "Accumulators" in `crate::exec`).
    V128,
}

/// A value type's accumulator, as [`crate::exec`] keeps it.
#[cfg(spindle_acc)]
pub(crate) trait AccType {
    const KIND: Option<AccKind>;
}

#[cfg(spindle_acc)]
macro_rules! acc_type {
    ($($t:ty => $k:expr),*) => {$( impl AccType for $t { const KIND: Option<AccKind> = $k; } )*};
}
#[cfg(spindle_acc)]
acc_type!(i32 => Some(AccKind::Int), u32 => Some(AccKind::Int), i64 => Some(AccKind::Int),
    u64 => Some(AccKind::Int), f64 => Some(AccKind::F64), f32 => None, u128 => Some(AccKind::V128));

#[cfg(spindle_acc)]
fn kind_of<V: AccType>(dst: Slot) -> Option<(Slot, AccKind)> {
    V::KIND.map(|k| (dst, k))
}

#[cfg(spindle_acc)]
fn is<V: AccType>(kind: AccKind) -> bool {
    V::KIND.is_some_and(|k| k == kind || (kind == AccKind::Both && k != AccKind::V128))
}

/// Prints one named operand of a hand-written op.
fn disasm_field(
    f: &mut dyn fmt::Write,
    sep: &str,
    name: &str,
    value: &dyn DisasmOperand,
    target: impl Fn(Offset) -> i64,
) -> fmt::Result {
    f.write_str(sep)?;
    value.fmt_operand(name, f, &target)
}

/// How an operand type prints in disassembly.
trait DisasmOperand {
    fn fmt_operand(
        &self,
        name: &str,
        f: &mut dyn fmt::Write,
        target: &dyn Fn(Offset) -> i64,
    ) -> fmt::Result;
}

impl DisasmOperand for u16 {
    fn fmt_operand(
        &self,
        name: &str,
        f: &mut dyn fmt::Write,
        _: &dyn Fn(Offset) -> i64,
    ) -> fmt::Result {
        // u16 operands are slots, except the table index of call_indirect
        // and the GC ops' cell index, field kind and count.
        if matches!(name, "table" | "cell" | "kind" | "n") {
            write!(f, "{name}={self}")
        } else {
            write!(f, "{name}=r{self}")
        }
    }
}

impl DisasmOperand for u32 {
    fn fmt_operand(
        &self,
        name: &str,
        f: &mut dyn fmt::Write,
        _: &dyn Fn(Offset) -> i64,
    ) -> fmt::Result {
        write!(f, "{name}={self}")
    }
}

impl DisasmOperand for i32 {
    fn fmt_operand(
        &self,
        name: &str,
        f: &mut dyn fmt::Write,
        target: &dyn Fn(Offset) -> i64,
    ) -> fmt::Result {
        if name == "offset" {
            write!(f, "-> @{}", target(*self))
        } else {
            write!(f, "{name}={self}")
        }
    }
}

impl DisasmOperand for TrapCode {
    fn fmt_operand(
        &self,
        _: &str,
        f: &mut dyn fmt::Write,
        _: &dyn Fn(Offset) -> i64,
    ) -> fmt::Result {
        write!(f, "{:?}", self)
    }
}

/// Formats a whole function body, one op per line: `index: mnemonic operands`.
pub fn disassemble(ops: &[Op], out: &mut dyn fmt::Write) -> fmt::Result {
    for (i, op) in ops.iter().enumerate() {
        write!(out, "{i:4}: {}", op.mnemonic())?;
        let mut operands = alloc::string::String::new();
        op.fmt_operands(i, &mut operands)?;
        if !operands.is_empty() {
            write!(out, " {operands}")?;
        }
        out.write_char('\n')?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each family's forms build the ops their variants' constructors do
    /// (`Form` writes the fields by layout).
    #[test]
    fn family_forms_build_their_variants() {
        use wasmparser::{MemArg, Operator as W};
        let memarg = MemArg {
            align: 0,
            max_align: 0,
            offset: 9,
            target: Default::default(),
            ordering: None,
        };
        let Some(Family::Binary { rr, ri, wide }) = family(&W::I64Sub) else {
            panic!()
        };
        assert!(wide);
        assert_eq!(
            rr.build(1, 2, 3),
            Op::I64Sub {
                dst: 1,
                lhs: 2,
                rhs: 3
            }
        );
        let imm = Op::I64SubImm {
            dst: 1,
            lhs: 2,
            rhs: -7,
        };
        assert_eq!(ri.unwrap().build(1, 2, -7), imm);
        let Some(Family::Binary { rr, ri, .. }) = family(&W::I32GeU) else {
            panic!()
        };
        assert_eq!(
            rr.build(4, 5, 6),
            Op::I32GeU {
                dst: 4,
                lhs: 5,
                rhs: 6
            }
        );
        let imm = Op::I32GeUImm {
            dst: 4,
            lhs: 5,
            rhs: i32::MIN,
        };
        assert_eq!(ri.unwrap().build(4, 5, i32::MIN), imm);
        let Some(Family::Binary { rr, ri: None, .. }) = family(&W::F64Lt) else {
            panic!()
        };
        assert_eq!(
            rr.build(1, 2, 3),
            Op::F64Lt {
                dst: 1,
                lhs: 2,
                rhs: 3
            }
        );
        let Some(Family::Unary(u)) = family(&W::I64Clz) else {
            panic!()
        };
        assert_eq!(u.build(7, 8, ()), Op::I64Clz { dst: 7, src: 8 });
        let Some(Family::Load {
            op,
            add,
            #[cfg(feature = "memory64")]
            mem,
            ..
        }) = family(&W::I64Load16U { memarg })
        else {
            panic!()
        };
        let load = Op::I64Load16U {
            dst: 1,
            addr: 2,
            offset: u32::MAX,
        };
        assert_eq!(op.build(1, 2, u32::MAX), load);
        let load = Op::I64Load16UAdd {
            dst: 1,
            addr: 2,
            offset: 5,
        };
        assert_eq!(add.build(1, 2, 5), load);
        #[cfg(feature = "memory64")]
        {
            let load = Op::I64Load16UMem {
                dst: 1,
                addr: 2,
                memory: 65535,
                offset: u32::MAX,
            };
            assert_eq!(mem.build4(1, 2, 65535, u32::MAX), load);
        }
        let Some(Family::Store {
            slot,
            add,
            imm,
            #[cfg(feature = "memory64")]
            mem,
            ..
        }) = family(&W::I32Store8 { memarg })
        else {
            panic!()
        };
        let store = Op::I32Store8 {
            addr: 1,
            value: 2,
            offset: 3,
        };
        assert_eq!(slot.build(1, 2, 3), store);
        let store = Op::I32Store8Add {
            addr: 1,
            value: 2,
            offset: 3,
        };
        assert_eq!(add.build(1, 2, 3), store);
        let store = Op::I32Store8Imm {
            addr: 1,
            value: -2,
            offset: 3,
        };
        assert_eq!(imm.unwrap().build(1, -2, 3), store);
        #[cfg(feature = "memory64")]
        {
            let store = Op::I32Store8Mem {
                addr: 1,
                value: 2,
                memory: 4,
                offset: 0x8000_0001,
            };
            assert_eq!(mem.build4(1, 2, 4, 0x8000_0001), store);
        }
    }

    /// The translator takes the first fused op in table order whose
    /// sequence matches, so an entry listed after one of its own prefixes
    /// would never be chosen.
    #[cfg(spindle_acc)]
    #[test]
    fn no_fused_op_is_listed_after_a_prefix_of_it() {
        let names = |seq: &[(&'static str, bool)]| {
            seq.iter().map(|&(n, _)| n).collect::<alloc::vec::Vec<_>>()
        };
        for (i, later) in Op::FUSED.iter().enumerate() {
            for earlier in &Op::FUSED[..i] {
                assert!(
                    !names(later).starts_with(&names(earlier)),
                    "{later:?} is listed after its prefix {earlier:?}"
                );
            }
        }
        assert!(Op::FUSED.iter().all(|seq| (2..=8).contains(&seq.len())));
    }

    /// `=> acc` marks an op whose result the next op of the same fused op
    /// reads from the accumulator: an accumulator form (named `..Acc..`)
    /// follows it, and it is not the last. (`Op::fuse` checks the reader
    /// again on the real ops; an entry that failed this would never match.)
    #[cfg(spindle_acc)]
    #[test]
    fn fused_ops_keep_only_results_the_next_op_reads_from_the_accumulator() {
        for seq in Op::FUSED {
            for (at, &(name, acc_only)) in seq.iter().enumerate() {
                if !acc_only {
                    continue;
                }
                let reader = seq.get(at + 1).map(|&(n, _)| n);
                assert!(
                    reader.is_some_and(|r| r.contains("Acc")),
                    "{seq:?}: {name} is marked `=> acc` but {reader:?} does not read the accumulator"
                );
            }
        }
    }

    /// Every variant's tag is its index in the flat list of variants
    /// (`table`), which puts the accumulator forms and fused ops after
    /// every other variant; and every variant prints.
    #[test]
    fn the_flat_list_is_the_enum_in_tag_order() {
        let mut acc_seen = false;
        for (index, &(op, acc_only)) in Op::EXAMPLES.iter().enumerate() {
            // SAFETY: `Op` is `repr(u16)`: its first two bytes are the tag.
            let tag = unsafe { *(&op as *const Op).cast::<u16>() };
            assert_eq!(usize::from(tag), index, "{}", op.variant_name());
            assert!(
                acc_only || !acc_seen,
                "{} follows an accumulator form",
                op.variant_name()
            );
            acc_seen |= acc_only;
        }
        assert_eq!(acc_seen, cfg!(spindle_acc));
        let mut s = alloc::string::String::new();
        disassemble(
            &Op::EXAMPLES
                .iter()
                .map(|&(op, _)| op)
                .collect::<alloc::vec::Vec<_>>(),
            &mut s,
        )
        .unwrap();
        assert_eq!(s.lines().count(), Op::EXAMPLES.len());
    }

    #[test]
    fn ops_are_twelve_bytes() {
        assert_eq!(core::mem::size_of::<Op>(), 12);
    }

    #[test]
    fn disassembly_names_operands() {
        let ops = [
            Op::I32AddImm {
                dst: 3,
                lhs: 0,
                rhs: -1,
            },
            Op::BrI32LtS {
                lhs: 3,
                rhs: 1,
                offset: -1,
            },
            Op::Call { func: 7, base: 4 },
            Op::Return {},
        ];
        let mut s = alloc::string::String::new();
        disassemble(&ops, &mut s).unwrap();
        assert_eq!(
            s,
            "   0: i32.add r3 = r0, -1\n   1: br_if i32.lt_s r3, r1 -> @0\n   2: call func=7, base=r4\n   3: return\n"
        );
    }
}
