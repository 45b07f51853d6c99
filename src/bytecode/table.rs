//! The instruction table, flattened: one entry per [`Op`](super::Op)
//! variant, in tag order.
//!
//! The table in [`super::ops`] (and [`super::fused`]) is written by
//! families, one line per wasm operator. [`for_each_variant!`] is the one
//! place that reads that grammar: it expands every family line into the
//! variants it generates and hands the flat list to a consumer. What an
//! operand form *means* (the `Imm` form reads `rhs as $t`, the `Acc` form
//! reads `ex.acc()`, the `SlotAcc` form reads its right operand there, a
//! load's `Add` form wraps the address sum, ...) is written here once, for
//! every consumer:
//!
//! * `bytecode` (`define_ops` in [`super`]): the [`Op`](super::Op) enum,
//!   `variant_name`, `mnemonic` and `fmt_operands`;
//! * `exec` (`define_exec`): one function per op in `exec::each`, and the
//!   portable loop's `step`;
//! * `exec::threaded` (`define_threaded`): `NAMES` and the handler table;
//! * `bytecode` (`define_relations` in [`super`]): the translator's
//!   relations between ops (`family`, `with_acc`, `fuse_compare_branch`,
//!   `invert_branch`, `acc_result`, `reads_acc`, `fuse`, ...), from each
//!   entry's `rel` facts.
//!
//! Each consumer is a single matcher over the flat list; none reads the
//! family grammar.
//!
//! # An entry
//!
//! ```text
//! #[cfg(all())]                           or #[cfg(spindle_acc)] for accumulator forms and fused ops
//!                                         (#[cfg(all(spindle_acc, feature = ..))] for those of a feature)
//! #[doc = ...]*                           the variant's docs
//! I32AddImm { dst: Slot, lhs: Slot, rhs: i32 } [kind]
//!     mnemonic "i32.add",                 what `spindle disasm` prints
//!     disasm |f, target, at| write!(f, "r{dst} = r{lhs}, {rhs}"),
//!     exec |ex| { arith!(ex, dst, i32, a = ex.get(lhs), b = rhs as i32, Ok(a.wrapping_add(b))) },
//!     rel {
//!         result dst: i32;
//!         with_acc lhs: i32 => I32AddAccImm { dst, rhs };
//!     };
//! ```
//!
//! * The fields, with their types, are the variant's, in layout order.
//! * `kind` tells the threaded path how to dispatch the op: empty for
//!   most, `twins` for an op whose fast path may decline with
//!   `Stop::Slow` (it gets a second handler, see `exec::threaded`),
//!   `fused` for a fused op.
//! * `mnemonic` is an expression over the fields (a fused op prints its
//!   first op's).
//! * `disasm` writes the operands to `f: &mut dyn fmt::Write`, given the
//!   fields, `target`, which turns a branch offset into an absolute op
//!   index, and `at`, the op's own index.
//! * `exec` runs the op on `ex: &mut exec::Hot`, with the fields bound, in
//!   `exec::each`: it reads its operands, writes its result, and advances or
//!   redirects `ex`'s instruction pointer; it may return early with a
//!   `Stop`. It names the executor's vocabulary (`ex.get`, `ex.acc`,
//!   `ex.set_result`, `ex.next`, and the helper macros `arith!`,
//!   `compare_branch!`, `run_fused!` in `exec`), resolved there.
//!
//! * `rel` states what the translator needs to know about the op's
//!   relation to other ops: the slot it writes, its branch offset, its
//!   accumulator forms, the wasm operator it lowers, a fused op's
//!   sequence. `define_relations` in [`super`] lists the facts.
//!
//! Entries come in tag order: every variant built in all configurations
//! first, then the general memory forms (`#[cfg(feature = "memory64")]`),
//! then the accumulator forms and fused ops (`#[cfg(spindle_acc)]`), so
//! that the base tags do not depend on either.
//!
//! # Adding an instruction or a family
//!
//! * **An instruction of an existing family** (say `i32.foo`): one line in
//!   that family in [`super::ops`], e.g. `I32Foo I32FooImm I32FooAcc
//!   I32FooAccImm I32FooSlotAcc "i32.foo" i32, |a, b| Ok(foo(a, b));`.
//!   Every form's variant, disassembly, execution, threaded handler and
//!   translation (`family()` maps `wasmparser::Operator::I32Foo` to its
//!   builders) follows.
//! * **A hand-written op**: one entry in `branch`, `other` or `acc`, with
//!   its fields, mnemonic and body (`twins` after the mnemonic if its fast
//!   path may decline); then make the translator emit it.
//! * **A fused op**: one entry in [`super::fused`], subject to its
//!   admission rule.
//! * **A family, or an operand form of one**: one edit here, in
//!   [`flatten!`]'s rule: the family's line grammar in the matcher, and one
//!   entry per form it generates, with its `rel` facts, in the base part
//!   or, for a form that reads the accumulator, in the accumulator part
//!   (the order of the parts is the tag order). The enum, the disassembly,
//!   the executor, the threaded handlers and the translator's relations
//!   need nothing more; then add the family's lines to [`super::ops`].
//!
//! `tests::the_flat_list_is_the_enum_in_tag_order` (in [`super`]) checks
//! that every variant's tag is its index in the flat list, and
//! `exec::threaded` checks its tables against the same list.
//! `tests::one_family_line_makes_every_form` (here) checks the first case
//! of the walkthrough: it flattens a table of one new `binary_imm` line
//! and finds all five forms, with their mnemonics, disassembly and
//! relations.

/// Calls `$m! { <entry>* }` with one entry per [`Op`](super::Op) variant,
/// in tag order (see the [module docs](self)).
macro_rules! for_each_variant {
    ($m:path) => {
        $crate::bytecode::for_each_op! { $crate::bytecode::table::flatten, $m }
    };
}

pub(crate) use for_each_variant;

/// The flattening of [`for_each_variant!`]: the only matcher of the family
/// grammar that expands family lines into variants.
macro_rules! flatten {
    (
        $m:path;
        binary_imm { $( $bi_name:ident $bi_imm:ident $bi_acc:ident $bi_acc_imm:ident $bi_slot_acc:ident $bi_mn:literal $bi_t:ident, |$bi_a:ident, $bi_b:ident| $bi_e:expr; )* }
        binary { $( $b_name:ident $b_acc:ident $b_slot_acc:ident $b_mn:literal $b_t:ident, |$b_a:ident, $b_b:ident| $b_e:expr; )* }
        compare_branch { $( $cb_name:ident $cb_imm:ident $cb_br:ident $cb_br_imm:ident $cb_not:ident $cb_not_imm:ident $cb_br_acc:ident $cb_br_acc_imm:ident $cb_mn:literal $cb_t:ident, |$cb_a:ident, $cb_b:ident| $cb_e:expr; )* }
        compare { $( $c_name:ident $c_mn:literal $c_t:ident, |$c_a:ident, $c_b:ident| $c_e:expr; )* }
        unary { $( $u_name:ident $u_acc:ident $u_mn:literal $u_t:ident => $u_r:ident, |$u_a:ident| $u_e:expr; )* }
        load { $( $l_name:ident $l_add:ident $l_acc:ident $l_mem:ident $l_mn:literal $l_m:ident => $l_t:ident; )* }
        store_imm { $( $si_name:ident $si_imm:ident $si_add:ident $si_acc:ident $si_mem:ident $si_mn:literal $si_t:ident => $si_m:ident; )* }
        store { $( $s_name:ident $s_add:ident $s_acc:ident $s_mem:ident $s_mn:literal $s_t:ident => $s_m:ident; )* }
        branch { $( $(#[doc = $br_doc:literal])* $br_name:ident { $($br_f:ident : $br_ft:ty),* } $br_mn:literal, |$br_ex:ident| $br_body:block; )* }
        other { $( $(#[doc = $o_doc:literal])* $o_name:ident { $($o_f:ident : $o_ft:ty),* } $o_mn:literal $($o_kind:ident)?, |$o_ex:ident| $o_body:block; )* }
        v128_binary { $( $vb_name:ident / $vb_acc:ident $vb_slot_acc:ident $vb_mn:literal $vb_f:ident; )* }
        v128_unary { $( $vu_name:ident / $vu_acc:ident $vu_mn:literal $vu_f:ident; )* }
        v128_ternary { $( $vt_name:ident $vt_mn:literal $vt_f:ident; )* }
        v128_test { $( $vq_name:ident $vq_mn:literal $vq_f:ident; )* }
        v128_shift { $( $vs_name:ident $vs_mn:literal $vs_f:ident; )* }
        v128_splat { $( $vp_name:ident $vp_mn:literal $vp_t:ident $vp_f:ident; )* }
        v128_extract { $( $vx_name:ident $vx_mn:literal $vx_t:ident $vx_f:ident; )* }
        v128_replace { $( $vr_name:ident $vr_mn:literal $vr_t:ident $vr_f:ident; )* }
        v128_load { $( $vl_name:ident $vl_add:ident $vl_mem:ident $vl_mn:literal $vl_m:ident, |$vl_x:ident| $vl_e:expr; )* }
        v128_load_lane { $( $vll_name:ident $vll_mem:ident $vll_mn:literal $vll_m:ident $vll_t:ident $vll_f:ident; )* }
        v128_store_lane { $( $vsl_name:ident $vsl_mem:ident $vsl_mn:literal $vsl_m:ident $vsl_t:ident $vsl_f:ident; )* }
        v128_store { $( $vst_name:ident $vst_mem:ident / $vst_acc:ident $vst_mn:literal; )* }
        gated { $( $g_feat:literal { $( $(#[doc = $g_doc:literal])* $g_name:ident { $($g_f:ident : $g_ft:ty),* } $g_mn:literal $($g_kind:ident)? $(=> jump $g_jump:ident)?, |$g_ex:ident| $g_body:block; )* } )* }
        acc { $( $(#[doc = $a_doc:literal])* $a_name:ident $(if $a_feat:literal)? { $($a_f:ident : $a_ft:ty),* } $a_mn:literal, |$a_ex:ident| $a_body:block; )* }
        fused { $( $(#[doc = $p_doc:literal])* $p_name:ident = $p_first:ident { $($p_f:ident : $p_ft:ty),* } $(=> $p_fa:ident)? $(then $p_next:ident { $($p_g:ident),* } $(=> $p_na:ident)?)+; )* }
    ) => {
        // (Each `Form::of` below names a variant with the form's fields in
        // declaration order, as the variant's line just above declares
        // them: the safety condition of `Form::of`.)
        $m! {
            // ---- Built in every configuration. ----
            $(
                #[cfg(all())]
                #[doc = concat!("`", $bi_mn, "`: `dst = lhs op rhs`")]
                $bi_name { dst: Slot, lhs: Slot, rhs: Slot } []
                    mnemonic $bi_mn,
                    disasm |f, target, at| write!(f, "r{dst} = r{lhs}, r{rhs}"),
                    exec |ex| { arith!(ex, dst, $bi_t, $bi_a = ex.get(lhs), $bi_b = ex.get(rhs), $bi_e) },
                    rel {
                        result dst: $bi_t;
                        with_acc lhs: $bi_t => $bi_acc { dst, rhs }, rhs: $bi_t => $bi_slot_acc { dst, lhs };
                        wasm wasmparser::Operator::$bi_name => Family::Binary {
                            rr: const { unsafe { Form::of(Op::$bi_name { dst: 0, lhs: 0, rhs: 0 }) } },
                            ri: Some(const { unsafe { Form::of(Op::$bi_imm { dst: 0, lhs: 0, rhs: 0 }) } }),
                            wide: <$bi_t>::BITS == 64,
                        };
                    };
                #[cfg(all())]
                #[doc = concat!("`", $bi_mn, "`: `dst = lhs op imm`")]
                $bi_imm { dst: Slot, lhs: Slot, rhs: i32 } []
                    mnemonic $bi_mn,
                    disasm |f, target, at| write!(f, "r{dst} = r{lhs}, {rhs}"),
                    exec |ex| { arith!(ex, dst, $bi_t, $bi_a = ex.get(lhs), $bi_b = rhs as $bi_t, $bi_e) },
                    rel {
                        result dst: $bi_t;
                        with_acc lhs: $bi_t => $bi_acc_imm { dst, rhs };
                    };
            )*
            $(
                #[cfg(all())]
                #[doc = concat!("`", $b_mn, "`: `dst = lhs op rhs`")]
                $b_name { dst: Slot, lhs: Slot, rhs: Slot } []
                    mnemonic $b_mn,
                    disasm |f, target, at| write!(f, "r{dst} = r{lhs}, r{rhs}"),
                    exec |ex| { arith!(ex, dst, $b_t, $b_a = ex.get(lhs), $b_b = ex.get(rhs), $b_e) },
                    rel {
                        result dst: $b_t;
                        with_acc lhs: $b_t => $b_acc { dst, rhs }, rhs: $b_t => $b_slot_acc { dst, lhs };
                        wasm wasmparser::Operator::$b_name => Family::Binary {
                            rr: const { unsafe { Form::of(Op::$b_name { dst: 0, lhs: 0, rhs: 0 }) } },
                            ri: None,
                            wide: false,
                        };
                    };
            )*
            $(
                #[cfg(all())]
                #[doc = concat!("`", $cb_mn, "`: `dst = lhs op rhs`")]
                $cb_name { dst: Slot, lhs: Slot, rhs: Slot } []
                    mnemonic $cb_mn,
                    disasm |f, target, at| write!(f, "r{dst} = r{lhs}, r{rhs}"),
                    exec |ex| { arith!(ex, dst, $cb_t, $cb_a = ex.get(lhs), $cb_b = ex.get(rhs), Ok(($cb_e) as i32)) },
                    rel {
                        result dst: i32;
                        branch $cb_br $cb_not;
                        wasm wasmparser::Operator::$cb_name => Family::Binary {
                            rr: const { unsafe { Form::of(Op::$cb_name { dst: 0, lhs: 0, rhs: 0 }) } },
                            ri: Some(const { unsafe { Form::of(Op::$cb_imm { dst: 0, lhs: 0, rhs: 0 }) } }),
                            wide: <$cb_t>::BITS == 64,
                        };
                    };
                #[cfg(all())]
                #[doc = concat!("`", $cb_mn, "`: `dst = lhs op imm`")]
                $cb_imm { dst: Slot, lhs: Slot, rhs: i32 } []
                    mnemonic $cb_mn,
                    disasm |f, target, at| write!(f, "r{dst} = r{lhs}, {rhs}"),
                    exec |ex| { arith!(ex, dst, $cb_t, $cb_a = ex.get(lhs), $cb_b = rhs as $cb_t, Ok(($cb_e) as i32)) },
                    rel {
                        result dst: i32;
                        branch $cb_br_imm $cb_not_imm;
                    };
                #[cfg(all())]
                #[doc = concat!("`", $cb_mn, "` fused with a branch: jump if `lhs op rhs`")]
                $cb_br { lhs: Slot, rhs: Slot, offset: Offset } []
                    mnemonic concat!("br_if ", $cb_mn),
                    disasm |f, target, at| write!(f, "r{lhs}, r{rhs} -> @{}", target(offset)),
                    exec |ex| { compare_branch!(ex, offset, $cb_t, $cb_a = ex.get(lhs), $cb_b = ex.get(rhs), $cb_e) },
                    rel {
                        jump offset;
                        with_acc lhs: $cb_t => $cb_br_acc { rhs, offset };
                        invert $cb_not;
                    };
                #[cfg(all())]
                #[doc = concat!("`", $cb_mn, "` fused with a branch: jump if `lhs op imm`")]
                $cb_br_imm { lhs: Slot, rhs: i32, offset: Offset } []
                    mnemonic concat!("br_if ", $cb_mn),
                    disasm |f, target, at| write!(f, "r{lhs}, {rhs} -> @{}", target(offset)),
                    exec |ex| { compare_branch!(ex, offset, $cb_t, $cb_a = ex.get(lhs), $cb_b = rhs as $cb_t, $cb_e) },
                    rel {
                        jump offset;
                        with_acc lhs: $cb_t => $cb_br_acc_imm { rhs, offset };
                        invert $cb_not_imm;
                    };
            )*
            $(
                #[cfg(all())]
                #[doc = concat!("`", $c_mn, "`: `dst = lhs op rhs`")]
                $c_name { dst: Slot, lhs: Slot, rhs: Slot } []
                    mnemonic $c_mn,
                    disasm |f, target, at| write!(f, "r{dst} = r{lhs}, r{rhs}"),
                    exec |ex| { arith!(ex, dst, $c_t, $c_a = ex.get(lhs), $c_b = ex.get(rhs), Ok(($c_e) as i32)) },
                    rel {
                        result dst: i32;
                        wasm wasmparser::Operator::$c_name => Family::Binary {
                            rr: const { unsafe { Form::of(Op::$c_name { dst: 0, lhs: 0, rhs: 0 }) } },
                            ri: None,
                            wide: false,
                        };
                    };
            )*
            $(
                #[cfg(all())]
                #[doc = concat!("`", $u_mn, "`: `dst = op src`")]
                $u_name { dst: Slot, src: Slot } []
                    mnemonic $u_mn,
                    disasm |f, target, at| write!(f, "r{dst} = r{src}"),
                    exec |ex| {
                        let $u_a: $u_t = ex.get(src);
                        let r: Result<$u_r, TrapCode> = $u_e;
                        ex.set_result(dst, r?);
                        ex.next();
                    },
                    rel {
                        result dst: $u_r;
                        with_acc src: $u_t => $u_acc { dst };
                        wasm wasmparser::Operator::$u_name => Family::Unary(const { unsafe { Form::of(Op::$u_name { dst: 0, src: 0 }) } });
                    };
            )*
            $(
                #[cfg(all())]
                #[doc = concat!("`", $l_mn, "`: `dst = mem[addr + offset]`")]
                $l_name { dst: Slot, addr: Slot, offset: u32 } []
                    mnemonic $l_mn,
                    disasm |f, target, at| write!(f, "r{dst} = [r{addr} + {offset}]"),
                    exec |ex| {
                        let v: $l_m = ex.load(addr, offset)?;
                        ex.set_result(dst, v as $l_t);
                        ex.next();
                    },
                    rel {
                        result dst: $l_t;
                        with_acc addr: u32 => $l_acc { dst, offset };
                        wasm wasmparser::Operator::$l_name { memarg } => Family::Load {
                            op: const { unsafe { Form::of(Op::$l_name { dst: 0, addr: 0, offset: 0 }) } },
                            add: const { unsafe { Form::of(Op::$l_add { dst: 0, addr: 0, offset: 0 }) } },
                            #[cfg(feature = "memory64")]
                            mem: const { unsafe { Form::of(Op::$l_mem { dst: 0, addr: 0, memory: 0, offset: 0 }) } },
                            memarg,
                        };
                    };
                #[cfg(all())]
                #[doc = concat!("`i32.add` then `", $l_mn, "` with offset 0: `dst = mem[(addr + offset) mod 2^32]`")]
                $l_add { dst: Slot, addr: Slot, offset: u32 } []
                    mnemonic $l_mn,
                    disasm |f, target, at| write!(f, "r{dst} = [wrap(r{addr} + {offset})]"),
                    exec |ex| {
                        let v: $l_m = ex.load_add(addr, offset)?;
                        ex.set_result(dst, v as $l_t);
                        ex.next();
                    },
                    rel {
                        result dst: $l_t;
                    };
            )*
            $(
                #[cfg(all())]
                #[doc = concat!("`", $si_mn, "`: `mem[addr + offset] = value`")]
                $si_name { addr: Slot, value: Slot, offset: u32 } []
                    mnemonic $si_mn,
                    disasm |f, target, at| write!(f, "[r{addr} + {offset}] = r{value}"),
                    exec |ex| {
                        let v: $si_t = ex.get(value);
                        ex.store(addr, offset, v as $si_m)?;
                        ex.next();
                    },
                    rel {
                        with_acc value: $si_t => $si_acc { addr, offset };
                        wasm wasmparser::Operator::$si_name { memarg } => Family::Store {
                            slot: const { unsafe { Form::of(Op::$si_name { addr: 0, value: 0, offset: 0 }) } },
                            add: const { unsafe { Form::of(Op::$si_add { addr: 0, value: 0, offset: 0 }) } },
                            imm: Some(const { unsafe { Form::of(Op::$si_imm { addr: 0, value: 0, offset: 0 }) } }),
                            #[cfg(feature = "memory64")]
                            mem: const { unsafe { Form::of(Op::$si_mem { addr: 0, value: 0, memory: 0, offset: 0 }) } },
                            wide: <$si_t>::BITS == 64,
                            memarg,
                        };
                    };
                #[cfg(all())]
                #[doc = concat!("`", $si_mn, "`: `mem[addr + offset] = imm`")]
                $si_imm { addr: Slot, value: i32, offset: u32 } []
                    mnemonic $si_mn,
                    disasm |f, target, at| write!(f, "[r{addr} + {offset}] = {value}"),
                    exec |ex| {
                        let v: $si_t = value as $si_t;
                        ex.store(addr, offset, v as $si_m)?;
                        ex.next();
                    },
                    rel {};
                #[cfg(all())]
                #[doc = concat!("`i32.add` then `", $si_mn, "` with offset 0: `mem[(addr + offset) mod 2^32] = value`")]
                $si_add { addr: Slot, value: Slot, offset: u32 } []
                    mnemonic $si_mn,
                    disasm |f, target, at| write!(f, "[wrap(r{addr} + {offset})] = r{value}"),
                    exec |ex| {
                        let v: $si_t = ex.get(value);
                        ex.store_add(addr, offset, v as $si_m)?;
                        ex.next();
                    },
                    rel {};
            )*
            $(
                #[cfg(all())]
                #[doc = concat!("`", $s_mn, "`: `mem[addr + offset] = value`")]
                $s_name { addr: Slot, value: Slot, offset: u32 } []
                    mnemonic $s_mn,
                    disasm |f, target, at| write!(f, "[r{addr} + {offset}] = r{value}"),
                    exec |ex| {
                        let v: $s_t = ex.get(value);
                        ex.store(addr, offset, v as $s_m)?;
                        ex.next();
                    },
                    rel {
                        with_acc value: $s_t => $s_acc { addr, offset };
                        wasm wasmparser::Operator::$s_name { memarg } => Family::Store {
                            slot: const { unsafe { Form::of(Op::$s_name { addr: 0, value: 0, offset: 0 }) } },
                            add: const { unsafe { Form::of(Op::$s_add { addr: 0, value: 0, offset: 0 }) } },
                            imm: None,
                            #[cfg(feature = "memory64")]
                            mem: const { unsafe { Form::of(Op::$s_mem { addr: 0, value: 0, memory: 0, offset: 0 }) } },
                            wide: false,
                            memarg,
                        };
                    };
                #[cfg(all())]
                #[doc = concat!("`i32.add` then `", $s_mn, "` with offset 0: `mem[(addr + offset) mod 2^32] = value`")]
                $s_add { addr: Slot, value: Slot, offset: u32 } []
                    mnemonic $s_mn,
                    disasm |f, target, at| write!(f, "[wrap(r{addr} + {offset})] = r{value}"),
                    exec |ex| {
                        let v: $s_t = ex.get(value);
                        ex.store_add(addr, offset, v as $s_m)?;
                        ex.next();
                    },
                    rel {};
            )*
            $(
                #[cfg(all())]
                $(#[doc = $br_doc])*
                $br_name { $($br_f: $br_ft),* } []
                    mnemonic $br_mn,
                    disasm |f, target, at| {
                        let mut _sep = "";
                        $(
                            disasm_field(f, _sep, stringify!($br_f), &$br_f, target)?;
                            _sep = ", ";
                        )*
                        Ok(())
                    },
                    exec |ex| {
                        let $br_ex = &mut *ex;
                        let r: Result<(), Stop> = $br_body;
                        r?;
                    },
                    rel {
                        jump offset;
                    };
            )*
            $(
                #[cfg(all())]
                $(#[doc = $o_doc])*
                $o_name { $($o_f: $o_ft),* } [$($o_kind)?]
                    mnemonic $o_mn,
                    disasm |f, target, at| {
                        let mut _sep = "";
                        $(
                            disasm_field(f, _sep, stringify!($o_f), &$o_f, target)?;
                            _sep = ", ";
                        )*
                        Ok(())
                    },
                    exec |ex| {
                        let $o_ex = &mut *ex;
                        let r: Result<(), Stop> = $o_body;
                        r?;
                    },
                    rel {};
            )*
            // ---- The general memory forms (cargo feature `memory64`),
            // after every form built in all configurations. ----
            $(
                #[cfg(feature = "memory64")]
                #[doc = concat!("`", $l_mn, "` from any memory, with an i32 or i64 address: `dst = memory[addr + offset]`")]
                $l_mem { dst: Slot, addr: Slot, memory: u16, offset: u32 } [twins]
                    mnemonic $l_mn,
                    disasm |f, target, at| write!(f, "r{dst} = m{memory}[r{addr} + {offset}]"),
                    exec |ex| {
                        let v: $l_m = ex.load_mem(addr, memory, offset)?;
                        ex.set_result(dst, v as $l_t);
                        ex.next();
                    },
                    rel {
                        result dst: $l_t;
                    };
            )*
            $(
                #[cfg(feature = "memory64")]
                #[doc = concat!("`", $si_mn, "` to any memory, with an i32 or i64 address: `memory[addr + offset] = value`")]
                $si_mem { addr: Slot, value: Slot, memory: u16, offset: u32 } [twins]
                    mnemonic $si_mn,
                    disasm |f, target, at| write!(f, "m{memory}[r{addr} + {offset}] = r{value}"),
                    exec |ex| {
                        let v: $si_t = ex.get(value);
                        ex.store_mem(addr, memory, offset, v as $si_m)?;
                        ex.next();
                    },
                    rel {};
            )*
            $(
                #[cfg(feature = "memory64")]
                #[doc = concat!("`", $s_mn, "` to any memory, with an i32 or i64 address: `memory[addr + offset] = value`")]
                $s_mem { addr: Slot, value: Slot, memory: u16, offset: u32 } [twins]
                    mnemonic $s_mn,
                    disasm |f, target, at| write!(f, "m{memory}[r{addr} + {offset}] = r{value}"),
                    exec |ex| {
                        let v: $s_t = ex.get(value);
                        ex.store_mem(addr, memory, offset, v as $s_m)?;
                        ex.next();
                    },
                    rel {};
            )*
            // ---- SIMD (cargo feature `simd`), after the general memory
            // forms. A v128 operand takes two slots, its low half
            // first (`ex.get_v128`, `ex.set_v128`; see `translate`, "v128
            // values"). Each family line names its function in
            // `num::simd`. ----
            $(
                #[cfg(feature = "simd")]
                #[doc = concat!("`", $vb_mn, "`: `dst = lhs op rhs`")]
                $vb_name { dst: Slot, lhs: Slot, rhs: Slot } []
                    mnemonic $vb_mn,
                    disasm |f, target, at| write!(f, "r{dst} = r{lhs}, r{rhs}"),
                    exec |ex| {
                        let (a, b) = (ex.get_v128(lhs), ex.get_v128(rhs));
                        ex.set_v128(dst, crate::num::simd::$vb_f(a, b));
                        ex.next();
                    },
                    rel {
                        vresult dst;
                        with_acc lhs: u128 => $vb_acc { dst, rhs }, rhs: u128 => $vb_slot_acc { dst, lhs };
                        wasm wasmparser::Operator::$vb_name => Family::V128Binary(const { unsafe { Form::of(Op::$vb_name { dst: 0, lhs: 0, rhs: 0 }) } });
                    };
            )*
            $(
                #[cfg(feature = "simd")]
                #[doc = concat!("`", $vu_mn, "`: `dst = op src`")]
                $vu_name { dst: Slot, src: Slot } []
                    mnemonic $vu_mn,
                    disasm |f, target, at| write!(f, "r{dst} = r{src}"),
                    exec |ex| {
                        let a = ex.get_v128(src);
                        ex.set_v128(dst, crate::num::simd::$vu_f(a));
                        ex.next();
                    },
                    rel {
                        vresult dst;
                        with_acc src: u128 => $vu_acc { dst };
                        wasm wasmparser::Operator::$vu_name => Family::V128Unary(const { unsafe { Form::of(Op::$vu_name { dst: 0, src: 0 }) } });
                    };
            )*
            $(
                #[cfg(feature = "simd")]
                #[doc = concat!("`", $vt_mn, "`: `dst = op(a, b, c)`")]
                $vt_name { dst: Slot, a: Slot, b: Slot, c: Slot } []
                    mnemonic $vt_mn,
                    disasm |f, target, at| write!(f, "r{dst} = r{a}, r{b}, r{c}"),
                    exec |ex| {
                        let (x, y, z) = (ex.get_v128(a), ex.get_v128(b), ex.get_v128(c));
                        ex.set_v128(dst, crate::num::simd::$vt_f(x, y, z));
                        ex.next();
                    },
                    rel {
                        vresult dst;
                        wasm wasmparser::Operator::$vt_name => Family::V128Ternary(const { unsafe { Form::of(Op::$vt_name { dst: 0, a: 0, b: 0, c: 0 }) } });
                    };
            )*
            $(
                #[cfg(feature = "simd")]
                #[doc = concat!("`", $vq_mn, "`: an i32 from a v128")]
                $vq_name { dst: Slot, src: Slot } []
                    mnemonic $vq_mn,
                    disasm |f, target, at| write!(f, "r{dst} = r{src}"),
                    exec |ex| {
                        let a = ex.get_v128(src);
                        ex.set_result(dst, crate::num::simd::$vq_f(a));
                        ex.next();
                    },
                    rel {
                        result dst: i32;
                        wasm wasmparser::Operator::$vq_name => Family::V128Test(const { unsafe { Form::of(Op::$vq_name { dst: 0, src: 0 }) } });
                    };
            )*
            $(
                #[cfg(feature = "simd")]
                #[doc = concat!("`", $vs_mn, "`: `dst = lhs shifted by the i32 rhs`")]
                $vs_name { dst: Slot, lhs: Slot, rhs: Slot } []
                    mnemonic $vs_mn,
                    disasm |f, target, at| write!(f, "r{dst} = r{lhs}, r{rhs}"),
                    exec |ex| {
                        let (a, n) = (ex.get_v128(lhs), ex.get::<u32>(rhs));
                        ex.set_v128(dst, crate::num::simd::$vs_f(a, n));
                        ex.next();
                    },
                    rel {
                        vresult dst;
                        wasm wasmparser::Operator::$vs_name => Family::V128Shift(const { unsafe { Form::of(Op::$vs_name { dst: 0, lhs: 0, rhs: 0 }) } });
                    };
            )*
            $(
                #[cfg(feature = "simd")]
                #[doc = concat!("`", $vp_mn, "`: every lane the scalar `src`")]
                $vp_name { dst: Slot, src: Slot } []
                    mnemonic $vp_mn,
                    disasm |f, target, at| write!(f, "r{dst} = r{src}"),
                    exec |ex| {
                        let x: $vp_t = ex.get(src);
                        ex.set_v128(dst, crate::num::simd::$vp_f(x));
                        ex.next();
                    },
                    rel {
                        vresult dst;
                        wasm wasmparser::Operator::$vp_name => Family::V128Splat(const { unsafe { Form::of(Op::$vp_name { dst: 0, src: 0 }) } });
                    };
            )*
            $(
                #[cfg(feature = "simd")]
                #[doc = concat!("`", $vx_mn, "`: `dst = src[lane]`")]
                $vx_name { dst: Slot, src: Slot, lane: u8 } []
                    mnemonic $vx_mn,
                    disasm |f, target, at| write!(f, "r{dst} = r{src}[{lane}]"),
                    exec |ex| {
                        let a = ex.get_v128(src);
                        let v: $vx_t = crate::num::simd::$vx_f(a, lane);
                        ex.set_result(dst, v);
                        ex.next();
                    },
                    rel {
                        result dst: $vx_t;
                        wasm wasmparser::Operator::$vx_name { lane } => Family::V128Extract(const { unsafe { Form::of(Op::$vx_name { dst: 0, src: 0, lane: 0 }) } }, lane);
                    };
            )*
            $(
                #[cfg(feature = "simd")]
                #[doc = concat!("`", $vr_mn, "`: `dst = src` with `src[lane] = x`")]
                $vr_name { dst: Slot, src: Slot, x: Slot, lane: u8 } []
                    mnemonic $vr_mn,
                    disasm |f, target, at| write!(f, "r{dst} = r{src}[{lane}] <- r{x}"),
                    exec |ex| {
                        let (a, v) = (ex.get_v128(src), ex.get::<$vr_t>(x));
                        ex.set_v128(dst, crate::num::simd::$vr_f(a, lane, v));
                        ex.next();
                    },
                    rel {
                        vresult dst;
                        wasm wasmparser::Operator::$vr_name { lane } => Family::V128Replace(const { unsafe { Form::of(Op::$vr_name { dst: 0, src: 0, x: 0, lane: 0 }) } }, lane);
                    };
            )*
            $(
                #[cfg(feature = "simd")]
                #[doc = concat!("`", $vl_mn, "`: `dst = mem[addr + offset]`")]
                $vl_name { dst: Slot, addr: Slot, offset: u32 } []
                    mnemonic $vl_mn,
                    disasm |f, target, at| write!(f, "r{dst} = [r{addr} + {offset}]"),
                    exec |ex| {
                        let $vl_x: $vl_m = ex.load(addr, offset)?;
                        ex.set_v128(dst, $vl_e);
                        ex.next();
                    },
                    rel {
                        vresult dst;
                        wasm wasmparser::Operator::$vl_name { memarg } => Family::V128Load {
                            op: const { unsafe { Form::of(Op::$vl_name { dst: 0, addr: 0, offset: 0 }) } },
                            add: const { unsafe { Form::of(Op::$vl_add { dst: 0, addr: 0, offset: 0 }) } },
                            #[cfg(feature = "memory64")]
                            mem: const { unsafe { Form::of(Op::$vl_mem { dst: 0, addr: 0, memory: 0, offset: 0 }) } },
                            memarg,
                        };
                    };
                #[cfg(feature = "simd")]
                #[doc = concat!("`i32.add` then `", $vl_mn, "` with offset 0: `dst = mem[(addr + offset) mod 2^32]`")]
                $vl_add { dst: Slot, addr: Slot, offset: u32 } []
                    mnemonic $vl_mn,
                    disasm |f, target, at| write!(f, "r{dst} = [wrap(r{addr} + {offset})]"),
                    exec |ex| {
                        let $vl_x: $vl_m = ex.load_add(addr, offset)?;
                        ex.set_v128(dst, $vl_e);
                        ex.next();
                    },
                    rel {
                        vresult dst;
                    };
            )*
            $(
                #[cfg(feature = "simd")]
                #[doc = concat!("`", $vll_mn, "`: `dst[lane] = mem[addr + offset]`, the other lanes kept")]
                $vll_name { dst: Slot, addr: Slot, lane: u8, offset: u32 } []
                    mnemonic $vll_mn,
                    disasm |f, target, at| write!(f, "r{dst}[{lane}] = [r{addr} + {offset}]"),
                    exec |ex| {
                        let x: $vll_m = ex.load(addr, offset)?;
                        let v = ex.get_v128(dst);
                        ex.set_v128(dst, crate::num::simd::$vll_f(v, lane, x as $vll_t));
                        ex.next();
                    },
                    rel {
                        wasm wasmparser::Operator::$vll_name { memarg, lane } => Family::V128LoadLane {
                            op: const { unsafe { Form::of(Op::$vll_name { dst: 0, addr: 0, lane: 0, offset: 0 }) } },
                            #[cfg(feature = "memory64")]
                            mem: const { unsafe { Form::of(Op::$vll_mem { dst: 0, addr: 0, memory: 0, lane: 0 }) } },
                            memarg,
                            lane,
                        };
                    };
            )*
            $(
                #[cfg(feature = "simd")]
                #[doc = concat!("`", $vsl_mn, "`: `mem[addr + offset] = value[lane]`")]
                $vsl_name { addr: Slot, value: Slot, lane: u8, offset: u32 } []
                    mnemonic $vsl_mn,
                    disasm |f, target, at| write!(f, "[r{addr} + {offset}] = r{value}[{lane}]"),
                    exec |ex| {
                        let v = ex.get_v128(value);
                        let x: $vsl_t = crate::num::simd::$vsl_f(v, lane);
                        ex.store(addr, offset, x as $vsl_m)?;
                        ex.next();
                    },
                    rel {
                        wasm wasmparser::Operator::$vsl_name { memarg, lane } => Family::V128StoreLane {
                            op: const { unsafe { Form::of(Op::$vsl_name { addr: 0, value: 0, lane: 0, offset: 0 }) } },
                            #[cfg(feature = "memory64")]
                            mem: const { unsafe { Form::of(Op::$vsl_mem { addr: 0, value: 0, memory: 0, lane: 0 }) } },
                            memarg,
                            lane,
                        };
                    };
            )*
            $(
                #[cfg(feature = "simd")]
                #[doc = concat!("`", $vst_mn, "`: `mem[addr + offset] = value`")]
                $vst_name { addr: Slot, value: Slot, offset: u32 } []
                    mnemonic $vst_mn,
                    disasm |f, target, at| write!(f, "[r{addr} + {offset}] = r{value}"),
                    exec |ex| {
                        let v = ex.get_v128(value);
                        ex.store(addr, offset, v)?;
                        ex.next();
                    },
                    rel {
                        with_acc value: u128 => $vst_acc { addr, offset };
                        wasm wasmparser::Operator::$vst_name { memarg } => Family::V128Store {
                            op: const { unsafe { Form::of(Op::$vst_name { addr: 0, value: 0, offset: 0 }) } },
                            #[cfg(feature = "memory64")]
                            mem: const { unsafe { Form::of(Op::$vst_mem { addr: 0, value: 0, memory: 0, offset: 0 }) } },
                            memarg,
                        };
                    };
            )*
            // Hand-written ops behind a cargo feature (`gated`): each
            // group's feature gates its ops.
            $( $(
                #[cfg(feature = $g_feat)]
                $(#[doc = $g_doc])*
                $g_name { $($g_f: $g_ft),* } [$($g_kind)?]
                    mnemonic $g_mn,
                    disasm |f, target, at| {
                        let mut _sep = "";
                        $(
                            disasm_field(f, _sep, stringify!($g_f), &$g_f, target)?;
                            _sep = ", ";
                        )*
                        Ok(())
                    },
                    exec |ex| {
                        let $g_ex = &mut *ex;
                        let r: Result<(), Stop> = $g_body;
                        r?;
                    },
                    rel { $(jump $g_jump;)? };
            )* )*
            // ---- SIMD's general memory forms (features `simd` and
            // `memory64`): any memory, an i32 or i64 address. The lane
            // forms carry no offset: the translator adds it to the
            // address first (`addr.add`), which traps on overflow as the
            // access would. ----
            $(
                #[cfg(all(feature = "simd", feature = "memory64"))]
                #[doc = concat!("`", $vl_mn, "` from any memory: `dst = memory[addr + offset]`")]
                $vl_mem { dst: Slot, addr: Slot, memory: u16, offset: u32 } [twins]
                    mnemonic $vl_mn,
                    disasm |f, target, at| write!(f, "r{dst} = m{memory}[r{addr} + {offset}]"),
                    exec |ex| {
                        let $vl_x: $vl_m = ex.load_mem(addr, memory, offset)?;
                        ex.set_v128(dst, $vl_e);
                        ex.next();
                    },
                    rel {
                        vresult dst;
                    };
            )*
            $(
                #[cfg(all(feature = "simd", feature = "memory64"))]
                #[doc = concat!("`", $vst_mn, "` to any memory: `memory[addr + offset] = value`")]
                $vst_mem { addr: Slot, value: Slot, memory: u16, offset: u32 } [twins]
                    mnemonic $vst_mn,
                    disasm |f, target, at| write!(f, "m{memory}[r{addr} + {offset}] = r{value}"),
                    exec |ex| {
                        let v = ex.get_v128(value);
                        ex.store_mem(addr, memory, offset, v)?;
                        ex.next();
                    },
                    rel {};
            )*
            $(
                #[cfg(all(feature = "simd", feature = "memory64"))]
                #[doc = concat!("`", $vll_mn, "` from any memory: `dst[lane] = memory[addr]`")]
                $vll_mem { dst: Slot, addr: Slot, memory: u16, lane: u8 } [twins]
                    mnemonic $vll_mn,
                    disasm |f, target, at| write!(f, "r{dst}[{lane}] = m{memory}[r{addr}]"),
                    exec |ex| {
                        let x: $vll_m = ex.load_mem(addr, memory, 0)?;
                        let v = ex.get_v128(dst);
                        ex.set_v128(dst, crate::num::simd::$vll_f(v, lane, x as $vll_t));
                        ex.next();
                    },
                    rel {};
            )*
            $(
                #[cfg(all(feature = "simd", feature = "memory64"))]
                #[doc = concat!("`", $vsl_mn, "` to any memory: `memory[addr] = value[lane]`")]
                $vsl_mem { addr: Slot, value: Slot, memory: u16, lane: u8 } [twins]
                    mnemonic $vsl_mn,
                    disasm |f, target, at| write!(f, "m{memory}[r{addr}] = r{value}[{lane}]"),
                    exec |ex| {
                        let v = ex.get_v128(value);
                        let x: $vsl_t = crate::num::simd::$vsl_f(v, lane);
                        ex.store_mem(addr, memory, 0, x as $vsl_m)?;
                        ex.next();
                    },
                    rel {};
            )*
            // ---- The accumulator forms and fused ops, last, so that the
            // tags above do not depend on whether they are built. ----
            $(
                #[cfg(all(spindle_acc, feature = "simd"))]
                #[doc = concat!("`", $vu_mn, "`: `dst = op acc`")]
                $vu_acc { dst: Slot } []
                    mnemonic $vu_mn,
                    disasm |f, target, at| write!(f, "r{dst} = acc"),
                    exec |ex| {
                        let a = ex.v128_acc();
                        ex.set_v128(dst, crate::num::simd::$vu_f(a));
                        ex.next();
                    },
                    rel {
                        vresult dst;
                        reads acc;
                    };
            )*
            $(
                #[cfg(all(spindle_acc, feature = "simd"))]
                #[doc = concat!("`", $vst_mn, "`: `mem[addr + offset] = acc`")]
                $vst_acc { addr: Slot, offset: u32 } []
                    mnemonic $vst_mn,
                    disasm |f, target, at| write!(f, "[r{addr} + {offset}] = acc"),
                    exec |ex| {
                        let v = ex.v128_acc();
                        ex.store(addr, offset, v)?;
                        ex.next();
                    },
                    rel {
                        reads acc;
                    };
            )*
            $(
                #[cfg(all(spindle_acc, feature = "simd"))]
                #[doc = concat!("`", $vb_mn, "`: `dst = acc op rhs`")]
                $vb_acc { dst: Slot, rhs: Slot } []
                    mnemonic $vb_mn,
                    disasm |f, target, at| write!(f, "r{dst} = acc, r{rhs}"),
                    exec |ex| {
                        let (a, b) = (ex.v128_acc(), ex.get_v128(rhs));
                        ex.set_v128(dst, crate::num::simd::$vb_f(a, b));
                        ex.next();
                    },
                    rel {
                        vresult dst;
                        reads acc;
                    };
                #[cfg(all(spindle_acc, feature = "simd"))]
                #[doc = concat!("`", $vb_mn, "`: `dst = lhs op acc`")]
                $vb_slot_acc { dst: Slot, lhs: Slot } []
                    mnemonic $vb_mn,
                    disasm |f, target, at| write!(f, "r{dst} = r{lhs}, acc"),
                    exec |ex| {
                        let (a, b) = (ex.get_v128(lhs), ex.v128_acc());
                        ex.set_v128(dst, crate::num::simd::$vb_f(a, b));
                        ex.next();
                    },
                    rel {
                        vresult dst;
                        reads acc;
                    };
            )*
            $(
                #[cfg(spindle_acc)]
                #[doc = concat!("`", $bi_mn, "`: `dst = acc op rhs`")]
                $bi_acc { dst: Slot, rhs: Slot } []
                    mnemonic $bi_mn,
                    disasm |f, target, at| write!(f, "r{dst} = acc, r{rhs}"),
                    exec |ex| { arith!(ex, dst, $bi_t, $bi_a = ex.acc(), $bi_b = ex.get(rhs), $bi_e) },
                    rel {
                        result dst: $bi_t;
                        reads acc;
                    };
                #[cfg(spindle_acc)]
                #[doc = concat!("`", $bi_mn, "`: `dst = acc op imm`")]
                $bi_acc_imm { dst: Slot, rhs: i32 } []
                    mnemonic $bi_mn,
                    disasm |f, target, at| write!(f, "r{dst} = acc, {rhs}"),
                    exec |ex| { arith!(ex, dst, $bi_t, $bi_a = ex.acc(), $bi_b = rhs as $bi_t, $bi_e) },
                    rel {
                        result dst: $bi_t;
                        reads acc;
                    };
                #[cfg(spindle_acc)]
                #[doc = concat!("`", $bi_mn, "`: `dst = lhs op acc`")]
                $bi_slot_acc { dst: Slot, lhs: Slot } []
                    mnemonic $bi_mn,
                    disasm |f, target, at| write!(f, "r{dst} = r{lhs}, acc"),
                    exec |ex| { arith!(ex, dst, $bi_t, $bi_a = ex.get(lhs), $bi_b = ex.acc(), $bi_e) },
                    rel {
                        result dst: $bi_t;
                        reads acc;
                    };
            )*
            $(
                #[cfg(spindle_acc)]
                #[doc = concat!("`", $b_mn, "`: `dst = acc op rhs`")]
                $b_acc { dst: Slot, rhs: Slot } []
                    mnemonic $b_mn,
                    disasm |f, target, at| write!(f, "r{dst} = acc, r{rhs}"),
                    exec |ex| { arith!(ex, dst, $b_t, $b_a = ex.acc(), $b_b = ex.get(rhs), $b_e) },
                    rel {
                        result dst: $b_t;
                        reads acc;
                    };
                #[cfg(spindle_acc)]
                #[doc = concat!("`", $b_mn, "`: `dst = lhs op acc`")]
                $b_slot_acc { dst: Slot, lhs: Slot } []
                    mnemonic $b_mn,
                    disasm |f, target, at| write!(f, "r{dst} = r{lhs}, acc"),
                    exec |ex| { arith!(ex, dst, $b_t, $b_a = ex.get(lhs), $b_b = ex.acc(), $b_e) },
                    rel {
                        result dst: $b_t;
                        reads acc;
                    };
            )*
            $(
                #[cfg(spindle_acc)]
                #[doc = concat!("`", $cb_mn, "` fused with a branch: jump if `acc op rhs`")]
                $cb_br_acc { rhs: Slot, offset: Offset } []
                    mnemonic concat!("br_if ", $cb_mn),
                    disasm |f, target, at| write!(f, "acc, r{rhs} -> @{}", target(offset)),
                    exec |ex| { compare_branch!(ex, offset, $cb_t, $cb_a = ex.acc(), $cb_b = ex.get(rhs), $cb_e) },
                    rel {
                        jump offset;
                        reads acc;
                    };
                #[cfg(spindle_acc)]
                #[doc = concat!("`", $cb_mn, "` fused with a branch: jump if `acc op imm`")]
                $cb_br_acc_imm { rhs: i32, offset: Offset } []
                    mnemonic concat!("br_if ", $cb_mn),
                    disasm |f, target, at| write!(f, "acc, {rhs} -> @{}", target(offset)),
                    exec |ex| { compare_branch!(ex, offset, $cb_t, $cb_a = ex.acc(), $cb_b = rhs as $cb_t, $cb_e) },
                    rel {
                        jump offset;
                        reads acc;
                    };
            )*
            $(
                #[cfg(spindle_acc)]
                #[doc = concat!("`", $u_mn, "`: `dst = op acc`")]
                $u_acc { dst: Slot } []
                    mnemonic $u_mn,
                    disasm |f, target, at| write!(f, "r{dst} = acc"),
                    exec |ex| {
                        let $u_a: $u_t = ex.acc();
                        let r: Result<$u_r, TrapCode> = $u_e;
                        ex.set_result(dst, r?);
                        ex.next();
                    },
                    rel {
                        result dst: $u_r;
                        reads acc;
                    };
            )*
            $(
                #[cfg(spindle_acc)]
                #[doc = concat!("`", $l_mn, "`: `dst = mem[acc + offset]`")]
                $l_acc { dst: Slot, offset: u32 } []
                    mnemonic $l_mn,
                    disasm |f, target, at| write!(f, "r{dst} = [acc + {offset}]"),
                    exec |ex| {
                        let v: $l_m = ex.load_acc(offset)?;
                        ex.set_result(dst, v as $l_t);
                        ex.next();
                    },
                    rel {
                        result dst: $l_t;
                        reads acc;
                    };
            )*
            $(
                #[cfg(spindle_acc)]
                #[doc = concat!("`", $si_mn, "`: `mem[addr + offset] = acc`")]
                $si_acc { addr: Slot, offset: u32 } []
                    mnemonic $si_mn,
                    disasm |f, target, at| write!(f, "[r{addr} + {offset}] = acc"),
                    exec |ex| {
                        let v: $si_t = ex.acc();
                        ex.store(addr, offset, v as $si_m)?;
                        ex.next();
                    },
                    rel {
                        reads acc;
                    };
            )*
            $(
                #[cfg(spindle_acc)]
                #[doc = concat!("`", $s_mn, "`: `mem[addr + offset] = acc`")]
                $s_acc { addr: Slot, offset: u32 } []
                    mnemonic $s_mn,
                    disasm |f, target, at| write!(f, "[r{addr} + {offset}] = acc"),
                    exec |ex| {
                        let v: $s_t = ex.acc();
                        ex.store(addr, offset, v as $s_m)?;
                        ex.next();
                    },
                    rel {
                        reads acc;
                    };
            )*
            $(
                #[cfg(all(spindle_acc $(, feature = $a_feat)?))]
                $(#[doc = $a_doc])*
                $a_name { $($a_f: $a_ft),* } []
                    mnemonic $a_mn,
                    disasm |f, target, at| {
                        f.write_str("acc")?;
                        $( disasm_field(f, ", ", stringify!($a_f), &$a_f, target)?; )*
                        Ok(())
                    },
                    exec |ex| {
                        let $a_ex = &mut *ex;
                        let r: Result<(), Stop> = $a_body;
                        r?;
                    },
                    rel {
                        reads acc;
                    };
            )*
            $(
                #[cfg(spindle_acc)]
                $(#[doc = $p_doc])*
                #[doc = concat!("\n\n`", stringify!($p_first), "`", $(", then `", stringify!($p_next), "`"),+, ", each while the one before falls through.")]
                $p_name { $($p_f: $p_ft),* } [fused]
                    mnemonic Op::$p_first { $($p_f),* }.mnemonic(),
                    disasm |f, target, at| {
                        Op::$p_first { $($p_f),* }.fmt_operands(at, f)?;
                        match (Op::$p_name { $($p_f),* }).fused_len() {
                            2 => f.write_str("; and the next"),
                            n => write!(f, "; and the next {}", n - 1),
                        }
                    },
                    exec |ex| {
                        run_fused!(
                            ex,
                            $p_first { $($p_f),* } => $crate::bytecode::acc_only!($($p_fa)?)
                            $(, $p_next { $($p_g),* } => $crate::bytecode::acc_only!($($p_na)?))+
                        )
                    },
                    rel {
                        fuse $p_first { $($p_f),* } $([$p_fa])? $(then $p_next $([$p_na])?)+;
                    };
            )*
        }
    };
}

pub(crate) use flatten;

#[cfg(test)]
mod tests {
    use super::super::Slot;
    use alloc::string::String;
    use alloc::vec::Vec;
    use core::fmt::Write;

    /// A consumer that keeps what each entry says: name, whether it is
    /// built only with the accumulator forms, mnemonic and disassembly
    /// (fields 1, 2, 3; offsets relative to op 10). The bodies are dropped.
    macro_rules! collect {
        ($(
            #[cfg $cfg:tt]
            $(#[doc = $doc:expr])*
            $name:ident { $($field:ident : $type:ty),* } [$($kind:ident)?]
                mnemonic $mnemonic:expr,
                disasm |$f:ident, $target:ident, $at:ident| $disasm:expr,
                exec |$ex:ident| $exec:block,
                rel $rel:tt;
        )*) => {
            fn entries() -> Vec<(&'static str, bool, String, String, &'static str)> {
            let mut out: Vec<(&'static str, bool, String, String, &'static str)> = Vec::new();
            $(
                #[allow(unused_variables, unused_assignments)]
                {
                    let mut n = 0;
                    $( n += 1; let $field = n as $type; )*
                    let $at = 10usize;
                    let $target = |off: i32| $at as i64 + off as i64;
                    let mut text = String::new();
                    let $f: &mut dyn Write = &mut text;
                    $disasm.unwrap();
                    let acc_only = stringify!($cfg) != "(all())";
                    out.push((stringify!($name), acc_only, String::from($mnemonic), text, stringify!($rel)));
                }
            )*
            out
            }
        };
    }

    super::flatten! {
        collect;
        binary_imm {
            I32Foo I32FooImm I32FooAcc I32FooAccImm I32FooSlotAcc "i32.foo" i32, |a, b| Ok(a ^ b);
        }
        binary {}
        compare_branch {}
        compare {}
        unary {}
        load {}
        store_imm {}
        store {}
        branch {}
        other {}
        v128_binary {}
        v128_unary {}
        v128_ternary {}
        v128_test {}
        v128_shift {}
        v128_splat {}
        v128_extract {}
        v128_replace {}
        v128_load {}
        v128_load_lane {}
        v128_store_lane {}
        v128_store {}
        gated {}
        acc {}
        fused {}
    }

    /// The walkthrough's first case, checked: one line in an existing
    /// family (here `binary_imm`) is all a new instruction needs. Every
    /// form the family generates comes out of the flattening with its
    /// mnemonic and disassembly, the accumulator forms marked, in the
    /// order the tags take; and each carries the relations the translator
    /// reads (`define_relations` in [`super`]): which slot it writes, its
    /// accumulator forms, the wasm operator it lowers and its op forms.
    #[test]
    fn one_family_line_makes_every_form() {
        let entries = entries();
        let got: Vec<(&str, bool, &str, &str)> = entries
            .iter()
            .map(|(n, acc, m, d, _)| (*n, *acc, m.as_str(), d.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("I32Foo", false, "i32.foo", "r1 = r2, r3"),
                ("I32FooImm", false, "i32.foo", "r1 = r2, 3"),
                ("I32FooAcc", true, "i32.foo", "r1 = acc, r2"),
                ("I32FooAccImm", true, "i32.foo", "r1 = acc, 2"),
                ("I32FooSlotAcc", true, "i32.foo", "r1 = r2, acc"),
            ]
        );
        // The relations, compared without whitespace (`stringify!` spaces
        // tokens its own way).
        let rel: Vec<String> = entries
            .iter()
            .map(|e| e.4.chars().filter(|c| !c.is_whitespace()).collect())
            .collect();
        let has = |at: usize, fact: &str| {
            let fact: String = fact.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(
                rel[at].contains(&fact),
                "{}: {fact} not in {}",
                entries[at].0,
                rel[at]
            );
        };
        has(0, "result dst: i32;");
        has(
            0,
            "with_acc lhs: i32 => I32FooAcc { dst, rhs }, rhs: i32 => I32FooSlotAcc { dst, lhs };",
        );
        has(0, "wasm wasmparser::Operator::I32Foo => Family::Binary {");
        has(
            0,
            "rr: const { unsafe { Form::of(Op::I32Foo { dst: 0, lhs: 0, rhs: 0 }) } },",
        );
        has(
            0,
            "ri: Some(const { unsafe { Form::of(Op::I32FooImm { dst: 0, lhs: 0, rhs: 0 }) } }),",
        );
        has(1, "result dst: i32;");
        has(1, "with_acc lhs: i32 => I32FooAccImm { dst, rhs };");
        for at in 2..5 {
            has(at, "result dst: i32;");
            has(at, "reads acc;");
        }
    }
}
