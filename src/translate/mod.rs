//! Lowering one validated function body from wasm's stack code to register
//! bytecode.
//!
//! # Frame layout
//!
//! A call frame is a window of 64-bit slots on the store's value stack:
//!
//! ```text
//! slot 0 ..................... params ..... locals ....... operand stack (temps) ......
//!      [ p0 | p1 | ... | l0 | l1 | ... | t0 | t1 | ... up to max height ]
//!      ^ frame base                       ^ num_locals
//! ```
//!
//! * Parameters occupy slots `0..num_params`, declared locals follow. Results
//!   are returned from slot 0 on. Each value takes one slot, except a
//!   `v128`, which takes two (see "v128 values"); `num_params`,
//!   `num_locals` and `frame_size` count slots.
//! * The wasm operand stack is mapped position by position: the value at
//!   stack position `p` (0 = bottom of the function's stack) lives, when it
//!   has to live anywhere, in slot `num_locals + p` (plus one for each
//!   `v128` below it). That slot is its *temp*.
//! * A call passes its arguments in place: the arguments are the top `n`
//!   stack entries, so they sit in consecutive temps. The callee's frame
//!   base is the first argument's slot; its parameters *are* the caller's
//!   argument temps, and its results land where the caller expects the
//!   call's results. No argument is copied.
//! * `frame_size` is `num_locals + max height` (at least the results'
//!   slots). The interpreter checks, once per call, that the value stack
//!   has room for it; after that every slot index an op uses is in bounds.
//!
//! ## v128 values
//!
//! A `v128` (cargo feature `simd`) takes two consecutive slots, its low
//! 64 bits first, so a SIMD op reads or writes it with one 16-byte access:
//!
//! ```text
//! slot   [ p0 | v.lo | v.hi | l0 | t0 | w.lo | w.hi | ... ]
//! ```
//!
//! Everything that lays values out one after another counts a `v128`
//! twice, by the same rule (`ValType::cells`): a function's parameters
//! and locals (the translator numbers a local by its first slot, see
//! `Translator::local_slot`), the operand stack's temps
//! (`ValueStack::temp_slot`), the slots a branch, a block or a return
//! moves values to, a call's arguments and results (so caller and callee
//! agree without knowing about each other), an exception's payload, and
//! the operands of the GC ops that take several (`struct.new`,
//! `array.new`, `array.new_fixed`, `array.fill`). The host boundary
//! (`Func::call`, host functions) converts values by their types.
//! Copies of a `v128` use `copy.v128` (and `select.v128`, `global.get`/
//! `set` of a v128 global); a parallel copy (branches) treats each as the
//! two slots it covers. A declared `v128` local is zeroed by the call
//! like every local.
//!
//! Scalar code is untouched: without a `v128` every slot is where it
//! would be without the `simd` feature. An earlier layout kept a `v128`
//! in one slot, its high half in a second plane beside the stack; every
//! SIMD operand then cost two loads from two places, and the plane's
//! address three more, and SIMD kernels ran at 1.0–1.6 times wasmi's
//! time (BENCHMARKS.md, "SIMD").
//!
//! A `v128.const` (16 bytes of immediate, more than an op holds) is a
//! `const64` of the low half and a `v128.const_hi` of the high half, or,
//! when the halves are equal (any splat of a lane of up to 64 bits, and
//! zero), one `v128.const_splat64`; an
//! `i8x16.shuffle`'s sixteen lane indices are such a constant, written to
//! a scratch slot above the stack that the shuffle reads.
//!
//! ## Aligned frames
//!
//! Slots are 8 bytes, so a v128's two slots start at an address that is a
//! multiple of 16 only if its slot index and the frame's base have the same
//! parity. A 16-byte access at an address that is 8 more than a multiple of
//! 16 crosses a cache line one time in four, and a load that reads a value
//! stored across a line cannot take it from the store: the value waits for
//! the store to reach the cache. In a SIMD loop every op reads what the op
//! before it wrote, and such a stall on one of its values cost
//! `simd_mandel` 0.57 s against 0.36 s, depending only on where the value
//! stack's buffer began (BENCHMARKS.md, "SIMD").
//!
//! So a function that uses a v128 anywhere (a parameter, a local, or an
//! operand; found by a first translation if no parameter or local is one,
//! in which case it is translated again) gets an *aligned frame*:
//!
//! * its declared v128 locals start at even slots (a pad slot before one
//!   that would not), and so do its loop constants (see below) and its
//!   temps, which start after a slot for a flag, at or above the results'
//!   slots;
//! * its first op, `align_frame`, looks at the frame's address: if the
//!   base is 8 bytes past a multiple of 16, it moves the parameters and
//!   locals up one slot and the base with them, and sets the flag (the
//!   frame's size counts the slot it may move into);
//! * before each `return`, and before each tail call, `unalign_frame`
//!   moves the results (or everything up to the tail call's last operand)
//!   and the base back down if the flag is set, so the caller finds them
//!   where the calling convention puts them.
//!
//! Calls keep their convention: arguments and results are still laid out
//! one after another from the callee's base, so a v128 parameter after an
//! odd number of scalar slots stays where it is, unaligned. A callee's
//! aligned frame needs nothing from its caller, and scalar functions carry
//! none of this. The value stack's buffer comes from the allocator, which
//! on the hosts measured returns 16-byte-aligned memory; `align_frame`
//! looks at the address itself, so a buffer that is not only costs speed.
//!
//! ## v128 constants in loops
//!
//! A `v128.const` inside a loop would rebuild its 16 bytes (one or two
//! ops) on every iteration, and SIMD code keeps its masks and lookup
//! tables in such constants (a quarter of one base64 kernel's ops). So
//! the translator notes the distinct v128 constants that loops build (at
//! most 32), and if there are any, translates the function a second
//! time with those constants in slots of their own after the locals,
//! written once by the function's first ops. There a constant is pushed
//! as a local is (`Operand::Local` of its slot: read in place, copied
//! only where a value must move), and an `i8x16.shuffle` reads its lane
//! indices from such a slot. Nothing ever writes those slots after the
//! start. The price is a second translation of those functions only, and
//! the constants' ops on every call, even one whose loops run no
//! iteration.
//!
//! # Slot allocation
//!
//! The translator keeps a *virtual* operand stack of [`Operand`]s. A
//! `local.get` pushes `Local(i)` and a constant pushes `Const(bits)`: nothing
//! is emitted, and the consuming op reads the local's slot or takes the
//! constant as an immediate. Only a computed value is `Temp`, written by the
//! op that computes it straight into its position's temp. Values are
//! *materialised* (copied into their temp) only when the stack's shape
//! demands it: at block boundaries, for call arguments, and when a
//! `local.set` would overwrite a local that is still referenced on the stack.
//!
//! When a `local.set`/`local.tee` follows the op that produced its value,
//! the op's destination is rewritten to the local: `i32.add; local.set 2`
//! becomes a single `i32.add r2 = ...`. An integer compare followed by
//! `br_if` or `if` becomes one fused compare-and-branch op. An `i32.add` of
//! a constant that only computes the address of a load or store with
//! offset 0 is folded into it (`f64.load r5 = [wrap(r2 + 280)]`): the
//! access adds the constant itself, wrapping at 2^32 as `i32.add` does (a
//! memarg offset would not wrap, so it cannot carry the constant).
//!
//! # Loop rotation
//!
//! Compilers often end a loop with `br_if $exit` followed by `br $loop`:
//! two branch ops per iteration. When the conditional branch is the last op
//! emitted and nothing else jumps to the `br`, the pair becomes
//! `br_if !cond -> loop head; br -> exit`, so an iteration runs one branch
//! op and the exit pays for the second. Only integer conditions are
//! inverted (a float compare's negation is not exact with NaNs, and float
//! compares are never fused into branches).
//!
//! # Worked example
//!
//! ```wat
//! (func (param $n i32) (result i32) (local $acc i32)
//!   (loop $l
//!     (local.set $acc (i32.add (local.get $acc) (local.get $n)))
//!     (br_if $l (i32.gt_s (local.tee $n (i32.sub (local.get $n) (i32.const 1)))
//!                         (i32.const 0))))
//!   (local.get $acc))
//! ```
//!
//! becomes (`spindle disasm`):
//!
//! ```text
//!    0: i32.add r1 = r1, r0
//!    1: i32.sub r0 = r0, 1
//!    2: br_if i32.gt_s acc, 0 -> @0
//!    3: return_slot src=r1
//! ```
//!
//! The adds write the locals directly, the constant operands are
//! immediates, and the loop's back edge is a single fused op. It reads
//! the new `r0` from the accumulator the `i32.sub` left it in: the last
//! pass, [`acc`], rewrites every op that reads the previous op's result
//! that way (in builds without `small-footprint`; otherwise it reads `r0`).
//!
//! # Stack maps
//!
//! With the `gc` cargo feature, every operand-stack position also knows
//! whether it holds a reference that may name a GC object
//! ([`stack::Kind`], from the type of the op's result), and so does every
//! local. At each allocation and call the translator records which slots
//! hold one then, for the collector ([`maps`]). A function that never
//! holds such a reference records nothing.
//!
//! # Fuel
//!
//! With [`Config::consume_fuel`](crate::Config::consume_fuel) on, each
//! straight-line run of wasm operators starts with a `consume_fuel n` op,
//! where `n` is the number of wasm operators in the run: each operator
//! costs 1, charged when its run is entered. A run starts at function entry,
//! at every branch target and after every conditional branch. Bulk
//! operations also charge for their size when they execute, before they
//! have any effect: `memory.fill`, `memory.copy` and `memory.init` one unit
//! per started 64 bytes, `table.fill`, `table.copy`, `table.init` and
//! `table.grow` one unit per element, `memory.grow` one unit per page.
//! With fuel off none of this happens: no fuel op is emitted, so metering
//! costs nothing.

#[cfg(spindle_acc)]
mod acc;
#[cfg(feature = "exceptions")]
pub(crate) mod exn;
#[cfg(feature = "gc")]
mod gc;
#[cfg(feature = "gc")]
pub(crate) mod maps;
mod stack;
#[cfg(test)]
mod tests;

use crate::bytecode::{Family, Form, Offset, Op, Slot, family};
use crate::error::{Error, ErrorKind, Result, TrapCode};
use crate::parse::{ModuleInfo, too_many_locals};
use crate::types::ValType;
use alloc::vec::Vec;
use stack::{Kind, Operand, ValueStack};
use wasmparser::{BlockType, FunctionBody, Operator};

/// A function lowered to bytecode.
#[derive(Debug)]
pub(crate) struct CompiledFunc {
    /// The bytecode.
    pub ops: Vec<Op>,
    /// The wasm byte offset each op was translated from, for trap locations.
    pub offsets: Vec<u32>,
    /// The slots the parameters take (two for a `v128`).
    pub num_params: u32,
    /// The slots the parameters and declared locals take.
    pub num_locals: u32,
    /// Slots the frame needs.
    pub frame_size: u32,
    /// Where the body starts in the module binary (trap locations).
    pub body_offset: u32,
    /// The exception handlers, if the function has a `try_table` or `try`
    /// (see [`exn`]).
    #[cfg(feature = "exceptions")]
    pub handlers: Option<alloc::boxed::Box<exn::Handlers>>,
    /// The GC stack maps, if the function ever holds a GC reference at a
    /// safepoint (see [`maps`]).
    #[cfg(feature = "gc")]
    pub maps: Option<alloc::boxed::Box<maps::StackMaps>>,
}

/// A forward or backward branch target.
#[derive(Debug)]
enum Label {
    Pinned(usize),
    Pending(Vec<usize>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FrameKind {
    Function,
    Block,
    Loop,
    If {
        else_label: usize,
    },
    Else,
    /// A `try_table` (exceptions).
    #[cfg(feature = "exceptions")]
    TryTable,
    /// A legacy `try`'s body.
    #[cfg(feature = "exceptions")]
    Try,
    /// A legacy `try` in its `catch` blocks, `scope` being its body's.
    #[cfg(feature = "exceptions")]
    Catch {
        scope: u32,
    },
}

#[derive(Debug)]
struct Control {
    kind: FrameKind,
    /// The block's type (for the types of its parameters and results).
    ty: BlockType,
    /// Stack height below the frame's parameters.
    height: u32,
    num_params: u32,
    num_results: u32,
    /// Branch target: the loop start for loops, the end otherwise.
    label: usize,
    /// Whether the code after `if` was reachable (for the `else` arm).
    entry_reachable: bool,
    /// Whether some branch targets this frame's end.
    branched: bool,
    /// The exception scope in force inside the frame (see [`exn`]).
    #[cfg(feature = "exceptions")]
    scope: u32,
}

/// The kind of a value of type `t` in a module ([`Kind`]): a reference
/// is `Ref` unless it can only be a function reference, an `i31`
/// (unboxed, see `bytecode::gc`), an exception (the payloads of live
/// exceptions are roots of their own, `store::gc`) or null. An
/// `externref` is `Ref`: it may be a GC object converted by
/// `extern.convert_any`.
#[cfg(feature = "gc")]
fn gc_kind(info: &ModuleInfo, t: ValType) -> Kind {
    use crate::types::{CompositeType, HeapType};
    let Some(r) = t.as_ref_type() else {
        return Kind::wide_if(t.is_v128());
    };
    let gc = match r.heap {
        HeapType::Func | HeapType::NoFunc | HeapType::NoExtern | HeapType::I31 | HeapType::None => {
            false
        }
        #[cfg(feature = "exceptions")]
        HeapType::Exn | HeapType::NoExn => false,
        HeapType::Concrete(i) => !matches!(
            info.types.get(i as usize).map(|t| &t.composite),
            Some(CompositeType::Func(_))
        ),
        _ => true,
    };
    if gc { Kind::Ref } else { Kind::Num }
}

/// Translates one function body, which must have been validated.
pub(crate) fn translate(
    info: &ModuleInfo,
    func_index: u32,
    body: &FunctionBody<'_>,
) -> Result<CompiledFunc> {
    #[cfg(feature = "simd")]
    {
        let (mut consts, mut unaligned) = (Vec::new(), false);
        let f = translate_with(
            info,
            func_index,
            body,
            &[],
            false,
            &mut consts,
            &mut unaligned,
        )?;
        if consts.is_empty() && !unaligned {
            return Ok(f);
        }
        // Again, with the loops' v128 constants in slots of their own
        // (see "v128 constants in loops") and an aligned frame (see
        // "Aligned frames").
        translate_with(
            info,
            func_index,
            body,
            &consts,
            true,
            &mut Vec::new(),
            &mut unaligned,
        )
    }
    #[cfg(not(feature = "simd"))]
    translate_with(info, func_index, body)
}

/// The most v128 constants a function keeps in slots of their own.
#[cfg(feature = "simd")]
const MAX_HOISTED: usize = 32;

/// Translates one function body, with the v128 constants `hoisted` in
/// slots after the locals, written at the function's start; leaves in
/// `consts` the v128 constants that its loops build (at most
/// [`MAX_HOISTED`]). The frame is aligned (see "Aligned frames") if
/// `align`, or if a parameter or local is a v128; `unaligned` is left
/// saying whether the function uses a v128 in a frame that is not.
#[cfg_attr(not(feature = "simd"), inline(always))]
fn translate_with(
    info: &ModuleInfo,
    func_index: u32,
    body: &FunctionBody<'_>,
    #[cfg(feature = "simd")] hoisted: &[u128],
    #[cfg(feature = "simd")] mut align: bool,
    #[cfg(feature = "simd")] consts: &mut Vec<u128>,
    #[cfg(feature = "simd")] unaligned: &mut bool,
) -> Result<CompiledFunc> {
    let invalid = |e| Error::from_reader(Some(func_index), e);
    let ty = info.func_type_of(func_index)?;
    let num_results = ty.results().len() as u32;
    // Locals are numbered by their first slot from here on (a v128 takes
    // two): `num_params` and `num_locals` count slots, and `local_slots`
    // maps a local's index to its slot (empty while every local so far
    // took one slot, see "v128 values").
    let num_params = crate::types::cells_of(ty.params());
    let mut num_locals = num_params as u64;
    #[cfg(feature = "simd")]
    let mut local_slots: Vec<u32> = Vec::new();
    #[cfg(feature = "simd")]
    let mut num_local_indices = ty.params().len() as u64;
    #[cfg(feature = "simd")]
    if num_params as usize != ty.params().len() {
        let mut at = 0;
        for p in ty.params() {
            local_slots.push(at);
            at += 1 + p.is_v128() as u32;
        }
    }
    // Which slots hold a v128 local (see "v128 values"): empty unless one
    // does.
    #[cfg(feature = "simd")]
    let mut local_wide: Vec<bool> = Vec::new();
    #[cfg(feature = "simd")]
    if ty.params().iter().any(|t| t.is_v128()) {
        align = true;
        local_wide = ty
            .params()
            .iter()
            .flat_map(|t| {
                [t.is_v128(), false]
                    .into_iter()
                    .take(1 + t.is_v128() as usize)
            })
            .collect();
    }
    // Which slots hold a local that may name a GC object (see [`maps`]):
    // empty unless one may.
    #[cfg(feature = "gc")]
    let mut local_gc: Vec<bool> = Vec::new();
    #[cfg(feature = "gc")]
    if ty.params().iter().any(|t| gc_kind(info, *t) == Kind::Ref) {
        local_gc = ty
            .params()
            .iter()
            .flat_map(|t| {
                [gc_kind(info, *t) == Kind::Ref, false]
                    .into_iter()
                    .take(1 + t.is_v128() as usize)
            })
            .collect();
    }
    let mut locals = body.get_locals_reader().map_err(invalid)?;
    for _ in 0..locals.get_count() {
        let (count, _vt) = locals.read().map_err(invalid)?;
        #[cfg(feature = "gc")]
        let gc = ValType::from_wasm(_vt).is_some_and(|t| gc_kind(info, t) == Kind::Ref);
        #[cfg(feature = "gc")]
        if gc {
            local_gc.resize(num_locals as usize, false);
        }
        #[cfg(feature = "simd")]
        let cells: u64 = if _vt == wasmparser::ValType::V128 {
            2
        } else {
            1
        };
        #[cfg(not(feature = "simd"))]
        let cells: u64 = 1;
        // In an aligned frame a v128 local starts at an even slot.
        #[cfg(feature = "simd")]
        let before = num_locals;
        #[cfg(feature = "simd")]
        if cells == 2 {
            align = true;
            num_locals += num_locals % 2;
        }
        #[cfg(feature = "simd")]
        let first = num_locals;
        num_locals += count as u64 * cells;
        if num_locals > u16::MAX as u64 / 2 {
            return Err(too_many_locals(func_index, num_locals));
        }
        #[cfg(feature = "simd")]
        {
            if cells == 2 && local_slots.is_empty() {
                local_slots = (0..before as u32).collect();
            }
            if !local_slots.is_empty() {
                local_slots.extend((0..count).map(|i| (first + i as u64 * cells) as u32));
            }
        }
        #[cfg(feature = "simd")]
        {
            num_local_indices += count as u64;
        }
        #[cfg(feature = "simd")]
        if cells == 2 {
            local_wide.resize(first as usize, false);
            for _ in 0..count {
                local_wide.extend([true, false]);
            }
        }
        #[cfg(feature = "gc")]
        if gc {
            local_gc.resize(num_locals as usize, true);
        }
    }
    // In an aligned frame, the hoisted constants and the temps start at
    // an even slot, and a slot above the locals and the results holds
    // `align_frame`'s flag.
    #[cfg(feature = "simd")]
    let result_cells = crate::types::cells_of(ty.results());
    #[cfg(feature = "simd")]
    let flag = align.then(|| {
        let flag = num_locals.max(result_cells as u64);
        num_locals = (flag + 2) & !1;
        flag
    });
    // The hoisted constants' slots, two each, after the locals.
    #[cfg(feature = "simd")]
    let first_hoisted = num_locals as u32;
    #[cfg(feature = "simd")]
    {
        num_locals += 2 * hoisted.len() as u64;
        if num_locals > u16::MAX as u64 / 2 {
            return Err(too_many_locals(func_index, num_locals));
        }
    }
    let mut t = Translator {
        info,
        func_index,
        ops: Vec::new(),
        offsets: Vec::new(),
        offset: 0,
        stack: ValueStack::new(num_locals as u32),
        control: Vec::new(),
        labels: Vec::new(),
        reachable: true,
        dead_depth: 0,
        fusable: None,
        fuel: info.consume_fuel,
        fuel_op: None,
        last_branch: None,
        #[cfg(feature = "simd")]
        num_local_indices: num_local_indices as u32,
        #[cfg(feature = "simd")]
        local_slots,
        #[cfg(feature = "simd")]
        local_wide,
        #[cfg(feature = "gc")]
        local_gc,
        #[cfg(feature = "gc")]
        maps: maps::StackMaps::default(),
        #[cfg(feature = "exceptions")]
        exn: exn::ExnState::default(),
        #[cfg(feature = "simd")]
        hoisted,
        #[cfg(feature = "simd")]
        first_hoisted,
        #[cfg(feature = "simd")]
        loop_consts: Vec::new(),
        #[cfg(feature = "simd")]
        align: None,
    };
    #[cfg(feature = "simd")]
    if let Some(flag) = flag {
        let flag = t.slot(flag as u32)?;
        t.align = Some((flag, result_cells));
        t.emit(Op::AlignFrame {
            n: num_locals as u32,
            flag,
        });
    }
    // The hoisted constants, written once per call.
    #[cfg(feature = "simd")]
    for (i, &v) in hoisted.iter().enumerate() {
        let dst = t.slot(first_hoisted + 2 * i as u32)?;
        t.emit_v128_const(dst, v);
    }
    let label = t.new_label();
    t.control.push(Control {
        kind: FrameKind::Function,
        ty: BlockType::Empty,
        height: 0,
        num_params: 0,
        num_results,
        label,
        entry_reachable: true,
        branched: false,
        #[cfg(feature = "exceptions")]
        scope: exn::NO_SCOPE,
    });
    t.operators(body)?;
    let frame_size = (num_locals as u32 + t.stack.max_height())
        .max(crate::types::cells_of(ty.results()))
        .max(1);
    // An aligned frame may move up one slot.
    #[cfg(feature = "simd")]
    let frame_size = frame_size + flag.is_some() as u32;
    // Every slot index fits an op's 16 bits, the second slot of a v128
    // included. (Without v128, `slot` alone ensures it.)
    #[cfg(feature = "simd")]
    if frame_size > 1 << 16 {
        return Err(t.unsupported("more than 65,536 value slots in one frame"));
    }
    #[cfg(feature = "exceptions")]
    let handlers = t.finish_handlers()?;
    #[cfg(all(spindle_acc, feature = "exceptions"))]
    let targets: Vec<u32> = handlers.iter().flat_map(|h| h.targets()).collect();
    #[cfg(all(spindle_acc, not(feature = "exceptions")))]
    let targets: Vec<u32> = Vec::new();
    #[cfg(spindle_acc)]
    acc::use_accumulators(&mut t.ops, num_locals as u32, &targets);
    #[cfg(feature = "simd")]
    {
        *consts = core::mem::take(&mut t.loop_consts);
        *unaligned = t.stack.saw_wide() && flag.is_none();
    }
    Ok(CompiledFunc {
        #[cfg(feature = "exceptions")]
        handlers,
        #[cfg(feature = "gc")]
        maps: (!t.maps.is_empty()).then(|| alloc::boxed::Box::new(core::mem::take(&mut t.maps))),
        ops: t.ops,
        offsets: t.offsets,
        num_params,
        num_locals: num_locals as u32,
        frame_size,
        body_offset: body.range().start as u32,
    })
}

struct Translator<'a> {
    info: &'a ModuleInfo,
    func_index: u32,
    ops: Vec<Op>,
    offsets: Vec<u32>,
    /// Byte offset of the operator being translated.
    offset: u32,
    stack: ValueStack,
    control: Vec<Control>,
    labels: Vec<Label>,
    reachable: bool,
    /// Blocks opened inside unreachable code, which is skipped.
    dead_depth: u32,
    /// Index of the last op if it wrote the temp now on top of the stack
    /// and may have its destination rewritten or be fused into a branch.
    fusable: Option<usize>,
    fuel: bool,
    /// The `consume_fuel` op of the current straight-line run.
    fuel_op: Option<usize>,
    /// The last op, if it is a branch to a label not yet pinned, and that
    /// label: what loop rotation (see [`Translator::branch`]) may rewrite.
    last_branch: Option<(usize, usize)>,
    /// The number of parameters and declared locals.
    #[cfg(feature = "simd")]
    num_local_indices: u32,
    /// Each local's first slot (parameters first), if a v128 local makes
    /// them differ from the locals' indices; else empty.
    #[cfg(feature = "simd")]
    local_slots: Vec<u32>,
    /// Whether each slot of the locals is the first of a v128 local;
    /// empty if none is, and no longer than the last v128 local.
    #[cfg(feature = "simd")]
    local_wide: Vec<bool>,
    /// Whether each slot of the locals holds a local that may hold a GC
    /// object; empty if none may (see [`maps`]).
    #[cfg(feature = "gc")]
    local_gc: Vec<bool>,
    /// The stack maps so far.
    #[cfg(feature = "gc")]
    maps: maps::StackMaps,
    /// Exception handling's state (see [`exn`]).
    #[cfg(feature = "exceptions")]
    exn: exn::ExnState,
    /// The v128 constants kept in slots of their own, two each from
    /// `first_hoisted` (see "v128 constants in loops").
    #[cfg(feature = "simd")]
    hoisted: &'a [u128],
    #[cfg(feature = "simd")]
    first_hoisted: u32,
    /// The v128 constants built inside loops so far, each once.
    #[cfg(feature = "simd")]
    loop_consts: Vec<u128>,
    /// In an aligned frame, the slot of `align_frame`'s flag and the
    /// slots the results take (see "Aligned frames").
    #[cfg(feature = "simd")]
    align: Option<(Slot, u32)>,
}

/// How the values carried by a branch reach its target.
struct BranchCopies {
    moves: Vec<(Slot, Operand, u32)>,
}

impl Translator<'_> {
    /// Translates the body's operators. (A method that borrows the
    /// translator: its early returns drop nothing, and [`translate`] drops
    /// the translator in one place.)
    fn operators(&mut self, body: &FunctionBody<'_>) -> Result<()> {
        let func_index = self.func_index;
        let invalid = |e| Error::from_reader(Some(func_index), e);
        let mut reader = body.get_operators_reader().map_err(invalid)?;
        while !reader.eof() {
            let (op, offset) = reader.read_with_offset().map_err(invalid)?;
            self.offset = offset as u32;
            self.operator(&op)?;
        }
        reader.finish().map_err(invalid)
    }

    fn unsupported(&self, what: &str) -> Error {
        Error::new(
            ErrorKind::Unsupported,
            alloc::format!("function {}: {what}", self.func_index),
        )
    }

    // ---- emission -------------------------------------------------------

    fn emit(&mut self, op: Op) -> usize {
        self.fusable = None;
        self.last_branch = None;
        self.ops.push(op);
        self.offsets.push(self.offset);
        self.ops.len() - 1
    }

    /// Emits an op whose single result is the temp just pushed.
    fn emit_result(&mut self, op: Op) {
        let at = self.emit(op);
        self.fusable = Some(at);
    }

    fn new_label(&mut self) -> usize {
        self.labels.push(Label::Pending(Vec::new()));
        self.labels.len() - 1
    }

    fn pin_label(&mut self, label: usize) -> Result<()> {
        let here = self.ops.len();
        let pending = core::mem::replace(&mut self.labels[label], Label::Pinned(here));
        if let Label::Pending(users) = pending {
            for user in users {
                #[cfg(feature = "exceptions")]
                if user & exn::CLAUSE_USER != 0 {
                    self.pin_clause(user & !exn::CLAUSE_USER, here);
                    continue;
                }
                let off = offset_between(user, here)
                    .ok_or_else(|| self.unsupported("function too large"))?;
                if let Some(o) = self.ops[user].branch_offset_mut() {
                    *o = off;
                }
            }
        }
        self.fusable = None;
        self.fuel_op = None;
        self.last_branch = None;
        Ok(())
    }

    /// Emits a branch op (with offset 0) and points it at `label`.
    fn emit_branch(&mut self, op: Op, label: usize) -> Result<()> {
        let at = self.emit(op);
        match &mut self.labels[label] {
            Label::Pinned(target) => {
                let off = offset_between(at, *target)
                    .ok_or_else(|| self.unsupported("function too large"))?;
                if let Some(o) = self.ops[at].branch_offset_mut() {
                    *o = off;
                }
            }
            Label::Pending(users) => {
                users.push(at);
                self.last_branch = Some((at, label));
            }
        }
        Ok(())
    }

    /// A conditional branch ends the straight-line run for fuel purposes.
    fn end_run(&mut self) {
        self.fuel_op = None;
    }

    fn charge_fuel(&mut self) {
        if !self.fuel {
            return;
        }
        let at = match self.fuel_op {
            Some(at) => at,
            None => {
                let at = self.emit(Op::ConsumeFuel { amount: 0 });
                self.fuel_op = Some(at);
                at
            }
        };
        if let Op::ConsumeFuel { amount } = &mut self.ops[at] {
            *amount = amount.saturating_add(1);
        }
    }

    // ---- operands -------------------------------------------------------

    fn slot(&self, s: u32) -> Result<Slot> {
        Slot::try_from(s).map_err(|_| self.unsupported("more than 65,535 value slots in one frame"))
    }

    /// Returns a slot holding the operand that was at stack position `pos`
    /// (already popped), materialising a constant into that position's temp.
    fn use_operand(&mut self, operand: Operand, pos: u32) -> Result<Slot> {
        match operand {
            Operand::Local(l) => self.slot(l),
            Operand::Temp => self.slot(self.stack.temp_slot(pos)),
            Operand::Const(bits) => {
                let dst = self.slot(self.stack.temp_slot(pos))?;
                self.emit_const(dst, bits);
                Ok(dst)
            }
        }
    }

    fn emit_const(&mut self, dst: Slot, bits: u64) {
        if bits <= u32::MAX as u64 {
            self.emit(Op::Const32 {
                dst,
                value: bits as u32,
            });
        } else {
            self.emit(Op::Const64 {
                dst,
                lo: bits as u32,
                hi: (bits >> 32) as u32,
            });
        }
    }

    fn pop_slot(&mut self) -> Result<Slot> {
        let (operand, pos) = self.stack.pop();
        self.use_operand(operand, pos)
    }

    /// Whether stack entry `pos` is a temp the last op computed as
    /// `i32.add lhs, imm`: then a load or store with offset 0 can do the
    /// add itself (wrapping, as `i32.add` does) and the op can go.
    /// Returns `(lhs, imm)`.
    fn fusable_add(&self, pos: u32) -> Option<(Slot, u32)> {
        let (Some(at), Operand::Temp) = (self.fusable, self.stack.get(pos)) else {
            return None;
        };
        match self.ops[at] {
            Op::I32AddImm { dst, lhs, rhs } if dst as u32 == self.stack.temp_slot(pos) => {
                Some((lhs, rhs as u32))
            }
            _ => None,
        }
    }

    /// Removes the last op, which the op about to be emitted absorbs (a
    /// compare into a branch, an add into a load or store).
    fn unemit_last(&mut self) {
        self.ops.pop();
        self.offsets.pop();
        self.fusable = None;
    }

    fn push_temp(&mut self) -> Result<Slot> {
        let s = self.stack.push(Operand::Temp);
        self.slot(s)
    }

    /// Pushes a temp, a v128 if `wide`.
    #[cfg(feature = "simd")]
    fn push_temp_typed(&mut self, wide: bool) -> Result<Slot> {
        self.push_temp_kind(Kind::wide_if(wide))
    }

    /// Pushes a temp of kind `kind`.
    fn push_temp_kind(&mut self, kind: Kind) -> Result<Slot> {
        let s = self.stack.push_typed(Operand::Temp, kind);
        self.slot(s)
    }

    /// Pushes a temp for a value of type `t`.
    fn push_temp_of(&mut self, t: ValType) -> Result<Slot> {
        #[cfg(any(feature = "simd", feature = "gc"))]
        return self.push_temp_kind(self.kind(t));
        #[cfg(not(any(feature = "simd", feature = "gc")))]
        {
            let _ = t;
            self.push_temp()
        }
    }

    /// The kind of a value of type `t` ([`Kind`]).
    #[cfg(any(feature = "simd", feature = "gc"))]
    fn kind(&self, t: ValType) -> Kind {
        #[cfg(feature = "gc")]
        return gc_kind(self.info, t);
        #[cfg(not(feature = "gc"))]
        Kind::wide_if(t.is_v128())
    }

    /// The kind of the value at stack position `pos`.
    fn kind_at(&self, pos: u32) -> Kind {
        #[cfg(feature = "gc")]
        if self.stack.is_ref(pos) {
            return Kind::Ref;
        }
        Kind::wide_if(self.stack.is_wide(pos))
    }

    /// The kind of the local in slot `l`.
    fn local_kind(&self, l: u32) -> Kind {
        #[cfg(feature = "gc")]
        if self.local_gc.get(l as usize).copied().unwrap_or(false) {
            return Kind::Ref;
        }
        Kind::wide_if(self.local_is_wide(l))
    }

    /// Copies stack entry `pos` into its temp if it is not there already.
    fn materialize(&mut self, pos: u32) -> Result<()> {
        let dst = self.slot(self.stack.temp_slot(pos))?;
        match self.stack.get(pos) {
            Operand::Temp => {}
            Operand::Local(l) => {
                let src = self.slot(l)?;
                self.emit(copy_op(dst, src, self.stack.is_wide(pos)));
            }
            Operand::Const(bits) => self.emit_const(dst, bits),
        }
        self.stack.set(pos, Operand::Temp);
        Ok(())
    }

    /// Materialises the top `n` entries; returns the slot of the lowest.
    fn materialize_top(&mut self, n: u32) -> Result<Slot> {
        let base = self.stack.len() - n;
        for pos in base..self.stack.len() {
            self.materialize(pos)?;
        }
        self.slot(self.stack.temp_slot(base))
    }

    /// Copies every `Local(local)` on the stack (or every local, if `None`)
    /// into its temp, before the local is overwritten or control splits.
    fn preserve_locals(&mut self, local: Option<u32>) -> Result<bool> {
        if self.stack.local_refs() == 0 {
            return Ok(false);
        }
        let mut any = false;
        for pos in 0..self.stack.len() {
            if let Operand::Local(l) = self.stack.get(pos) {
                if local.is_none_or(|x| x == l) {
                    self.materialize(pos)?;
                    any = true;
                }
            }
        }
        Ok(any)
    }

    // ---- control --------------------------------------------------------

    fn block_arity(&self, ty: BlockType) -> Result<(u32, u32)> {
        Ok(match ty {
            BlockType::Empty => (0, 0),
            BlockType::Type(_) => (0, 1),
            BlockType::FuncType(idx) => {
                let t = self.info.func_type(idx)?;
                (t.params().len() as u32, t.results().len() as u32)
            }
        })
    }

    fn push_frame(&mut self, kind: FrameKind, ty: BlockType, label: usize) -> Result<()> {
        let (num_params, num_results) = self.block_arity(ty)?;
        self.preserve_locals(None)?;
        self.materialize_top(num_params)?;
        let height = self.stack.len() - num_params;
        self.control.push(Control {
            kind,
            ty,
            height,
            num_params,
            num_results,
            label,
            entry_reachable: self.reachable,
            branched: false,
            #[cfg(feature = "exceptions")]
            scope: self.exn.scope,
        });
        Ok(())
    }

    /// The copies that move the values a branch to the frame `depth`
    /// levels up carries into that frame's slots.
    fn branch_copies(&self, depth: u32) -> Result<BranchCopies> {
        let frame = &self.control[self.control.len() - 1 - depth as usize];
        match frame.kind {
            FrameKind::Function => self.copies_to(0, frame.num_results),
            FrameKind::Loop => self.copies_to(self.stack.temp_slot(frame.height), frame.num_params),
            _ => self.copies_to(self.stack.temp_slot(frame.height), frame.num_results),
        }
    }

    /// The copies that move the top `arity` stack values to the slots
    /// from `dst_base` on (one each, two for a `v128`), leaving out those
    /// already in place.
    fn copies_to(&self, dst_base: u32, arity: u32) -> Result<BranchCopies> {
        let first = self.stack.len() - arity;
        let mut moves = Vec::new();
        let mut at = dst_base;
        for pos in first..first + arity {
            let operand = self.stack.get(pos);
            let dst = self.slot(at)?;
            at += self.kind_at(pos).cells();
            let in_place = match operand {
                Operand::Temp => self.stack.temp_slot(pos) == dst as u32,
                Operand::Local(l) => l == dst as u32,
                Operand::Const(_) => false,
            };
            if !in_place {
                moves.push((dst, operand, pos));
            }
        }
        Ok(BranchCopies { moves })
    }

    /// Emits `moves` as a parallel copy: every source is read before any
    /// destination it overlaps is written.
    fn emit_copies(&mut self, copies: BranchCopies) -> Result<()> {
        // (dst, src or constant, whether a v128)
        let mut moves: Vec<(Slot, Result<Slot, u64>, bool)> = Vec::new();
        for (dst, operand, pos) in copies.moves {
            let src = match operand {
                Operand::Local(l) => Ok(self.slot(l)?),
                Operand::Temp => Ok(self.slot(self.stack.temp_slot(pos))?),
                Operand::Const(bits) => Err(bits),
            };
            moves.push((dst, src, self.stack.is_wide(pos)));
        }
        let mut consts = Vec::new();
        moves.retain(|&(dst, src, _)| match src {
            Err(bits) => {
                consts.push((dst, bits));
                false
            }
            Ok(_) => true,
        });
        let mut moves: Vec<(Slot, Slot, bool)> = moves
            .into_iter()
            .map(|(d, s, w)| (d, s.unwrap_or(0), w))
            .collect();
        // Whether writing `dst` overwrites `src`; each covers two slots if
        // a v128.
        #[cfg(feature = "simd")]
        let overlap = |dst: Slot, dst_wide: bool, src: Slot, src_wide: bool| {
            let (d, s) = (dst as u32, src as u32);
            d < s + 1 + src_wide as u32 && s < d + 1 + dst_wide as u32
        };
        // Scratch slots used so far: each parked source gets its own, as
        // a v128 destination can overlap two sources. (Without v128 a
        // cycle is a permutation: parking one source breaks it, and one
        // scratch slot serves every cycle.)
        #[cfg(feature = "simd")]
        let mut parked = 0;
        while !moves.is_empty() {
            // A move is ready when no other move still reads what it writes
            // (a v128 copy reads its whole source before writing, so it may
            // overlap itself).
            #[cfg(feature = "simd")]
            let ready = (0..moves.len()).find(|&i| {
                let (dst, _, wide) = moves[i];
                !moves
                    .iter()
                    .enumerate()
                    .any(|(j, &(_, src, w))| j != i && overlap(dst, wide, src, w))
            });
            #[cfg(not(feature = "simd"))]
            let ready = moves
                .iter()
                .position(|&(dst, _, _)| !moves.iter().any(|&(_, src, _)| src == dst));
            match ready {
                Some(i) => {
                    let (dst, src, wide) = moves.remove(i);
                    self.emit(copy_op(dst, src, wide));
                }
                None => {
                    // A cycle: park one source in scratch slots above the
                    // stack, which no destination overlaps.
                    let (_, src, wide) = moves[0];
                    #[cfg(feature = "simd")]
                    let scratch = {
                        let cells = 1 + wide as u32;
                        parked += cells;
                        self.stack.scratch_at(parked - cells, cells)
                    };
                    #[cfg(not(feature = "simd"))]
                    let scratch = self.stack.scratch_at(0, 1);
                    let scratch = self.slot(scratch)?;
                    self.emit(copy_op(scratch, src, wide));
                    for m in moves.iter_mut() {
                        if m.1 == src {
                            m.1 = scratch;
                        }
                    }
                }
            }
        }
        for (dst, bits) in consts {
            self.emit_const(dst, bits);
        }
        Ok(())
    }

    /// Emits the function's return: results to slots `0..n`, then `return`.
    fn emit_return(&mut self) -> Result<()> {
        let n = self.control[0].num_results;
        if n == 1 {
            let (operand, pos) = (self.stack.get(self.stack.len() - 1), self.stack.len() - 1);
            if let Operand::Const(bits) = operand {
                self.emit_const(0, bits);
                self.emit_ret();
            } else {
                let src = self.use_operand(operand, pos)?;
                if src == 0 {
                    self.emit_ret();
                } else if self.stack.is_wide(pos) {
                    self.emit(copy_op(0, src, true));
                    self.emit_ret();
                } else if self.aligned() {
                    self.emit(copy_op(0, src, false));
                    self.emit_ret();
                } else {
                    self.emit(Op::ReturnSlot { src });
                }
            }
            return Ok(());
        }
        let copies = self.branch_copies(self.control.len() as u32 - 1)?;
        self.emit_copies(copies)?;
        self.emit_ret();
        Ok(())
    }

    /// Whether the frame is aligned (see "Aligned frames").
    #[inline(always)]
    fn aligned(&self) -> bool {
        #[cfg(feature = "simd")]
        return self.align.is_some();
        #[cfg(not(feature = "simd"))]
        false
    }

    /// Emits `return`, the results being in their slots; in an aligned
    /// frame, after the `unalign_frame` that moves them back down.
    #[cfg_attr(not(feature = "simd"), inline(always))]
    fn emit_ret(&mut self) {
        #[cfg(feature = "simd")]
        if let Some((flag, n)) = self.align {
            self.emit(Op::UnalignFrame { n, flag });
        }
        self.emit(Op::Return {});
    }

    /// In an aligned frame, emits the `unalign_frame` before a tail call
    /// with arguments of types `params` from slot `base` and one more
    /// operand in slot `other` (or `other == base`).
    fn unalign_before_tail_call(&mut self, base: Slot, params: &[ValType], other: Slot) {
        #[cfg(feature = "simd")]
        if let Some((flag, _)) = self.align {
            let end = (base as u32 + crate::types::cells_of(params)).max(other as u32 + 1);
            self.emit(Op::UnalignFrame { n: end, flag });
        }
        #[cfg(not(feature = "simd"))]
        let _ = (base, params, other);
    }

    /// An unconditional branch to the frame `depth` levels up.
    fn branch(&mut self, depth: u32) -> Result<()> {
        let idx = self.control.len() - 1 - depth as usize;
        if self.control[idx].kind == FrameKind::Function {
            return self.emit_return();
        }
        let copies = self.branch_copies(depth)?;
        self.emit_copies(copies)?;
        self.control[idx].branched = true;
        let label = self.control[idx].label;
        if self.rotate_loop(label)? {
            return Ok(());
        }
        self.emit_branch(Op::Br { offset: 0 }, label)
    }

    /// Loop rotation: `br_if C -> exit; br -> head`, where `head` is a loop
    /// already pinned (compilers end loops so), becomes
    /// `br_if !C -> head; br -> exit`. Each iteration then runs one branch
    /// op instead of two; the exit pays the extra one. Only when the
    /// conditional branch is the last op and no label is pinned between
    /// (nothing else reaches the `br`), and only for integer conditions,
    /// whose negation is exact. Returns whether it emitted the `br`.
    fn rotate_loop(&mut self, label: usize) -> Result<bool> {
        let (Some((at, exit)), Label::Pinned(head)) = (self.last_branch, &self.labels[label])
        else {
            return Ok(false);
        };
        let head = *head;
        let Some(mut inverted) = self.ops[at].invert_branch() else {
            return Ok(false);
        };
        let Label::Pending(users) = &mut self.labels[exit] else {
            return Ok(false);
        };
        if users.last() != Some(&at) {
            return Ok(false);
        }
        users.pop();
        let off = offset_between(at, head).ok_or_else(|| self.unsupported("function too large"))?;
        if let Some(o) = inverted.branch_offset_mut() {
            *o = off;
        }
        self.ops[at] = inverted;
        self.emit_branch(Op::Br { offset: 0 }, exit)?;
        Ok(true)
    }

    /// Pops the condition and emits a branch taken when it is non-zero
    /// (or zero, if `negate`), fusing a preceding compare. Returns the
    /// branch op's index; the caller points it at a label.
    fn conditional_branch(&mut self, negate: bool, label: usize) -> Result<()> {
        let (operand, pos) = self.stack.pop();
        if operand == Operand::Temp {
            if let Some(at) = self.fusable {
                let cond_slot = self.stack.temp_slot(pos);
                let last = self.ops[at];
                let writes_cond = matches!(last_result(&last), Some(d) if d as u32 == cond_slot);
                if writes_cond {
                    // `br_if (i32.eqz (v128.any_true v))`: the v128 tested.
                    #[cfg(feature = "simd")]
                    let any_true = match last {
                        Op::I32Eqz { src, .. } => self.any_true_before(at, src),
                        _ => None,
                    };
                    let fused = match last {
                        #[cfg(feature = "simd")]
                        Op::I32Eqz { .. } if any_true.is_some() => {
                            let v = any_true.unwrap_or_default();
                            // The `i32.eqz` goes here, the `any_true` below
                            // with every fused op's operand.
                            self.unemit_last();
                            Some(if negate {
                                Op::BrIfAnyTrue { src: v, offset: 0 }
                            } else {
                                Op::BrIfNoneTrue { src: v, offset: 0 }
                            })
                        }
                        Op::I32Eqz { src, .. } => Some(if negate {
                            Op::BrIfNez {
                                cond: src,
                                offset: 0,
                            }
                        } else {
                            Op::BrIfEqz {
                                cond: src,
                                offset: 0,
                            }
                        }),
                        #[cfg(feature = "simd")]
                        Op::V128AnyTrue { src, .. } => Some(if negate {
                            Op::BrIfNoneTrue { src, offset: 0 }
                        } else {
                            Op::BrIfAnyTrue { src, offset: 0 }
                        }),
                        other => other.fuse_compare_branch(negate),
                    };
                    if let Some(fused) = fused {
                        self.unemit_last();
                        self.emit_branch(fused, label)?;
                        self.end_run();
                        return Ok(());
                    }
                }
            }
        }
        if let Operand::Const(bits) = operand {
            // A constant condition: either always or never taken.
            if (bits != 0) != negate {
                self.emit_branch(Op::Br { offset: 0 }, label)?;
            }
            self.end_run();
            return Ok(());
        }
        let cond = self.use_operand(operand, pos)?;
        let op = if negate {
            Op::BrIfEqz { cond, offset: 0 }
        } else {
            Op::BrIfNez { cond, offset: 0 }
        };
        self.emit_branch(op, label)?;
        self.end_run();
        Ok(())
    }

    /// The v128 operand of a `v128.any_true` just before op `at` that
    /// wrote `slot`, the temp of the stack position that op `at` reads
    /// (so nothing else reads it), when nothing branches to op `at`: then
    /// the two can go into one branch.
    #[cfg(feature = "simd")]
    fn any_true_before(&self, at: usize, slot: Slot) -> Option<Slot> {
        let pos = self.stack.len();
        match self.ops.get(at.checked_sub(1)?)? {
            Op::V128AnyTrue { dst, src }
                if *dst == slot
                    && slot as u32 == self.stack.temp_slot(pos)
                    && !self
                        .labels
                        .iter()
                        .any(|l| matches!(l, Label::Pinned(p) if *p == at)) =>
            {
                Some(*src)
            }
            _ => None,
        }
    }

    fn br_if(&mut self, depth: u32) -> Result<()> {
        self.br_if_or_not(depth, false)
    }

    /// `br_if`, or with `negate` a branch taken when the condition is
    /// zero (`br_on_cast_fail`).
    fn br_if_or_not(&mut self, depth: u32, negate: bool) -> Result<()> {
        let idx = self.control.len() - 1 - depth as usize;
        let is_function = self.control[idx].kind == FrameKind::Function;
        // The branch values stay on the stack (below the condition).
        let cond = self.stack.pop();
        let copies = self.branch_copies(depth)?;
        self.stack.push(cond.0);
        if copies.moves.is_empty() && !is_function {
            self.control[idx].branched = true;
            let label = self.control[idx].label;
            return self.conditional_branch(negate, label);
        }
        // if !cond skip; copies; br target; skip:
        let skip = self.new_label();
        self.conditional_branch(!negate, skip)?;
        self.take_branch(idx, copies)?;
        self.pin_label(skip)
    }

    /// `br_on_null` (or, with `non_null`, `br_on_non_null`) to the frame
    /// `depth` levels up. `br_on_null` drops the reference when it branches
    /// and keeps it otherwise; `br_on_non_null` passes it as the branch's
    /// last value and drops it otherwise.
    #[cfg(feature = "function-references")]
    fn br_on_null(&mut self, depth: u32, non_null: bool) -> Result<()> {
        let idx = self.control.len() - 1 - depth as usize;
        let is_function = self.control[idx].kind == FrameKind::Function;
        let kind = self.kind_at(self.stack.len() - 1);
        let (operand, pos) = self.stack.pop();
        if let Operand::Const(bits) = operand {
            // `ref.null` (the only constant reference): known outcome.
            let taken = (bits == 0) != non_null;
            if non_null {
                self.stack.push_typed(operand, kind);
            }
            if taken {
                self.branch(depth)?;
                self.mark_unreachable();
            } else if non_null {
                self.stack.pop();
            } else {
                self.stack.push_typed(operand, kind);
            }
            return Ok(());
        }
        // The reference's slot: nothing below writes it (branch copies
        // write the target frame's temps, below this position, and never
        // locals).
        let r = match operand {
            Operand::Local(l) => self.slot(l)?,
            _ => self.slot(self.stack.temp_slot(pos))?,
        };
        if non_null {
            self.stack.push_typed(operand, kind);
        }
        let copies = self.branch_copies(depth)?;
        let (take, skip_op): (fn(Slot) -> Op, fn(Slot) -> Op) = if non_null {
            (
                |r| Op::BrOnNonNull { r, offset: 0 },
                |r| Op::BrOnNull { r, offset: 0 },
            )
        } else {
            (
                |r| Op::BrOnNull { r, offset: 0 },
                |r| Op::BrOnNonNull { r, offset: 0 },
            )
        };
        if copies.moves.is_empty() && !is_function {
            self.control[idx].branched = true;
            let label = self.control[idx].label;
            self.emit_branch(take(r), label)?;
        } else {
            // if not taken, skip; copies; br target; skip:
            let skip = self.new_label();
            self.emit_branch(skip_op(r), skip)?;
            self.take_branch(idx, copies)?;
            self.pin_label(skip)?;
        }
        self.end_run();
        if non_null {
            self.stack.pop();
        } else {
            self.stack.push_typed(operand, kind);
        }
        Ok(())
    }

    /// The taken side of a conditional branch to control frame `idx` whose
    /// values need `copies`: the copies and a `br`, or the function's
    /// return.
    fn take_branch(&mut self, idx: usize, copies: BranchCopies) -> Result<()> {
        if self.control[idx].kind == FrameKind::Function {
            return self.emit_return();
        }
        self.emit_copies(copies)?;
        self.control[idx].branched = true;
        let label = self.control[idx].label;
        self.emit_branch(Op::Br { offset: 0 }, label)
    }

    fn br_table(&mut self, targets: &wasmparser::BrTable<'_>) -> Result<()> {
        let mut depths = Vec::with_capacity(targets.len() as usize + 1);
        for t in targets.targets() {
            depths.push(t.map_err(|e| Error::from_reader(Some(self.func_index), e))?);
        }
        depths.push(targets.default());
        let index = self.pop_slot()?;
        let len = depths.len() as u32 - 1;
        self.emit(Op::BrTable { index, len });
        let mut stubs = Vec::new();
        for &depth in &depths {
            let idx = self.control.len() - 1 - depth as usize;
            let copies = self.branch_copies(depth)?;
            if copies.moves.is_empty() && self.control[idx].kind != FrameKind::Function {
                self.control[idx].branched = true;
                let label = self.control[idx].label;
                self.emit_branch(Op::Br { offset: 0 }, label)?;
            } else {
                let stub = self.new_label();
                self.emit_branch(Op::Br { offset: 0 }, stub)?;
                stubs.push((stub, depth));
            }
        }
        for (stub, depth) in stubs {
            self.pin_label(stub)?;
            self.branch(depth)?;
        }
        Ok(())
    }

    /// Moves the fallthrough results of the innermost frame into place.
    fn fallthrough_results(&mut self) -> Result<()> {
        let frame = self.control.last().unwrap();
        let copies = self.copies_to(self.stack.temp_slot(frame.height), frame.num_results)?;
        self.emit_copies(copies)
    }

    fn end(&mut self) -> Result<()> {
        let frame_kind = self.control.last().unwrap().kind;
        if frame_kind == FrameKind::Function {
            if self.reachable {
                self.emit_return()?;
            }
            self.control.pop();
            return Ok(());
        }
        #[cfg(feature = "exceptions")]
        self.end_exn_frame(frame_kind);
        self.end_block()
    }

    /// The `end` of a frame other than the function's: its fallthrough
    /// results, its label, and its results on the stack.
    fn end_block(&mut self) -> Result<()> {
        if self.reachable {
            self.fallthrough_results()?;
        }
        let frame = self.control.pop().unwrap();
        let after_reachable = match frame.kind {
            FrameKind::Loop => self.reachable,
            FrameKind::If { else_label } => {
                // No else arm: the false path reaches the end with the
                // params (already in place) as results.
                self.pin_label(else_label)?;
                frame.entry_reachable || self.reachable || frame.branched
            }
            _ => self.reachable || frame.branched,
        };
        if frame.kind != FrameKind::Loop {
            self.pin_label(frame.label)?;
        }
        self.stack.truncate(frame.height);
        self.push_block_values(frame.ty, true)?;
        self.reachable = after_reachable;
        Ok(())
    }

    /// The end of a block's code before its `else` (or a legacy `catch`):
    /// its results to their slots and a branch to its end, if reachable.
    fn block_fallthrough(&mut self) -> Result<()> {
        if self.reachable {
            self.fallthrough_results()?;
            let idx = self.control.len() - 1;
            self.control[idx].branched = true;
            let label = self.control[idx].label;
            self.emit_branch(Op::Br { offset: 0 }, label)?;
        }
        Ok(())
    }

    fn else_(&mut self) -> Result<()> {
        self.block_fallthrough()?;
        let frame = self.control.last_mut().unwrap();
        let FrameKind::If { else_label } = frame.kind else {
            unreachable!("validated: else follows if")
        };
        frame.kind = FrameKind::Else;
        let (height, ty, reachable) = (frame.height, frame.ty, frame.entry_reachable);
        self.pin_label(else_label)?;
        self.stack.truncate(height);
        self.push_block_values(ty, false)?;
        self.reachable = reachable;
        Ok(())
    }

    /// Pushes temps for a block's results (or, if not `results`, its
    /// parameters), each typed as the block type says.
    fn push_block_values(&mut self, ty: BlockType, results: bool) -> Result<()> {
        // Without v128s and GC references, every value has the same kind.
        #[cfg(not(any(feature = "simd", feature = "gc")))]
        {
            let (params, res) = self.block_arity(ty)?;
            for _ in 0..if results { res } else { params } {
                self.push_temp()?;
            }
            Ok(())
        }
        #[cfg(any(feature = "simd", feature = "gc"))]
        match ty {
            BlockType::Empty => {}
            BlockType::Type(t) => {
                if results {
                    match ValType::from_wasm(t) {
                        Some(t) => self.push_temp_of(t)?,
                        None => self.push_temp()?,
                    };
                }
            }
            BlockType::FuncType(idx) => {
                let info = self.info;
                let t = info.func_type(idx)?;
                let values = if results { t.results() } else { t.params() };
                for v in values {
                    self.push_temp_of(*v)?;
                }
            }
        }
        #[cfg(any(feature = "simd", feature = "gc"))]
        Ok(())
    }

    fn mark_unreachable(&mut self) {
        self.reachable = false;
        self.fusable = None;
    }

    // ---- operators ------------------------------------------------------

    fn operator(&mut self, op: &Operator<'_>) -> Result<()> {
        if !self.reachable {
            return self.dead_operator(op);
        }
        self.charge_fuel();
        if let Some(f) = family(op) {
            self.family_op(f)?;
            if self.info.deterministic {
                self.canonicalize_nan(op)?;
            }
            return Ok(());
        }
        // Each category's reader says whether the operator is one of its
        // (inlined here, so that the compiler can join their matches).
        #[cfg(feature = "simd")]
        if self.v128_special_op(op)? {
            return Ok(());
        }
        #[cfg(feature = "exceptions")]
        if self.exn_op(op)? {
            return Ok(());
        }
        #[cfg(feature = "gc")]
        if self.gc_op(op)? {
            return Ok(());
        }
        let known = self.value_op(op)?
            || self.control_op(op)?
            || self.call_op(op)?
            || self.memory_op(op)?
            || self.table_op(op)?;
        if !known {
            return Err(self.unsupported_operator());
        }
        Ok(())
    }

    /// The error for an operator outside the features translated here.
    /// Only reachable for modules loaded unchecked: the validator's
    /// features are the ones translated here. (Not `{op:?}`: the operators'
    /// Debug text is 14 KB of flash on a microcontroller.)
    #[cold]
    fn unsupported_operator(&self) -> Error {
        self.unsupported(&alloc::format!(
            "the operator at byte offset {} is not supported \
             (see spindle::parse::features)",
            self.offset
        ))
    }

    /// Blocks, branches and returns.
    #[inline(always)]
    fn control_op(&mut self, op: &Operator<'_>) -> Result<bool> {
        match *op {
            Operator::Nop => {}
            Operator::Unreachable => {
                self.emit(Op::Trap {
                    code: TrapCode::Unreachable,
                });
                self.mark_unreachable();
            }
            Operator::Block { blockty } => {
                let label = self.new_label();
                self.push_frame(FrameKind::Block, blockty, label)?;
            }
            Operator::Loop { blockty } => {
                let label = self.new_label();
                self.push_frame(FrameKind::Loop, blockty, label)?;
                self.pin_label(label)?;
            }
            Operator::If { blockty } => {
                // The condition is read right here, before anything inside
                // the `if` runs, so it need not be preserved with the stack.
                let cond = self.stack.pop();
                let label = self.new_label();
                self.push_frame(FrameKind::Block, blockty, label)?;
                self.stack.push(cond.0);
                let else_label = self.new_label();
                self.conditional_branch(true, else_label)?;
                self.control.last_mut().unwrap().kind = FrameKind::If { else_label };
            }
            Operator::Else => self.else_()?,
            Operator::End => self.end()?,
            Operator::Br { relative_depth } => {
                self.branch(relative_depth)?;
                self.mark_unreachable();
            }
            Operator::BrIf { relative_depth } => self.br_if(relative_depth)?,
            #[cfg(feature = "function-references")]
            Operator::BrOnNull { relative_depth } => self.br_on_null(relative_depth, false)?,
            #[cfg(feature = "function-references")]
            Operator::BrOnNonNull { relative_depth } => self.br_on_null(relative_depth, true)?,
            Operator::BrTable { ref targets } => {
                self.br_table(targets)?;
                self.mark_unreachable();
            }
            Operator::Return => {
                self.emit_return()?;
                self.mark_unreachable();
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Direct and indirect calls.
    #[inline(always)]
    fn call_op(&mut self, op: &Operator<'_>) -> Result<bool> {
        match *op {
            Operator::Call { function_index } => {
                let info = self.info;
                let ty = info.func_type_of(function_index)?;
                let (params, results) = (ty.params().len() as u32, ty.results());
                // Defined functions by their index among the defined ones, so
                // that the call needs no lookup; imports flagged.
                let func = match function_index.checked_sub(self.info.num_imported_funcs) {
                    Some(defined) => defined,
                    None => function_index | crate::bytecode::CALL_IMPORT,
                };
                self.call(params, results, |base| Op::Call { func, base })?;
                self.call_safepoint(results.len())?;
            }
            Operator::CallIndirect {
                type_index,
                table_index,
            } => {
                let info = self.info;
                let ty = info.func_type(type_index)?;
                let (params, results) = (ty.params().len() as u32, ty.results());
                let table = u16::try_from(table_index)
                    .map_err(|_| self.unsupported("table index above 65,535"))?;
                let index = self.pop_slot()?;
                self.call(params, results, |base| Op::CallIndirect {
                    table,
                    ty: type_index,
                    index,
                    base,
                })?;
                self.call_safepoint(results.len())?;
            }
            // Wide arithmetic: operands in consecutive temps, the two
            // results (low, high) in the first two, as a call leaves them.
            Operator::I64Add128 => {
                self.call(4, &[ValType::I64; 2], |args| Op::I64Add128 { args })?
            }
            Operator::I64Sub128 => {
                self.call(4, &[ValType::I64; 2], |args| Op::I64Sub128 { args })?
            }
            Operator::I64MulWideS => {
                self.call(2, &[ValType::I64; 2], |args| Op::I64MulWideS { args })?
            }
            Operator::I64MulWideU => {
                self.call(2, &[ValType::I64; 2], |args| Op::I64MulWideU { args })?
            }
            Operator::ReturnCall { function_index } => {
                let ty = self.info.func_type_of(function_index)?;
                let params = ty.params().len() as u32;
                let func = match function_index.checked_sub(self.info.num_imported_funcs) {
                    Some(defined) => defined,
                    None => function_index | crate::bytecode::CALL_IMPORT,
                };
                let base = self.pop_args(params)?;
                self.unalign_before_tail_call(base, ty.params(), base);
                self.emit(Op::ReturnCall { func, base });
                self.mark_unreachable();
            }
            #[cfg(feature = "function-references")]
            Operator::CallRef { type_index } => {
                let info = self.info;
                let ty = info.func_type(type_index)?;
                let (params, results) = (ty.params().len() as u32, ty.results());
                let r = self.pop_slot()?;
                self.call(params, results, |base| Op::CallRef { r, base })?;
                self.call_safepoint(results.len())?;
            }
            #[cfg(feature = "function-references")]
            Operator::ReturnCallRef { type_index } => {
                let info = self.info;
                let ty = info.func_type(type_index)?;
                let params = ty.params().len() as u32;
                let r = self.pop_slot()?;
                let base = self.pop_args(params)?;
                self.unalign_before_tail_call(base, ty.params(), r);
                self.emit(Op::ReturnCallRef { r, base });
                self.mark_unreachable();
            }
            Operator::ReturnCallIndirect {
                type_index,
                table_index,
            } => {
                let info = self.info;
                let ty = info.func_type(type_index)?;
                let params = ty.params().len() as u32;
                let table = u16::try_from(table_index)
                    .map_err(|_| self.unsupported("table index above 65,535"))?;
                let index = self.pop_slot()?;
                let base = self.pop_args(params)?;
                self.unalign_before_tail_call(base, ty.params(), index);
                self.emit(Op::ReturnCallIndirect {
                    table,
                    ty: type_index,
                    index,
                    base,
                });
                self.mark_unreachable();
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Locals, globals, constants, `drop`, `select` and references: operators that
    /// mostly move values between the operand stack and slots.
    #[inline(always)]
    fn value_op(&mut self, op: &Operator<'_>) -> Result<bool> {
        match *op {
            Operator::Drop => {
                self.stack.pop();
            }
            Operator::Select | Operator::TypedSelect { .. } => {
                let cond = self.pop_slot()?;
                #[cfg(feature = "simd")]
                if self.stack.is_wide(self.stack.len() - 1) {
                    let b = self.pop_slot()?;
                    let a = self.pop_slot()?;
                    let dst = self.push_temp_typed(true)?;
                    self.emit_result(Op::SelectV128 { dst, cond, a, b });
                    return Ok(true);
                }
                // A constant second value is an immediate if its cell is
                // a zero-extended 32-bit value (whatever the type: the op
                // writes the cell's bits).
                let top = self.stack.len() - 1;
                let imm = match self.stack.get(top) {
                    Operand::Const(bits) => u32::try_from(bits).ok(),
                    _ => None,
                };
                let kind = self.kind_at(top);
                if let Some(b) = imm {
                    self.stack.pop();
                    let a = self.pop_slot()?;
                    let dst = self.push_temp_kind(kind)?;
                    self.emit_result(Op::SelectImm { dst, cond, a, b });
                } else {
                    let b = self.pop_slot()?;
                    let a = self.pop_slot()?;
                    let dst = self.push_temp_kind(kind)?;
                    self.emit_result(Op::Select { dst, cond, a, b });
                }
            }
            Operator::LocalGet { local_index } => {
                let l = self.local_slot(local_index)?;
                let kind = self.local_kind(l);
                self.stack.push_typed(Operand::Local(l), kind);
            }
            Operator::LocalSet { local_index } => {
                self.local_set(self.local_slot(local_index)?, false)?
            }
            Operator::LocalTee { local_index } => {
                self.local_set(self.local_slot(local_index)?, true)?
            }
            Operator::GlobalGet { global_index } => {
                #[cfg(feature = "simd")]
                if self
                    .info
                    .globals
                    .get(global_index as usize)
                    .is_some_and(|g| g.content.is_v128())
                {
                    let dst = self.push_temp_typed(true)?;
                    self.emit_result(Op::GlobalGetV128 {
                        dst,
                        global: global_index,
                    });
                    return Ok(true);
                }
                #[cfg(feature = "gc")]
                let dst = match self.info.globals.get(global_index as usize) {
                    Some(g) => self.push_temp_of(g.content)?,
                    None => self.push_temp()?,
                };
                #[cfg(not(feature = "gc"))]
                let dst = self.push_temp()?;
                self.emit_result(Op::GlobalGet {
                    dst,
                    global: global_index,
                });
            }
            Operator::GlobalSet { global_index } => {
                #[cfg(feature = "simd")]
                if self.stack.is_wide(self.stack.len() - 1) {
                    let src = self.pop_slot()?;
                    self.emit(Op::GlobalSetV128 {
                        src,
                        global: global_index,
                    });
                    return Ok(true);
                }
                let src = self.pop_slot()?;
                self.emit(Op::GlobalSet {
                    src,
                    global: global_index,
                });
            }
            Operator::I32Const { value } => {
                self.stack.push(Operand::Const(value as u32 as u64));
            }
            Operator::I64Const { value } => {
                self.stack.push(Operand::Const(value as u64));
            }
            Operator::F32Const { value } => {
                self.stack.push(Operand::Const(value.bits() as u64));
            }
            Operator::F64Const { value } => {
                self.stack.push(Operand::Const(value.bits()));
            }
            Operator::RefNull { .. } => {
                // Null names nothing: no kind needed for the collector.
                self.stack.push(Operand::Const(0));
            }
            Operator::RefIsNull => self.family_op(Family::Unary(
                const { unsafe { Form::of(Op::I64Eqz { dst: 0, src: 0 }) } },
            ))?,
            Operator::RefFunc { function_index } => {
                let dst = self.push_temp()?;
                self.emit(Op::RefFunc {
                    dst,
                    func: function_index,
                });
            }
            // Reinterpretations keep the bits, and an i32's cell is
            // already its zero extension to 64 bits (`bytecode` docs):
            // nothing to do.
            Operator::I32ReinterpretF32
            | Operator::I64ReinterpretF64
            | Operator::F32ReinterpretI32
            | Operator::F64ReinterpretI64
            | Operator::I64ExtendI32U => {}
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Memory size and growth, and the bulk memory operators.
    #[inline(always)]
    fn memory_op(&mut self, op: &Operator<'_>) -> Result<bool> {
        match *op {
            Operator::MemorySize { mem } => {
                let memory = self.memory_operand(mem)?;
                let dst = self.push_temp()?;
                self.emit(Op::MemorySize { dst, memory });
            }
            Operator::MemoryGrow { mem } => {
                let memory = self.memory_operand(mem)?;
                let delta = self.pop_slot()?;
                let dst = self.push_temp()?;
                self.emit(Op::MemoryGrow { dst, delta, memory });
            }
            Operator::MemoryFill { mem } => {
                let memory = self.memory_operand(mem)?;
                let args = self.pop_args(3)?;
                self.emit(Op::MemoryFill { args, memory });
            }
            Operator::MemoryCopy { dst_mem, src_mem } => {
                let dst_memory = self.memory_operand(dst_mem)?;
                let src_memory = self.memory_operand(src_mem)?;
                let args = self.pop_args(3)?;
                self.emit(Op::MemoryCopy {
                    args,
                    dst_memory,
                    src_memory,
                });
            }
            Operator::MemoryInit { data_index, mem } => {
                let memory = self.memory_operand(mem)?;
                let args = self.pop_args(3)?;
                self.emit(Op::MemoryInit {
                    seg: data_index,
                    args,
                    memory,
                });
            }
            Operator::DataDrop { data_index } => {
                self.emit(Op::DataDrop { seg: data_index });
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Table access and the bulk table operators.
    #[inline(always)]
    fn table_op(&mut self, op: &Operator<'_>) -> Result<bool> {
        match *op {
            Operator::TableGet { table } => {
                let index = self.pop_slot()?;
                #[cfg(feature = "gc")]
                let dst = match self.info.tables.get(table as usize) {
                    Some(t) => self.push_temp_of(t.element)?,
                    None => self.push_temp()?,
                };
                #[cfg(not(feature = "gc"))]
                let dst = self.push_temp()?;
                self.emit(Op::TableGet { dst, table, index });
            }
            Operator::TableSet { table } => {
                let value = self.pop_slot()?;
                let index = self.pop_slot()?;
                self.emit(Op::TableSet {
                    table,
                    index,
                    value,
                });
            }
            Operator::TableSize { table } => {
                let dst = self.push_temp()?;
                self.emit(Op::TableSize { dst, table });
            }
            Operator::TableGrow { table } => {
                let args = self.pop_args(2)?;
                let dst = self.push_temp()?;
                self.emit(Op::TableGrow { dst, table, args });
            }
            Operator::TableFill { table } => {
                let args = self.pop_args(3)?;
                self.emit(Op::TableFill { table, args });
            }
            Operator::TableCopy {
                dst_table,
                src_table,
            } => {
                let args = self.pop_args(3)?;
                self.emit(Op::TableCopy {
                    dst_table,
                    src_table,
                    args,
                });
            }
            Operator::TableInit { elem_index, table } => {
                let args = self.pop_args(3)?;
                self.emit(Op::TableInit {
                    table,
                    seg: elem_index,
                    args,
                });
            }
            Operator::ElemDrop { elem_index } => {
                self.emit(Op::ElemDrop { seg: elem_index });
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn dead_operator(&mut self, op: &Operator<'_>) -> Result<()> {
        match op {
            Operator::Block { .. } | Operator::Loop { .. } | Operator::If { .. } => {
                self.dead_depth += 1
            }
            Operator::Else if self.dead_depth == 0 => self.else_()?,
            Operator::End if self.dead_depth == 0 => self.end()?,
            Operator::End => self.dead_depth -= 1,
            #[cfg(feature = "exceptions")]
            Operator::TryTable { .. } | Operator::Try { .. } => self.dead_depth += 1,
            #[cfg(feature = "exceptions")]
            Operator::Catch { .. } | Operator::CatchAll if self.dead_depth == 0 => {
                self.exn_op(op)?;
            }
            #[cfg(feature = "exceptions")]
            Operator::Delegate { .. } if self.dead_depth == 0 => {
                self.exn_op(op)?;
            }
            #[cfg(feature = "exceptions")]
            Operator::Delegate { .. } => self.dead_depth -= 1,
            _ => {}
        }
        Ok(())
    }

    /// Materialises the top `n` operands as consecutive temps for a bulk
    /// op, pops them and returns the first slot.
    fn pop_args(&mut self, n: u32) -> Result<Slot> {
        let base = self.materialize_top(n)?;
        for _ in 0..n {
            self.stack.pop();
        }
        Ok(base)
    }

    fn call(
        &mut self,
        params: u32,
        results: &[ValType],
        op: impl FnOnce(Slot) -> Op,
    ) -> Result<()> {
        let base_pos = self.stack.len() - params;
        let base = self.materialize_top(params)?;
        for _ in 0..params {
            self.stack.pop();
        }
        // The callee's results come back in slots base.., i.e. the temps of
        // positions base_pos..; reserve them even with no params.
        debug_assert_eq!(self.stack.len(), base_pos);
        self.emit(op(base));
        for r in results {
            self.push_temp_of(*r)?;
        }
        Ok(())
    }

    /// Records the stack map of the call just emitted, whose `results`
    /// results were pushed after it (see [`maps`]: its arguments are not
    /// in the map).
    #[inline]
    fn call_safepoint(&mut self, results: usize) -> Result<()> {
        #[cfg(feature = "gc")]
        self.record_map(self.stack.len() - results as u32)?;
        let _ = results;
        Ok(())
    }

    /// The first slot of local `index` (see "v128 values"). An unknown
    /// local (only in a module loaded unchecked) is an error.
    fn local_slot(&self, index: u32) -> Result<u32> {
        #[cfg(feature = "simd")]
        {
            if index >= self.num_local_indices {
                return Err(Error::invalid(
                    Some(self.func_index),
                    self.offset as u64,
                    "unknown local",
                ));
            }
            if let Some(&slot) = self.local_slots.get(index as usize) {
                return Ok(slot);
            }
        }
        // (Without v128 a local's slot is its index, which a module loaded
        // unchecked may have wrong, as before.)
        Ok(index)
    }

    /// Whether the local in slot `l` is a v128.
    fn local_is_wide(&self, l: u32) -> bool {
        #[cfg(feature = "simd")]
        return self.local_wide.get(l as usize).copied().unwrap_or(false);
        #[cfg(not(feature = "simd"))]
        {
            let _ = l;
            false
        }
    }

    /// Sets the local whose first slot is `local` from the top of the
    /// stack (and pushes it back, if `tee`).
    fn local_set(&mut self, local: u32, tee: bool) -> Result<()> {
        let wide = self.stack.is_wide(self.stack.len() - 1);
        let (operand, pos) = self.stack.pop();
        let dst = self.slot(local)?;
        let preserved = self.preserve_locals(Some(local))?;
        match operand {
            Operand::Temp => {
                let temp = self.stack.temp_slot(pos);
                let fused = match self.fusable {
                    Some(at) if !preserved => match self.ops[at].result_slot_mut() {
                        Some(d) if *d as u32 == temp => {
                            *d = dst;
                            true
                        }
                        _ => false,
                    },
                    _ => false,
                };
                if !fused {
                    let src = self.slot(temp)?;
                    self.emit(copy_op(dst, src, wide));
                }
            }
            Operand::Local(l) if l == local => {}
            Operand::Local(l) => {
                let src = self.slot(l)?;
                self.emit(copy_op(dst, src, wide));
            }
            Operand::Const(bits) => self.emit_const(dst, bits),
        }
        self.fusable = None;
        if tee {
            let kind = self.local_kind(local);
            self.stack.push_typed(Operand::Local(local), kind);
        }
        Ok(())
    }

    /// In deterministic mode, follows a float op that can produce a NaN
    /// with a canonicalising copy of its result (in place, so a following
    /// `local.set` still fuses into the copy).
    fn canonicalize_nan(&mut self, op: &Operator<'_>) -> Result<()> {
        use Operator as O;
        let wide = match op {
            O::F32Add
            | O::F32Sub
            | O::F32Mul
            | O::F32Div
            | O::F32Min
            | O::F32Max
            | O::F32Sqrt
            | O::F32Ceil
            | O::F32Floor
            | O::F32Trunc
            | O::F32Nearest
            | O::F32DemoteF64 => false,
            O::F64Add
            | O::F64Sub
            | O::F64Mul
            | O::F64Div
            | O::F64Min
            | O::F64Max
            | O::F64Sqrt
            | O::F64Ceil
            | O::F64Floor
            | O::F64Trunc
            | O::F64Nearest
            | O::F64PromoteF32 => true,
            #[cfg(feature = "simd")]
            O::F32x4Add
            | O::F32x4Sub
            | O::F32x4Mul
            | O::F32x4Div
            | O::F32x4Min
            | O::F32x4Max
            | O::F32x4Sqrt
            | O::F32x4Ceil
            | O::F32x4Floor
            | O::F32x4Trunc
            | O::F32x4Nearest
            | O::F32x4DemoteF64x2Zero
            | O::F32x4RelaxedMadd
            | O::F32x4RelaxedNmadd
            | O::F32x4RelaxedMin
            | O::F32x4RelaxedMax => {
                let dst = self.slot(self.stack.temp_slot(self.stack.len() - 1))?;
                self.emit(Op::CanonNanF32x4 { dst });
                return Ok(());
            }
            #[cfg(feature = "simd")]
            O::F64x2Add
            | O::F64x2Sub
            | O::F64x2Mul
            | O::F64x2Div
            | O::F64x2Min
            | O::F64x2Max
            | O::F64x2Sqrt
            | O::F64x2Ceil
            | O::F64x2Floor
            | O::F64x2Trunc
            | O::F64x2Nearest
            | O::F64x2PromoteLowF32x4
            | O::F64x2RelaxedMadd
            | O::F64x2RelaxedNmadd
            | O::F64x2RelaxedMin
            | O::F64x2RelaxedMax => {
                let dst = self.slot(self.stack.temp_slot(self.stack.len() - 1))?;
                self.emit(Op::CanonNanF64x2 { dst });
                return Ok(());
            }
            _ => return Ok(()),
        };
        let top = self.slot(self.stack.temp_slot(self.stack.len() - 1))?;
        self.emit_result(if wide {
            Op::CanonNan64 { dst: top, src: top }
        } else {
            Op::CanonNan32 { dst: top, src: top }
        });
        Ok(())
    }

    fn family_op(&mut self, f: Family) -> Result<()> {
        match f {
            Family::Binary { rr, ri, wide } => {
                let (b, pb) = self.stack.pop();
                let (a, pa) = self.stack.pop();
                if let (Some(ri), Operand::Const(bits)) = (ri, b) {
                    if let Some(imm) = immediate(bits, wide) {
                        let lhs = self.use_operand(a, pa)?;
                        let dst = self.push_temp()?;
                        self.emit_result(ri.build(dst, lhs, imm));
                        return Ok(());
                    }
                }
                let lhs = self.use_operand(a, pa)?;
                let rhs = self.use_operand(b, pb)?;
                let dst = self.push_temp()?;
                self.emit_result(rr.build(dst, lhs, rhs));
            }
            Family::Unary(build) => {
                let src = self.pop_slot()?;
                let dst = self.push_temp()?;
                self.emit_result(build.build(dst, src, ()));
            }
            Family::Load {
                op,
                add,
                #[cfg(feature = "memory64")]
                mem,
                memarg,
            } => {
                if !self.default_memory(&memarg) {
                    #[cfg(feature = "memory64")]
                    {
                        let (addr, _, memory, offset) =
                            self.general_access(&memarg, false, false)?;
                        let dst = self.push_temp()?;
                        self.emit_result(mem.build4(dst, addr, memory, offset));
                        return Ok(());
                    }
                    #[cfg(not(feature = "memory64"))]
                    return Err(self.without_memory64());
                }
                let top = self.stack.len() - 1;
                if let (0, Some((base, imm))) = (memarg.offset, self.fusable_add(top)) {
                    self.unemit_last();
                    self.stack.pop();
                    let dst = self.push_temp()?;
                    self.emit_result(add.build(dst, base, imm));
                    return Ok(());
                }
                let addr = self.pop_slot()?;
                let dst = self.push_temp()?;
                self.emit_result(op.build(dst, addr, memarg.offset as u32));
            }
            Family::Store {
                slot,
                add,
                imm,
                #[cfg(feature = "memory64")]
                mem,
                wide,
                memarg,
            } => {
                if !self.default_memory(&memarg) {
                    #[cfg(feature = "memory64")]
                    {
                        let (addr, value, memory, offset) =
                            self.general_access(&memarg, true, false)?;
                        let value = value.expect("a store has a value");
                        self.emit(mem.build4(addr, value, memory, offset));
                        return Ok(());
                    }
                    #[cfg(not(feature = "memory64"))]
                    return Err(self.without_memory64());
                }
                // The address's add is the last op only if the value is a
                // local (a temp value or a constant would come after it).
                let top = self.stack.len() - 1;
                if let (0, Operand::Local(l), Some((base, imm))) = (
                    memarg.offset,
                    self.stack.get(top),
                    self.fusable_add(top - 1),
                ) {
                    let value = self.slot(l)?;
                    self.unemit_last();
                    self.stack.pop();
                    self.stack.pop();
                    self.emit(add.build(base, value, imm));
                    return Ok(());
                }
                let (value, pv) = self.stack.pop();
                let offset = memarg.offset as u32;
                if let (Some(imm), Operand::Const(bits)) = (imm, value) {
                    if let Some(v) = immediate(bits, wide) {
                        let addr = self.pop_slot()?;
                        self.emit(imm.build(addr, v, offset));
                        return Ok(());
                    }
                }
                let value = self.use_operand(value, pv)?;
                let addr = self.pop_slot()?;
                self.emit(slot.build(addr, value, offset));
            }
            #[cfg(feature = "simd")]
            f => self.v128_op(f)?,
        }
        Ok(())
    }

    /// A SIMD operator of a generated family (see "v128 values" for where
    /// a v128 lives).
    #[cfg(feature = "simd")]
    fn v128_op(&mut self, f: Family) -> Result<()> {
        match f {
            Family::V128Binary(build) => {
                let rhs = self.pop_slot()?;
                let lhs = self.pop_slot()?;
                let dst = self.push_temp_typed(true)?;
                self.emit_result(build.build(dst, lhs, rhs));
            }
            Family::V128Unary(build) => {
                let src = self.pop_slot()?;
                let dst = self.push_temp_typed(true)?;
                self.emit_result(build.build(dst, src, ()));
            }
            Family::V128Ternary(build) => {
                let c = self.pop_slot()?;
                let b = self.pop_slot()?;
                let a = self.pop_slot()?;
                let dst = self.push_temp_typed(true)?;
                self.emit_result(build.build4(dst, a, b, c));
            }
            Family::V128Test(build) => {
                let src = self.pop_slot()?;
                let dst = self.push_temp()?;
                self.emit_result(build.build(dst, src, ()));
            }
            Family::V128Shift(build) => {
                let n = self.pop_slot()?;
                let v = self.pop_slot()?;
                let dst = self.push_temp_typed(true)?;
                self.emit_result(build.build(dst, v, n));
            }
            Family::V128Splat(build) => {
                let x = self.pop_slot()?;
                let dst = self.push_temp_typed(true)?;
                self.emit_result(build.build(dst, x, ()));
            }
            Family::V128Extract(build, lane) => {
                let src = self.pop_slot()?;
                let dst = self.push_temp()?;
                self.emit_result(build.build(dst, src, lane));
            }
            Family::V128Replace(build, lane) => {
                let x = self.pop_slot()?;
                let v = self.pop_slot()?;
                let dst = self.push_temp_typed(true)?;
                self.emit_result(build.build4(dst, v, x, lane));
            }
            Family::V128Load {
                op,
                add,
                #[cfg(feature = "memory64")]
                mem,
                memarg,
            } => {
                if !self.default_memory(&memarg) {
                    #[cfg(feature = "memory64")]
                    {
                        let (addr, _, memory, offset) =
                            self.general_access(&memarg, false, false)?;
                        let dst = self.push_temp_typed(true)?;
                        self.emit_result(mem.build4(dst, addr, memory, offset));
                        return Ok(());
                    }
                    #[cfg(not(feature = "memory64"))]
                    return Err(self.without_memory64());
                }
                let top = self.stack.len() - 1;
                if let (0, Some((base, imm))) = (memarg.offset, self.fusable_add(top)) {
                    self.unemit_last();
                    self.stack.pop();
                    let dst = self.push_temp_typed(true)?;
                    self.emit_result(add.build(dst, base, imm));
                    return Ok(());
                }
                let addr = self.pop_slot()?;
                let dst = self.push_temp_typed(true)?;
                self.emit_result(op.build(dst, addr, memarg.offset as u32));
            }
            Family::V128Store {
                op,
                #[cfg(feature = "memory64")]
                mem,
                memarg,
            } => {
                if !self.default_memory(&memarg) {
                    #[cfg(feature = "memory64")]
                    {
                        let (addr, value, memory, offset) =
                            self.general_access(&memarg, true, false)?;
                        let value = value.expect("a store has a value");
                        self.emit(mem.build4(addr, value, memory, offset));
                        return Ok(());
                    }
                    #[cfg(not(feature = "memory64"))]
                    return Err(self.without_memory64());
                }
                let value = self.pop_slot()?;
                let addr = self.pop_slot()?;
                self.emit(op.build(addr, value, memarg.offset as u32));
            }
            Family::V128LoadLane {
                op,
                #[cfg(feature = "memory64")]
                mem,
                memarg,
                lane,
            } => {
                // The op updates the vector in place: in its own temp,
                // which dies here, then copied to the result's.
                let top = self.stack.len() - 1;
                self.materialize(top)?;
                let v = if !self.default_memory(&memarg) {
                    #[cfg(feature = "memory64")]
                    {
                        let (addr, v, memory, _) = self.general_access(&memarg, true, true)?;
                        let v = v.expect("a lane load has a vector");
                        self.emit(mem.build4(v, addr, memory, lane));
                        v
                    }
                    #[cfg(not(feature = "memory64"))]
                    return Err(self.without_memory64());
                } else {
                    let v = self.pop_slot()?;
                    let addr = self.pop_slot()?;
                    self.emit(op.build4(v, addr, lane, memarg.offset as u32));
                    v
                };
                let dst = self.push_temp_typed(true)?;
                self.emit(Op::CopyV128 { dst, src: v });
            }
            Family::V128StoreLane {
                op,
                #[cfg(feature = "memory64")]
                mem,
                memarg,
                lane,
            } => {
                if !self.default_memory(&memarg) {
                    #[cfg(feature = "memory64")]
                    {
                        let (addr, v, memory, _) = self.general_access(&memarg, true, true)?;
                        let v = v.expect("a lane store has a vector");
                        self.emit(mem.build4(addr, v, memory, lane));
                        return Ok(());
                    }
                    #[cfg(not(feature = "memory64"))]
                    return Err(self.without_memory64());
                }
                let v = self.pop_slot()?;
                let addr = self.pop_slot()?;
                self.emit(op.build4(addr, v, lane, memarg.offset as u32));
            }
            _ => unreachable!("v128_op is given the SIMD families"),
        }
        Ok(())
    }

    /// `v128.const` and `i8x16.shuffle`, whose 16-byte immediates do not
    /// fit an op: a constant's halves are written by a `const64` (low) and
    /// a `v128.const_hi` (high); a shuffle's lane indices are such a
    /// constant, in a scratch slot above the stack.
    #[cfg(feature = "simd")]
    #[inline(always)]
    fn v128_special_op(&mut self, op: &Operator<'_>) -> Result<bool> {
        match *op {
            Operator::V128Const { value } => {
                let v = u128::from_le_bytes(*value.bytes());
                if let Some(slot) = self.hoisted_const(v) {
                    // Read in place, as a local is.
                    self.stack.push_typed(Operand::Local(slot), Kind::Wide);
                } else {
                    let dst = self.push_temp_typed(true)?;
                    self.emit_v128_const(dst, v);
                }
            }
            Operator::I8x16Shuffle { lanes } => {
                let v = u128::from_le_bytes(lanes);
                let lanes_slot = match self.hoisted_const(v) {
                    Some(slot) => self.slot(slot)?,
                    None => {
                        let scratch = self.stack.scratch_slot(2);
                        let lanes_slot = self.slot(scratch)?;
                        self.emit_v128_const(lanes_slot, v);
                        lanes_slot
                    }
                };
                let b = self.pop_slot()?;
                let a = self.pop_slot()?;
                let dst = self.push_temp_typed(true)?;
                self.emit_result(Op::I8x16Shuffle {
                    dst,
                    a,
                    b,
                    lanes: lanes_slot,
                });
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// The slot of v128 constant `v` if it is hoisted (see "v128
    /// constants in loops"); if not, and a loop is open, notes it for
    /// hoisting.
    #[cfg(feature = "simd")]
    fn hoisted_const(&mut self, v: u128) -> Option<u32> {
        if let Some(i) = self.hoisted.iter().position(|&c| c == v) {
            return Some(self.first_hoisted + 2 * i as u32);
        }
        let in_loop = self.control.iter().any(|c| c.kind == FrameKind::Loop);
        if in_loop && !self.loop_consts.contains(&v) && self.loop_consts.len() < MAX_HOISTED {
            self.loop_consts.push(v);
        }
        None
    }

    /// Writes the v128 constant `v` to `dst`: one op if its halves are
    /// equal (a splat, zero included), else two.
    #[cfg(feature = "simd")]
    fn emit_v128_const(&mut self, dst: Slot, v: u128) {
        let hi = (v >> 64) as u64;
        if hi == v as u64 {
            self.emit(Op::V128ConstSplat64 {
                dst,
                lo: hi as u32,
                hi: (hi >> 32) as u32,
            });
            return;
        }
        self.emit_const(dst, v as u64);
        self.emit(Op::V128ConstHi {
            dst,
            lo: hi as u32,
            hi: (hi >> 32) as u32,
        });
    }

    /// Whether an access goes to memory 0 with an i32 address, which the
    /// registers hold and the family's first forms serve (module docs:
    /// "Memories").
    fn default_memory(&self, memarg: &wasmparser::MemArg) -> bool {
        memarg.target == wasmparser::MemArgTarget::Memory(0)
            && self.info.memories.first().is_some_and(|m| !m.memory64)
    }

    /// A memory index as an op operand. (Checked against the module for
    /// modules loaded unchecked: the executor indexes the instance's
    /// memories with it.)
    fn memory_operand(&self, memory: u32) -> Result<u16> {
        #[cfg(not(feature = "memory64"))]
        if memory != 0 {
            return Err(self.without_memory64());
        }
        if memory as usize >= self.info.memories.len() {
            return Err(Error::invalid(
                Some(self.func_index),
                self.offset as u64,
                "unknown memory",
            ));
        }
        u16::try_from(memory).map_err(|_| self.unsupported("memory index above 65,535"))
    }

    /// The error for an access to a memory other than a 32-bit memory 0
    /// in a build without the `memory64` feature: only reachable for a
    /// module loaded unchecked (the validator refuses such modules there).
    #[cfg(not(feature = "memory64"))]
    #[cold]
    fn without_memory64(&self) -> Error {
        self.unsupported(
            "a 64-bit memory or a memory other than memory 0 (the `memory64` feature is off)",
        )
    }

    /// Pops the operands of an access to any memory (the value first, for
    /// a store): the address's slot, the value's, the memory and the offset
    /// the op carries. An offset above `u32::MAX` (only a 64-bit memory has
    /// one), or any offset if `fold` (for ops that carry none), is added
    /// to the address first by an `addr.add`, which traps on overflow as
    /// the access would.
    #[cfg(feature = "memory64")]
    fn general_access(
        &mut self,
        memarg: &wasmparser::MemArg,
        store: bool,
        fold: bool,
    ) -> Result<(Slot, Option<Slot>, u16, u32)> {
        let wasmparser::MemArgTarget::Memory(memory) = memarg.target else {
            return Err(self.unsupported("an access to a GC array's payload"));
        };
        let memory = self.memory_operand(memory)?;
        let big = u32::try_from(memarg.offset).is_err() || (fold && memarg.offset != 0);
        // Above every operand, so that nothing it overwrites is read.
        let scratch = if big {
            let slot = self.stack.scratch_slot(1);
            Some(self.slot(slot)?)
        } else {
            None
        };
        let value = if store { Some(self.pop_slot()?) } else { None };
        let addr = self.pop_slot()?;
        let Some(scratch) = scratch else {
            return Ok((addr, value, memory, memarg.offset as u32));
        };
        self.emit_const(scratch, memarg.offset);
        // The address's own temp: free, since the address was just popped.
        let dst = self.slot(self.stack.temp_slot(self.stack.len()))?;
        self.emit(Op::AddrAdd {
            dst,
            lhs: addr,
            rhs: scratch,
        });
        Ok((dst, value, memory, 0))
    }
}

/// A copy of a slot: of both halves if `wide` (a v128).
fn copy_op(dst: Slot, src: Slot, wide: bool) -> Op {
    #[cfg(feature = "simd")]
    if wide {
        return Op::CopyV128 { dst, src };
    }
    let _ = wide;
    Op::Copy { dst, src }
}

/// The destination slot of a single-result op, if it has one.
fn last_result(op: &Op) -> Option<Slot> {
    let mut op = *op;
    op.result_slot_mut().map(|d| *d)
}

/// The constant as an op immediate, if it fits: any i32, or an i64 that
/// sign-extends from 32 bits.
fn immediate(bits: u64, wide: bool) -> Option<i32> {
    if wide {
        i32::try_from(bits as i64).ok()
    } else {
        Some(bits as u32 as i32)
    }
}

fn offset_between(from: usize, to: usize) -> Option<Offset> {
    Offset::try_from(to as i64 - from as i64).ok()
}
