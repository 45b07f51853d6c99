//! The store's types: every defined type a module or the host brings in,
//! under a canonical id, so that a type check between two of them is an
//! integer compare (equal types have equal ids) and a subtype check is
//! two loads and a compare.
//!
//! # Canonical ids (with the `gc` cargo feature)
//!
//! WebAssembly GC defines types in recursion groups: the types of a group
//! may refer to one another (a list node to itself, a tree to its
//! forest), and two types are the same type exactly when they are the
//! same member of the same group, structurally. Two modules that each
//! define `(rec (type $node (struct (field (ref null $node)))))` define
//! one type, and a function of one may be called where the other expects
//! it.
//!
//! So a store interns whole groups. A group is keyed by an encoding of
//! its types in which a concrete type reference is either
//! * to a type of the same group: its position in the group, marked as
//!   relative ([`REL`]); or
//! * to a type defined before the group: that type's canonical id, which
//!   its own group was given when it was interned.
//!
//! The relative form is what makes the key independent of where the
//! group sits in its module (type 3 of one module and type 40 of
//! another), and of the ids its types will get; the absolute form for
//! earlier types is what makes structurally equal groups that refer to
//! *different* outside types differ. Two groups are the same iff their
//! encodings are equal, so a map from encoding to the group's first id
//! finds a group already interned in logarithmic time (a `BTreeMap`: a
//! module with thousands of types loads in n log n, not n²). A new group
//! gets consecutive ids, and its types are stored with every reference
//! absolute (ids), for the rest of the store to read.
//!
//! # Subtype checks in constant time: displays
//!
//! A type declares at most one supertype, defined before it, so each type
//! has a single chain of ancestors up to a root. Each id keeps that chain
//! as a *display*: the array of its ancestors from the root down to
//! itself, whose length minus one is its depth. `a` is a subtype of `b`
//! iff `b` sits in `a`'s display at `b`'s depth:
//! `depth(b) <= depth(a) && display(a)[depth(b)] == b`. One bounds check
//! and one load, whatever the depths; `call_indirect` needs it when a
//! function's type is not exactly the one expected (its equality compare
//! comes first, and decides almost every call). The displays share one
//! vector (each id's is a slice of it); the GC proposal bounds depth at
//! 63, so a display is short.
//!
//! Without the `gc` cargo feature every type is a final function type of
//! its own, with no supertype; ids are kept in a plain vector and found by
//! a linear search (what the firmware, which leaves `gc` out, always
//! did: a map is several KB of flash, and its modules have few types).

use crate::error::Result;
use crate::types::{CompositeKind, ConcreteTypes, FuncType, SubType};
use alloc::vec::Vec;

#[cfg(feature = "gc")]
use crate::error::Error;
#[cfg(feature = "gc")]
use crate::types::CompositeType;
#[cfg(feature = "gc")]
use alloc::collections::BTreeMap;

/// The mark of a reference to a type of the same recursion group in a
/// group's key (see the module docs). Canonical ids stay below it.
#[cfg(feature = "gc")]
const REL: u32 = 1 << 31;

/// A reference to no type: what a concrete reference of a module loaded
/// unchecked becomes when it names no type (out of range, or forward past
/// its group). No id is ever this large, so it matches nothing.
#[cfg(feature = "gc")]
const NO_TYPE: u32 = REL - 1;

/// The most supertypes a type may have above it (the GC proposal's
/// limit).
#[cfg(feature = "gc")]
const MAX_DEPTH: u32 = 63;

/// One canonical type.
#[cfg(feature = "gc")]
#[derive(Debug)]
struct Entry {
    /// The type, its references in ids.
    ty: SubType,
    /// Where its display starts in [`TypeRegistry::displays`].
    display: u32,
    /// Its depth: the number of its ancestors.
    depth: u32,
}

/// Every type of a store, by id (see the module docs).
#[derive(Debug, Default)]
pub(crate) struct TypeRegistry {
    #[cfg(feature = "gc")]
    entries: Vec<Entry>,
    /// Each id's display (ancestors from the root, then itself), end to
    /// end.
    #[cfg(feature = "gc")]
    displays: Vec<u32>,
    /// Interned groups: the key, and the group's first id.
    #[cfg(feature = "gc")]
    groups: BTreeMap<Vec<SubType>, u32>,
    #[cfg(not(feature = "gc"))]
    types: Vec<FuncType>,
}

impl TypeRegistry {
    /// The ids of a module's types, in order: each recursion group (see
    /// [`ModuleInfo::rec_groups`](crate::parse::ModuleInfo)) interned as
    /// a whole.
    #[cfg(feature = "gc")]
    pub(crate) fn intern_module(&mut self, types: &[SubType], groups: &[u32]) -> Result<Vec<u32>> {
        let mut ids: Vec<u32> = Vec::with_capacity(types.len());
        for (g, &start) in groups.iter().enumerate() {
            let end = groups.get(g + 1).map_or(types.len(), |&e| e as usize);
            let group = types.get(start as usize..end).unwrap_or(&[]);
            let first = self.intern_group(group, |i| match i.checked_sub(start) {
                // Its own group's: relative.
                Some(rel) if (rel as usize) < group.len() => Some(REL | rel),
                // An earlier group's: its id.
                _ => ids.get(i as usize).copied(),
            })?;
            ids.extend(first..first + group.len() as u32);
        }
        Ok(ids)
    }

    /// The ids of a module's types, in order (without `gc`, every type is
    /// a group of its own). Each type's references to earlier types
    /// become those types' ids. (Without the GC proposal a type refers
    /// only to earlier ones; a type that does not, in a module loaded
    /// unchecked, is interned as it is and matches nothing else.)
    #[cfg(not(feature = "gc"))]
    pub(crate) fn intern_module(&mut self, types: &[SubType]) -> Result<Vec<u32>> {
        let mut ids: Vec<u32> = Vec::with_capacity(types.len());
        for ty in types {
            let crate::types::CompositeType::Func(ty) = &ty.composite;
            // Only typed function references give a type concrete indices.
            #[cfg(feature = "function-references")]
            let id = match ty.map_concrete(|j| ids.get(j as usize).copied()) {
                Some(t) => self.intern_func(&t),
                None => self.intern_func(ty),
            };
            #[cfg(not(feature = "function-references"))]
            let id = self.intern_func(ty);
            ids.push(id);
        }
        Ok(ids)
    }

    /// The id of a function type given by the host (its concrete
    /// references already ids of this store): a final type of its own
    /// group, with no supertype.
    #[cfg(feature = "gc")]
    pub(crate) fn intern_func(&mut self, ty: &FuncType) -> u32 {
        let ty = SubType::plain(CompositeType::Func(ty.clone()));
        // A type with no group-relative reference: its key is itself.
        // (Only too many types can fail, and the host's types are few.)
        self.intern_group(core::slice::from_ref(&ty), |i| (i < REL).then_some(i))
            .unwrap_or(NO_TYPE)
    }

    #[cfg(not(feature = "gc"))]
    pub(crate) fn intern_func(&mut self, ty: &FuncType) -> u32 {
        if let Some(i) = self.types.iter().position(|t| t == ty) {
            return i as u32;
        }
        self.types.push(ty.clone());
        self.types.len() as u32 - 1
    }

    /// Interns one recursion group; the id of its first type. `key_ref`
    /// gives a concrete reference's form in the key: `REL | position` for
    /// one into the group, the id otherwise (`None`: it names no type).
    #[cfg(feature = "gc")]
    fn intern_group(
        &mut self,
        group: &[SubType],
        key_ref: impl Fn(u32) -> Option<u32>,
    ) -> Result<u32> {
        let key_ref = |i: u32| Some(key_ref(i).unwrap_or(NO_TYPE));
        let mut key = Vec::with_capacity(group.len());
        for ty in group {
            key.push(SubType {
                is_final: ty.is_final,
                supertype: ty.supertype.and_then(key_ref),
                composite: ty
                    .composite
                    .map_concrete(key_ref)
                    .unwrap_or_else(|| ty.composite.clone()),
            });
        }
        if let Some(&first) = self.groups.get(&key) {
            return Ok(first);
        }
        let first = self.entries.len() as u32;
        if first as usize + group.len() >= NO_TYPE as usize {
            return Err(Error::new(
                crate::ErrorKind::Unsupported,
                "a store holds at most 2^31 - 1 types",
            ));
        }
        // The group's own references, relative in the key, become ids.
        let absolute = |r: u32| Some(if r & REL != 0 { first + (r & !REL) } else { r });
        for (i, ty) in key.iter().enumerate() {
            let id = first + i as u32;
            let ty = SubType {
                is_final: ty.is_final,
                supertype: ty.supertype.and_then(absolute),
                composite: ty
                    .composite
                    .map_concrete(absolute)
                    .unwrap_or_else(|| ty.composite.clone()),
            };
            // The supertype's display, then this id. A supertype that is
            // no earlier type (a module loaded unchecked) is ignored.
            let display = self.displays.len() as u32;
            let parent = ty
                .supertype
                .filter(|&s| s < id)
                .and_then(|s| self.entries.get(s as usize));
            let depth = match parent {
                // The GC proposal's bound (validation checks it; a module
                // loaded unchecked gets the error).
                Some(p) if p.depth >= MAX_DEPTH => {
                    return Err(Error::invalid(
                        None,
                        0,
                        "a subtype chain is deeper than 63 types",
                    ));
                }
                Some(p) => {
                    let from = p.display as usize;
                    self.displays
                        .extend_from_within(from..from + p.depth as usize + 1);
                    p.depth + 1
                }
                None => 0,
            };
            self.displays.push(id);
            self.entries.push(Entry { ty, display, depth });
        }
        self.groups.insert(key, first);
        Ok(first)
    }

    /// The function type of id `id`. Only ever asked of a function's or a
    /// tag's type, which loading checked is a function type; anything else
    /// gives the empty type rather than a panic.
    pub(crate) fn func_type(&self, id: u32) -> FuncType {
        self.get_func(id)
            .cloned()
            .unwrap_or_else(|| FuncType::new([], []))
    }

    /// The number of parameters of function type `id`.
    pub(crate) fn num_params(&self, id: u32) -> usize {
        self.get_func(id).map_or(0, |t| t.params().len())
    }

    #[cfg(feature = "gc")]
    fn get_func(&self, id: u32) -> Option<&FuncType> {
        self.entries.get(id as usize)?.ty.composite.as_func()
    }

    #[cfg(not(feature = "gc"))]
    fn get_func(&self, id: u32) -> Option<&FuncType> {
        self.types.get(id as usize)
    }

    /// The type of id `id`, as defined (its references are ids).
    #[cfg(feature = "gc")]
    pub(crate) fn get(&self, id: u32) -> Option<&SubType> {
        Some(&self.entries.get(id as usize)?.ty)
    }
}

impl ConcreteTypes for TypeRegistry {
    fn kind(&self, id: u32) -> Option<CompositeKind> {
        #[cfg(feature = "gc")]
        return Some(self.entries.get(id as usize)?.ty.composite.kind());
        #[cfg(not(feature = "gc"))]
        self.types.get(id as usize).map(|_| CompositeKind::Func)
    }

    /// Constant time: see "Subtype checks" in the module docs.
    #[inline]
    fn is_subtype(&self, sub: u32, sup: u32) -> bool {
        if sub == sup {
            return true;
        }
        #[cfg(feature = "gc")]
        {
            let (Some(a), Some(b)) = (
                self.entries.get(sub as usize),
                self.entries.get(sup as usize),
            ) else {
                return false;
            };
            b.depth <= a.depth && self.displays.get((a.display + b.depth) as usize) == Some(&sup)
        }
        #[cfg(not(feature = "gc"))]
        false
    }
}
