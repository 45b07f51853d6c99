//! GC stack maps (the `gc` cargo feature): which frame slots hold a
//! reference that may name a GC object, at each op where a collection can
//! happen.
//!
//! A collection runs only inside an allocating GC op (`struct.new*`,
//! `array.new*`) or while a call is out (the callee may allocate, or a
//! host function may call `Store::gc`); see `store::gc`, "Collection".
//! Those ops are the *safepoints*. At each one the translator knows the
//! type of every value in the frame: the locals have declared types, and
//! every operand-stack position has a [`Kind`](super::stack::Kind). The
//! map of a safepoint lists
//!
//! * every local whose type may hold a GC object (declared locals start
//!   at null, so a local is valid from the function's first op), and
//! * the temp of every operand-stack position below the safepoint's
//!   operands that holds one and is in its temp ([`Operand::Temp`]: a
//!   `Local` entry is its local, already listed, and a `Const` one is a
//!   null in no slot);
//! * for an allocating op, its operands too: it reads them after a
//!   collection may have run. A call's arguments are not in its map:
//!   they are the callee's parameters, in the callee's own map, or, for a
//!   host function, rooted for the length of the call.
//!
//! A safepoint with nothing to list has no entry, so a function that
//! never holds a GC reference has no map at all, and code without GC
//! types pays nothing at run time. The collector finds a frame's map by
//! the op it is at: the running frame's allocating op, or a caller's
//! call op (its return address less one).

use super::Translator;
use super::stack::Operand;
use crate::bytecode::Slot;
use alloc::vec::Vec;

/// The stack maps of one function: for each safepoint with a live GC
/// reference, the slots that hold one (see the [module docs](self)).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct StackMaps {
    /// `(op index, start, length)` in `slots`, by op index.
    at: Vec<(u32, u32, u32)>,
    slots: Vec<Slot>,
}

impl StackMaps {
    /// The slots that hold a GC reference at op `op` (none if the op is no
    /// safepoint or has nothing live).
    pub(crate) fn find(&self, op: u32) -> &[Slot] {
        match self.at.binary_search_by_key(&op, |e| e.0) {
            Ok(i) => {
                let (_, start, len) = self.at[i];
                self.slots
                    .get(start as usize..(start + len) as usize)
                    .unwrap_or(&[])
            }
            Err(_) => &[],
        }
    }

    /// Whether no safepoint has anything live.
    pub(crate) fn is_empty(&self) -> bool {
        self.at.is_empty()
    }

    /// Adds op `op`'s map (ops come in order; an op given twice keeps its
    /// first map, which is never the case in practice).
    fn push(&mut self, op: u32, slots: &[Slot]) {
        if self.at.last().is_some_and(|e| e.0 >= op) {
            return;
        }
        // Consecutive safepoints often keep the same references (the
        // locals): share the previous list then.
        if let Some(&(_, start, len)) = self.at.last()
            && self.slots[start as usize..(start + len) as usize] == *slots
        {
            self.at.push((op, start, len));
            return;
        }
        let start = self.slots.len() as u32;
        self.slots.extend_from_slice(slots);
        self.at.push((op, start, slots.len() as u32));
    }
}

impl Translator<'_> {
    /// Records the map of the op just emitted, a safepoint: the GC
    /// locals and the GC temps of stack positions below `height` (module
    /// docs).
    pub(super) fn record_map(&mut self, height: u32) -> crate::error::Result<()> {
        if self.local_gc.is_empty() && !self.stack.saw_ref() {
            return Ok(());
        }
        let mut slots: Vec<Slot> = Vec::new();
        for (l, &gc) in self.local_gc.iter().enumerate() {
            if gc {
                slots.push(self.slot(l as u32)?);
            }
        }
        for pos in 0..height.min(self.stack.len()) {
            if self.stack.is_ref(pos) && self.stack.get(pos) == Operand::Temp {
                slots.push(self.slot(self.stack.temp_slot(pos))?);
            }
        }
        if !slots.is_empty() {
            let op = self.ops.len() as u32 - 1;
            self.maps.push(op, &slots);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::StackMaps;

    #[test]
    fn find_and_share() {
        let mut m = StackMaps::default();
        m.push(3, &[0, 2]);
        m.push(7, &[0, 2]);
        m.push(9, &[1]);
        assert_eq!(m.find(3), &[0, 2]);
        assert_eq!(m.find(7), &[0, 2]);
        assert_eq!(m.find(9), &[1]);
        assert_eq!(m.find(4), &[] as &[u16]);
        // The shared list is stored once.
        assert_eq!(m.slots.len(), 3);
        // Out of order: ignored.
        m.push(8, &[5]);
        assert_eq!(m.find(8), &[] as &[u16]);
    }
}
