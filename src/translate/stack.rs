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

/// What a stack position's value is, as far as copies and the collector
/// care: a `v128` is copied in both planes (see "v128 values" in
/// [`super`]), and a reference that may name a GC object is named in the
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
}

/// The virtual stack: one [`Operand`] per wasm stack position, plus the
/// bookkeeping the translator needs (highest position used, number of
/// `Local` entries, which positions hold a `v128` or a GC reference).
#[derive(Debug)]
pub(crate) struct ValueStack {
    entries: Vec<Operand>,
    num_locals: u32,
    max_height: u32,
    local_refs: u32,
    /// Whether each position holds a `v128` (whose copies must move both
    /// halves; see "v128 values" in [`super`]).
    #[cfg(feature = "simd")]
    wide: Vec<bool>,
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
            wide: Vec::new(),
            #[cfg(feature = "simd")]
            saw_wide: false,
            #[cfg(feature = "gc")]
            gc_refs: Vec::new(),
            #[cfg(feature = "gc")]
            saw_ref: false,
        }
    }

    /// Whether stack position `pos` holds a `v128`.
    #[inline]
    pub(crate) fn is_wide(&self, pos: u32) -> bool {
        #[cfg(feature = "simd")]
        return self.wide[pos as usize];
        #[cfg(not(feature = "simd"))]
        {
            let _ = pos;
            false
        }
    }

    /// Whether any position ever held a `v128`.
    #[cfg(feature = "simd")]
    pub(crate) fn saw_wide(&self) -> bool {
        self.saw_wide
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
        #[cfg(feature = "simd")]
        {
            self.wide.push(wide);
            self.saw_wide |= wide;
        }
        #[cfg(not(feature = "simd"))]
        let _ = wide;
        if let Operand::Local(_) = operand {
            self.local_refs += 1;
        }
        self.entries.push(operand);
        self.max_height = self.max_height.max(self.len());
        self.temp_slot(self.len() - 1)
    }

    pub(crate) fn len(&self) -> u32 {
        self.entries.len() as u32
    }

    /// The slot of stack position `pos`'s temp.
    pub(crate) fn temp_slot(&self, pos: u32) -> u32 {
        self.num_locals + pos
    }

    /// Reserves the temp just above the stack as a scratch slot.
    pub(crate) fn scratch_slot(&mut self) -> u32 {
        self.max_height = self.max_height.max(self.len() + 1);
        self.temp_slot(self.len())
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
        self.wide.pop();
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
