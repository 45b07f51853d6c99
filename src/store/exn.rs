//! Exception handling's objects: tags ([`Tag`]) and the exceptions that
//! `throw` creates ([`ExnRef`] names one), kept in the store's exception
//! heap.
//!
//! # The exception heap
//!
//! An exception lives from its `throw` until nothing can reach it: a
//! `catch_ref` hands it to wasm as an `exnref`, which may be kept in a
//! local, a global or a table and thrown again later. The heap is a slot
//! vector with a free list. It collects when the number of live
//! exceptions reaches a threshold (256 at first, then twice what survived
//! the last collection), so a program that throws and catches in a loop
//! runs in constant memory.
//!
//! The collection is a mark-and-sweep whose roots are found
//! *conservatively*: every cell of the value stack below the running
//! frame's top, every global and every table element is taken as a
//! possible reference, and so is every cell of a live exception's
//! payload. An exnref's cell is a 16-bit marker, a 16-bit generation and
//! a 32-bit index ([`exn_cell`]), so an integer that happens to look like
//! one is rare, and such a false root only keeps one exception alive a
//! little longer; it never frees one that is still reachable. (Precise
//! stack maps arrive with the GC proposal, which has to know every
//! reference slot anyway.) An exception whose reference was handed to the
//! host (a result, a global or table read) is pinned: it stays valid
//! until the store is dropped, as a Wasmtime `Rooted` made outside any
//! scope does.

use crate::error::{Error, Exception, RawVal, Result};
use crate::store::value::Val;
use crate::store::{AsContext, AsContextMut, StoreId, StoreInner};
use crate::types::{FuncType, TagType};
use alloc::boxed::Box;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicBool, Ordering};

/// A tag in a store: the store id of its function type (params = payload).
#[derive(Debug, Clone, Copy)]
pub(crate) struct TagEntity {
    pub type_id: u32,
}

/// A handle to an exception tag in a [`Store`](crate::Store). Tags are
/// compared by identity: two tags with the same type are different tags,
/// and a `catch` matches only its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tag(pub(crate) u32, pub(crate) StoreId);

impl Tag {
    /// A new tag whose exceptions carry values of `ty`'s payload types.
    /// An error if a payload type names a concrete type (which only a
    /// module can give meaning).
    pub fn new(mut store: impl AsContextMut, ty: &TagType) -> Result<Tag> {
        let inner = store.as_context_mut();
        if !ty.ty().results().is_empty() {
            return Err(Error::bad_argument("a tag's type has no results"));
        }
        #[cfg(feature = "function-references")]
        if ty
            .payload()
            .iter()
            .any(|t| matches!(t.as_ref_type(), Some(r) if matches!(r.heap, crate::types::HeapType::Concrete(_))))
        {
            return Err(Error::bad_argument(
                "a host tag's payload cannot have a concrete reference type",
            ));
        }
        let type_id = inner.intern_type(ty.ty());
        inner.tags.push(TagEntity { type_id });
        Ok(Tag(inner.tags.len() as u32 - 1, inner.id))
    }

    /// The tag's type.
    ///
    /// # Panics
    ///
    /// If the tag belongs to another store.
    #[track_caller]
    pub fn ty(&self, store: impl AsContext) -> TagType {
        let inner = store.as_context();
        inner.assert_store(self.1, "Tag");
        TagType::new(inner.func_type(inner.tags[self.0 as usize].type_id))
    }
}

/// A reference to an exception in a store (an `exnref` value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExnRef {
    pub(crate) index: u32,
    pub(crate) generation: u16,
    pub(crate) store: StoreId,
}

impl ExnRef {
    /// The exception's tag.
    ///
    /// # Panics
    ///
    /// If the reference belongs to another store.
    #[track_caller]
    pub fn tag(&self, store: impl AsContext) -> Tag {
        let inner = store.as_context();
        inner.assert_store(self.store, "ExnRef");
        let exn = inner.exns.get(self.index, self.generation);
        Tag(exn.map_or(0, |e| e.tag), inner.id)
    }

    /// The values the exception carries. A GC reference among them is
    /// rooted (see [`RootScope`](crate::RootScope)).
    ///
    /// # Panics
    ///
    /// If the reference belongs to another store.
    #[track_caller]
    pub fn payload(&self, mut store: impl AsContextMut) -> Vec<Val> {
        let inner = store.as_context_mut();
        inner.assert_store(self.store, "ExnRef");
        let values = match inner.exns.get(self.index, self.generation) {
            Some(e) => e.values(inner),
            None => Vec::new(),
        };
        #[cfg(feature = "gc")]
        for v in &values {
            inner.gc_root_val(v);
        }
        values
    }
}

/// The marker in the top 16 bits of an exnref's cell ("EX").
const EXN_MARK: u64 = 0x4558;

/// The cell of exception `index` of generation `generation`.
pub(crate) fn exn_cell(index: u32, generation: u16) -> u64 {
    EXN_MARK << 48 | (generation as u64) << 32 | index as u64
}

/// The index and generation an exnref cell names (`None` for null or a
/// cell without the marker).
pub(crate) fn exn_of_cell(cell: u64) -> Option<(u32, u16)> {
    (cell >> 48 == EXN_MARK).then_some((cell as u32, (cell >> 32) as u16))
}

/// An exception: its tag (a store index) and payload, in slot encoding.
#[derive(Debug)]
pub(crate) struct ExnEntity {
    pub tag: u32,
    /// The payload's cells, in order, as in slots (a `v128` in two).
    pub cells: Box<[u64]>,
    /// Handed to the host: never collected.
    pinned: AtomicBool,
    marked: bool,
}

impl ExnEntity {
    /// The payload as values.
    pub(crate) fn values(&self, inner: &StoreInner) -> Vec<Val> {
        let ty = inner.func_type(inner.tags[self.tag as usize].type_id);
        let cell = |at: usize| self.cells.get(at).copied().unwrap_or(0);
        ty.params()
            .iter()
            .zip(crate::types::slot_offsets(ty.params()))
            .map(|(t, at)| {
                let hi = if t.is_v128() { cell(at + 1) } else { 0 };
                Val::from_cells(*t, cell(at), hi, inner)
            })
            .collect()
    }
}

#[derive(Debug)]
struct ExnSlot {
    generation: u16,
    exn: Option<ExnEntity>,
}

/// The store's exceptions (see the [module docs](self)).
#[derive(Debug)]
pub(crate) struct ExnHeap {
    slots: Vec<ExnSlot>,
    free: Vec<u32>,
    live: usize,
    /// Collect when `live` reaches this.
    threshold: usize,
}

/// The first collection threshold, and the least one.
const MIN_THRESHOLD: usize = 256;

impl Default for ExnHeap {
    fn default() -> ExnHeap {
        ExnHeap {
            slots: Vec::new(),
            free: Vec::new(),
            live: 0,
            threshold: MIN_THRESHOLD,
        }
    }
}

impl ExnHeap {
    /// Whether the next allocation should collect first.
    pub(crate) fn wants_collection(&self) -> bool {
        self.live >= self.threshold
    }

    /// A new exception; its cell. An error if memory runs out.
    pub(crate) fn alloc(&mut self, tag: u32, cells: Box<[u64]>) -> Result<u64> {
        let exn = ExnEntity {
            tag,
            cells,
            pinned: AtomicBool::new(false),
            marked: false,
        };
        let index = match self.free.pop() {
            Some(i) => i,
            None => {
                if self.slots.len() >= u32::MAX as usize || self.slots.try_reserve(1).is_err() {
                    return Err(Error::host("out of memory for exceptions"));
                }
                self.slots.push(ExnSlot {
                    generation: 0,
                    exn: None,
                });
                self.slots.len() as u32 - 1
            }
        };
        let slot = &mut self.slots[index as usize];
        slot.exn = Some(exn);
        self.live += 1;
        Ok(exn_cell(index, slot.generation))
    }

    /// The live exception `index` of `generation`.
    pub(crate) fn get(&self, index: u32, generation: u16) -> Option<&ExnEntity> {
        let slot = self.slots.get(index as usize)?;
        if slot.generation != generation {
            return None;
        }
        slot.exn.as_ref()
    }

    /// The live exception an exnref cell names.
    pub(crate) fn get_cell(&self, cell: u64) -> Option<&ExnEntity> {
        let (index, generation) = exn_of_cell(cell)?;
        self.get(index, generation)
    }

    /// Keeps the exception `cell` names alive for good (its reference is
    /// going to the host).
    pub(crate) fn pin(&self, cell: u64) {
        if let Some(e) = self.get_cell(cell) {
            e.pinned.store(true, Ordering::Relaxed);
        }
    }

    /// The number of live exceptions.
    #[cfg(feature = "gc")]
    pub(crate) fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// The tag and payload cells of every live exception (the GC's roots,
    /// `store::gc`).
    #[cfg(feature = "gc")]
    pub(crate) fn payloads(&self) -> impl Iterator<Item = (u32, &[u64])> + '_ {
        self.slots
            .iter()
            .filter_map(|s| s.exn.as_ref())
            .map(|e| (e.tag, &e.cells[..]))
    }

    /// Marks every exception reachable from `roots` (and from pinned
    /// ones), then frees the rest.
    pub(crate) fn collect(&mut self, roots: impl Iterator<Item = u64>) {
        let mut work: Vec<u32> = Vec::new();
        let mark = |slots: &mut Vec<ExnSlot>, work: &mut Vec<u32>, cell: u64| {
            if let Some((index, generation)) = exn_of_cell(cell) {
                if let Some(slot) = slots.get_mut(index as usize) {
                    if let (true, Some(e)) = (slot.generation == generation, slot.exn.as_mut()) {
                        if !e.marked {
                            e.marked = true;
                            work.push(index);
                        }
                    }
                }
            }
        };
        for cell in roots {
            mark(&mut self.slots, &mut work, cell);
        }
        for i in 0..self.slots.len() {
            if let Some(e) = &mut self.slots[i].exn {
                if e.pinned.load(Ordering::Relaxed) && !e.marked {
                    e.marked = true;
                    work.push(i as u32);
                }
            }
        }
        while let Some(i) = work.pop() {
            let cells = match &self.slots[i as usize].exn {
                Some(e) => e.cells.clone(),
                None => continue,
            };
            for &c in cells.iter() {
                mark(&mut self.slots, &mut work, c);
            }
        }
        for (i, slot) in self.slots.iter_mut().enumerate() {
            match &mut slot.exn {
                Some(e) if e.marked => e.marked = false,
                Some(_) => {
                    slot.exn = None;
                    slot.generation = slot.generation.wrapping_add(1);
                    self.free.push(i as u32);
                    self.live -= 1;
                }
                None => {}
            }
        }
        self.threshold = (self.live * 2).max(MIN_THRESHOLD);
    }

    /// How many exceptions are alive (tests).
    #[cfg(test)]
    pub(crate) fn live(&self) -> usize {
        self.live
    }
}

/// The raw form of value `v` for an [`Exception`].
fn raw_of(v: &Val) -> RawVal {
    match *v {
        Val::I32(x) => RawVal::I32(x),
        Val::I64(x) => RawVal::I64(x),
        Val::F32(x) => RawVal::F32(x),
        Val::F64(x) => RawVal::F64(x),
        #[cfg(feature = "simd")]
        Val::V128(x) => RawVal::V128(x),
        Val::FuncRef(f) => RawVal::FuncRef(f.map(|f| f.0)),
        Val::ExternRef(r) => RawVal::ExternRef(r.map(|r| r.0)),
        Val::ExnRef(r) => RawVal::ExnRef(r.map(|r| (r.index, r.generation))),
        #[cfg(feature = "gc")]
        Val::AnyRef(r) => RawVal::AnyRef(r.map(|r| r.cell)),
    }
}

impl StoreInner {
    /// The [`Exception`] of exception `cell` (for an error leaving wasm).
    pub(crate) fn exception_of(&self, cell: u64) -> Exception {
        let (tag, payload) = match self.exns.get_cell(cell) {
            Some(e) => (e.tag, e.values(self)),
            None => (0, Vec::new()),
        };
        Exception {
            store: self.id.0,
            tag,
            payload: payload.iter().map(raw_of).collect(),
            location: None,
            trace: Vec::new(),
        }
    }

    /// A new exception from `exception` (thrown by a host function); its
    /// cell. An error if its tag is another store's or its payload does not
    /// match the tag's type.
    pub(crate) fn exn_of_exception(&mut self, exception: &Exception) -> Result<u64> {
        let tag = exception.tag();
        self.check_store(tag.1, "Tag")?;
        let ty: FuncType = self.func_type(self.tags[tag.0 as usize].type_id);
        let payload = exception.payload();
        if payload.len() != ty.params().len()
            || payload
                .iter()
                .zip(ty.params())
                .any(|(v, t)| !v.matches(*t, self))
        {
            return Err(Error::host(alloc::format!(
                "a host function threw an exception whose payload does not match its tag's type {ty}"
            )));
        }
        let mut cells = Vec::with_capacity(payload.len());
        for v in &payload {
            cells.push(v.to_cell(self)?);
            #[cfg(feature = "simd")]
            if let Val::V128(_) = v {
                cells.push(v.hi_cell());
            }
        }
        self.exns.alloc(tag.0, cells.into_boxed_slice())
    }
}

impl Exception {
    /// An exception with tag `tag` carrying `payload`, for a host function
    /// to throw ([`Error::throw`]). Whether the payload matches the tag's
    /// type is checked when it is thrown into wasm.
    pub fn new(tag: Tag, payload: &[Val]) -> Exception {
        let raw = payload.iter().map(raw_of).collect();
        Exception {
            store: tag.1.0,
            tag: tag.0,
            payload: raw,
            location: None,
            trace: Vec::new(),
        }
    }

    /// The exception's tag.
    pub fn tag(&self) -> Tag {
        Tag(self.tag, StoreId(self.store))
    }

    /// The values the exception carries, in order.
    pub fn payload(&self) -> Vec<Val> {
        let store = StoreId(self.store);
        self.payload
            .iter()
            .map(|v| match *v {
                RawVal::I32(x) => Val::I32(x),
                RawVal::I64(x) => Val::I64(x),
                RawVal::F32(x) => Val::F32(x),
                RawVal::F64(x) => Val::F64(x),
                #[cfg(feature = "simd")]
                RawVal::V128(x) => Val::V128(x),
                #[cfg(not(feature = "simd"))]
                RawVal::V128(_) => Val::I64(0),
                RawVal::FuncRef(f) => Val::FuncRef(f.map(|i| crate::store::func::Func(i, store))),
                RawVal::ExternRef(r) => Val::ExternRef(r.map(crate::store::value::ExternRef)),
                RawVal::ExnRef(r) => Val::ExnRef(r.map(|(index, generation)| ExnRef {
                    index,
                    generation,
                    store,
                })),
                #[cfg(feature = "gc")]
                RawVal::AnyRef(r) => {
                    Val::AnyRef(r.map(|cell| crate::store::value::AnyRef { cell, store }))
                }
            })
            .collect()
    }
}

impl Error {
    /// The error a host function returns to throw a WebAssembly exception
    /// with `tag` and `payload` into its caller, where a `catch` of `tag`
    /// (or a `catch_all`) can catch it. If nothing catches it, the call
    /// from the host ends with it, as with an exception thrown by wasm.
    pub fn throw(tag: Tag, payload: &[Val]) -> Error {
        Error::from_exception(Exception::new(tag, payload))
    }
}

impl StoreInner {
    /// Frees the exceptions nothing can reach (see "The exception heap"):
    /// the roots are the value stack below `top` (the running frame's
    /// end), the globals, the tables, and every cell of every GC object
    /// (which the exception collector does not trace precisely).
    pub(crate) fn collect_exns(&mut self, top: usize) {
        let top = top.min(self.stack.len());
        let stack = self.stack[..top].iter().copied();
        let globals = self.globals.iter().map(|g| g.value);
        let tables = self.tables.iter().flat_map(|t| t.elems.iter().copied());
        #[cfg(feature = "gc")]
        let tables = tables.chain(self.gc.cells());
        self.exns.collect(stack.chain(globals).chain(tables));
    }
}
