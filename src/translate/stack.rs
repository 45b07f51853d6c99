//! The translator's virtual operand stack.

use alloc::vec::Vec;

/// Where the value at one operand-stack position currently is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operand {
    /// Still in local `i` (a `local.get` not yet copied anywhere).
    Local(u32),
    /// A constant, as a cell's bits (not yet in any slot).
    Const(u64),
    /// In this position's temp slot.
    Temp,
}

/// What a stack position's value is, as far as slots, copies and the
/// collector care: a `v128` takes two slots and is copied whole (see
/// "v128 values" in [`super`]), and a reference that may name a GC object is named in the
/// stack maps (see "Stack maps" in [`super`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Any other value (numbers, function references).
    Num,
    /// A `v128`.
    Wide,
    /// A reference that may name a GC object (the `gc` cargo feature;
    /// see `Translator::kind`).
    #[cfg_attr(not(any(feature = "gc", feature = "exceptions")), allow(dead_code))]
    Ref,
}

impl Kind {
    /// `Wide` if `wide`, else `Num`.
    pub(crate) fn wide_if(wide: bool) -> Kind {
        if wide { Kind::Wide } else { Kind::Num }
    }

    /// The slots a value of this kind takes: two for a `v128`, else one.
    #[inline]
    pub(crate) fn cells(self) -> u32 {
        #[cfg(feature = "simd")]
        return 1 + (self == Kind::Wide) as u32;
        #[cfg(not(feature = "simd"))]
        {
            let _ = self;
            1
        }
    }
}

/// The virtual stack: one [`Operand`] per wasm stack position, plus the
/// bookkeeping the translator needs (highest slot used, number of `Local`
/// entries, which positions hold a `v128` or a GC reference).
///
/// A position's temp is `num_locals` plus the slots that the positions
/// below it take: one each, two for a `v128`. Without the `simd` feature
/// that is `num_locals + pos`.
#[derive(Debug)]
pub(crate) struct ValueStack {
    entries: Vec<Operand>,
    num_locals: u32,
    /// The most slots above the locals that the stack (and scratch slots
    /// above it) ever took.
    max_height: u32,
    local_refs: u32,
    /// The positions that hold a `v128`, in ascending order: each takes
    /// two slots, and its copies move both (see "v128 values" in
    /// [`super`]). Usually empty, which keeps pushes and pops of other
    /// values as cheap as without the `simd` feature.
    #[cfg(feature = "simd")]
    wide_at: Vec<u32>,
    /// Whether any position ever held a `v128`.
    #[cfg(feature = "simd")]
    saw_wide: bool,
    /// Whether each position holds a reference that may name a GC object.
    #[cfg(feature = "gc")]
    gc_refs: Vec<bool>,
    /// Whether any position ever held a GC reference.
    #[cfg(feature = "gc")]
    saw_ref: bool,
}

impl ValueStack {
    pub(crate) fn new(num_locals: u32) -> ValueStack {
        ValueStack {
            entries: Vec::new(),
            num_locals,
            max_height: 0,
            local_refs: 0,
            #[cfg(feature = "simd")]
            wide_at: Vec::new(),
            #[cfg(feature = "simd")]
            saw_wide: false,
            #[cfg(feature = "gc")]
            gc_refs: Vec::new(),
            #[cfg(feature = "gc")]
            saw_ref: false,
        }
    }

    /// Whether any position ever held a `v128`.
    #[cfg(feature = "simd")]
    pub(crate) fn saw_wide(&self) -> bool {
        self.saw_wide
    }

    /// Whether stack position `pos` holds a `v128`.
    #[inline]
    pub(crate) fn is_wide(&self, pos: u32) -> bool {
        #[cfg(feature = "simd")]
        return !self.wide_at.is_empty() && self.wide_at.binary_search(&pos).is_ok();
        #[cfg(not(feature = "simd"))]
        {
            let _ = pos;
            false
        }
    }

    /// Whether stack position `pos` holds a reference that may name a GC
    /// object.
    #[cfg(feature = "gc")]
    #[inline]
    pub(crate) fn is_ref(&self, pos: u32) -> bool {
        self.gc_refs[pos as usize]
    }

    /// Whether any position ever held a GC reference.
    #[cfg(feature = "gc")]
    pub(crate) fn saw_ref(&self) -> bool {
        self.saw_ref
    }

    /// Marks the top position as holding a GC reference (an op that
    /// pushed it as a plain temp).
    #[cfg(feature = "gc")]
    pub(crate) fn mark_top_ref(&mut self) {
        if let Some(r) = self.gc_refs.last_mut() {
            *r = true;
            self.saw_ref = true;
        }
    }

    /// Pushes an operand of kind `kind`; returns its position's temp slot.
    pub(crate) fn push_typed(&mut self, operand: Operand, kind: Kind) -> u32 {
        let wide = kind == Kind::Wide;
        #[cfg(feature = "gc")]
        {
            self.gc_refs.push(kind == Kind::Ref);
            self.saw_ref |= kind == Kind::Ref;
        }
        // Every v128 on the stack is below the new position.
        #[cfg(feature = "simd")]
        let start = {
            let start = self.len() + self.wide_at.len() as u32;
            if wide {
                self.wide_at.push(self.len());
                self.saw_wide = true;
            }
            start
        };
        #[cfg(not(feature = "simd"))]
        let start = {
            let _ = wide;
            self.len()
        };
        if let Operand::Local(_) = operand {
            self.local_refs += 1;
        }
        self.entries.push(operand);
        self.max_height = self.max_height.max(self.slots());
        self.num_locals + start
    }

    /// The slots the stack takes above the locals.
    fn slots(&self) -> u32 {
        #[cfg(feature = "simd")]
        return self.len() + self.wide_at.len() as u32;
        #[cfg(not(feature = "simd"))]
        self.len()
    }

    pub(crate) fn len(&self) -> u32 {
        self.entries.len() as u32
    }

    /// The slot of stack position `pos`'s temp. A position at or above
    /// the top is counted as if the positions between held one slot each.
    pub(crate) fn temp_slot(&self, pos: u32) -> u32 {
        #[cfg(feature = "simd")]
        if !self.wide_at.is_empty() {
            // One more slot for each v128 below `pos`.
            let below = self.wide_at.partition_point(|&p| p < pos) as u32;
            return self.num_locals + pos + below;
        }
        self.num_locals + pos
    }

    /// Reserves `cells` slots just above the stack as scratch space;
    /// returns the first.
    #[cfg_attr(not(any(feature = "simd", feature = "memory64")), allow(dead_code))]
    pub(crate) fn scratch_slot(&mut self, cells: u32) -> u32 {
        self.scratch_at(0, cells)
    }

    /// Reserves `cells` slots starting `skip` slots above the stack as
    /// scratch space; returns the first.
    pub(crate) fn scratch_at(&mut self, skip: u32, cells: u32) -> u32 {
        self.max_height = self.max_height.max(self.slots() + skip + cells);
        self.num_locals + self.slots() + skip
    }

    pub(crate) fn max_height(&self) -> u32 {
        self.max_height
    }

    pub(crate) fn local_refs(&self) -> u32 {
        self.local_refs
    }

    /// Pushes an operand that is not a `v128`; returns its position's
    /// temp slot.
    pub(crate) fn push(&mut self, operand: Operand) -> u32 {
        self.push_typed(operand, Kind::Num)
    }

    /// Pops the top operand and its position. Validation guarantees the
    /// stack is not empty in reachable code.
    pub(crate) fn pop(&mut self) -> (Operand, u32) {
        let operand = self
            .entries
            .pop()
            .expect("validated: operand stack underflow");
        #[cfg(feature = "simd")]
        if self.wide_at.last() == Some(&self.len()) {
            self.wide_at.pop();
        }
        #[cfg(feature = "gc")]
        self.gc_refs.pop();
        if let Operand::Local(_) = operand {
            self.local_refs -= 1;
        }
        (operand, self.len())
    }

    pub(crate) fn get(&self, pos: u32) -> Operand {
        self.entries[pos as usize]
    }

    pub(crate) fn set(&mut self, pos: u32, operand: Operand) {
        let old = core::mem::replace(&mut self.entries[pos as usize], operand);
        if let Operand::Local(_) = old {
            self.local_refs -= 1;
        }
        if let Operand::Local(_) = operand {
            self.local_refs += 1;
        }
    }

    pub(crate) fn truncate(&mut self, height: u32) {
        while self.len() > height {
            self.pop();
        }
    }
}
