//! Resource limits: [`ResourceLimiter`], consulted by a [`Store`] before a
//! memory or table grows and before an instance adds memories, tables or
//! instances; [`StoreLimits`] is a ready-made limiter with fixed caps.
//!
//! Call depth and value-stack size are limited separately, per engine, by
//! [`Config`](crate::Config).

use crate::store::Store;
use alloc::boxed::Box;

/// Decides whether memories and tables may grow, and how many instances,
/// memories and tables a store may hold.
///
/// `memory_growing` and `table_growing` are also asked when a memory or
/// table is created (with `current` 0), so the initial size counts too.
/// Refusing a `memory.grow` or `table.grow` makes the instruction return -1;
/// refusing at creation makes instantiation fail.
pub trait ResourceLimiter {
    /// A memory wants to grow from `current` to `desired` bytes; `maximum`
    /// is its declared maximum, if any.
    fn memory_growing(&mut self, current: usize, desired: usize, maximum: Option<usize>) -> bool;
    /// A table wants to grow from `current` to `desired` elements.
    fn table_growing(&mut self, current: u32, desired: u32, maximum: Option<u32>) -> bool;
    /// The most instances the store may hold.
    fn instances(&self) -> usize {
        usize::MAX
    }
    /// The most tables the store may hold.
    fn tables(&self) -> usize {
        usize::MAX
    }
    /// The most memories the store may hold.
    fn memories(&self) -> usize {
        usize::MAX
    }
    /// The GC heap wants to grow from `current` to `desired` bytes (an
    /// object is about to be allocated; the `gc` cargo feature). Refusing
    /// makes the allocating instruction trap with
    /// [`TrapCode::AllocationTooLarge`](crate::TrapCode::AllocationTooLarge)
    /// (and instantiation fail, for a constant expression). Each object
    /// counts its payload plus a small fixed overhead; GC objects are not
    /// collected yet, so the heap only grows.
    #[cfg(feature = "gc")]
    fn gc_heap_growing(&mut self, current: usize, desired: usize) -> bool {
        let _ = (current, desired);
        true
    }
}

/// Fixed caps, built with [`StoreLimitsBuilder`]. Everything is unlimited
/// unless set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreLimits {
    memory_size: Option<usize>,
    table_elements: Option<u32>,
    instances: usize,
    tables: usize,
    memories: usize,
    #[cfg(feature = "gc")]
    gc_heap_size: Option<usize>,
}

impl Default for StoreLimits {
    fn default() -> StoreLimits {
        StoreLimits {
            memory_size: None,
            table_elements: None,
            instances: usize::MAX,
            tables: usize::MAX,
            memories: usize::MAX,
            #[cfg(feature = "gc")]
            gc_heap_size: None,
        }
    }
}

/// Builds [`StoreLimits`].
#[derive(Debug, Clone, Copy, Default)]
pub struct StoreLimitsBuilder(StoreLimits);

impl StoreLimitsBuilder {
    /// Unlimited.
    pub fn new() -> StoreLimitsBuilder {
        StoreLimitsBuilder::default()
    }
    /// The largest any one memory may be, in bytes.
    pub fn memory_size(mut self, bytes: usize) -> Self {
        self.0.memory_size = Some(bytes);
        self
    }
    /// The largest any one table may be, in elements.
    pub fn table_elements(mut self, elements: u32) -> Self {
        self.0.table_elements = Some(elements);
        self
    }
    /// The most instances.
    pub fn instances(mut self, n: usize) -> Self {
        self.0.instances = n;
        self
    }
    /// The most tables.
    pub fn tables(mut self, n: usize) -> Self {
        self.0.tables = n;
        self
    }
    /// The most memories.
    pub fn memories(mut self, n: usize) -> Self {
        self.0.memories = n;
        self
    }
    /// The most bytes the GC heap may hold (the `gc` cargo feature).
    #[cfg(feature = "gc")]
    pub fn gc_heap_size(mut self, bytes: usize) -> Self {
        self.0.gc_heap_size = Some(bytes);
        self
    }

    /// The limits.
    pub fn build(self) -> StoreLimits {
        self.0
    }
}

impl ResourceLimiter for StoreLimits {
    fn memory_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> bool {
        self.memory_size.is_none_or(|m| desired <= m)
    }
    fn table_growing(&mut self, _current: u32, desired: u32, _maximum: Option<u32>) -> bool {
        self.table_elements.is_none_or(|m| desired <= m)
    }
    fn instances(&self) -> usize {
        self.instances
    }
    fn tables(&self) -> usize {
        self.tables
    }
    fn memories(&self) -> usize {
        self.memories
    }

    #[cfg(feature = "gc")]
    fn gc_heap_growing(&mut self, _current: usize, desired: usize) -> bool {
        self.gc_heap_size.is_none_or(|m| desired <= m)
    }
}

/// How a store reaches its limiter: a function of the host data.
pub(crate) type LimiterFn<T> = Box<dyn (FnMut(&mut T) -> &mut dyn ResourceLimiter) + Send + Sync>;

impl<T> Store<T> {
    /// Installs a limiter, found in the host data by `limiter`, for example
    /// `store.limiter(|state| &mut state.limits)`.
    pub fn limiter(
        &mut self,
        limiter: impl (FnMut(&mut T) -> &mut dyn ResourceLimiter) + Send + Sync + 'static,
    ) {
        self.limiter = Some(Box::new(limiter));
    }

    fn with_limiter<R>(&mut self, default: R, f: impl FnOnce(&mut dyn ResourceLimiter) -> R) -> R {
        match &mut self.limiter {
            Some(get) => f(get(&mut self.data)),
            None => default,
        }
    }

    pub(crate) fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> bool {
        self.with_limiter(true, |l| l.memory_growing(current, desired, maximum))
    }

    pub(crate) fn table_growing(
        &mut self,
        current: u32,
        desired: u32,
        maximum: Option<u32>,
    ) -> bool {
        self.with_limiter(true, |l| l.table_growing(current, desired, maximum))
    }

    /// Admits `bytes` more of GC heap (an object about to be allocated),
    /// or the allocation trap: see `store::gc`.
    #[cfg(feature = "gc")]
    pub(crate) fn gc_admit(&mut self, bytes: usize) -> Result<(), crate::TrapCode> {
        let current = self.inner.gc.bytes();
        let desired = bytes
            .checked_add(crate::store::gc::OBJECT_OVERHEAD)
            .and_then(|b| b.checked_add(current))
            .filter(|&d| d <= isize::MAX as usize)
            .ok_or(crate::TrapCode::AllocationTooLarge)?;
        if self.with_limiter(true, |l| l.gc_heap_growing(current, desired)) {
            Ok(())
        } else {
            Err(crate::TrapCode::AllocationTooLarge)
        }
    }

    /// Grows memory `m` by `delta` pages if its type and the limiter allow;
    /// the old size in pages.
    pub(crate) fn grow_memory(&mut self, m: u32, delta: u64) -> Option<u64> {
        let mem = &self.inner.memories[m as usize];
        let new_pages = mem.pages().checked_add(delta)?;
        if new_pages > mem.max_pages() {
            return None;
        }
        let page = mem.ty.page_size();
        let (current, maximum) = (mem.data.len(), mem.ty.max.map(|p| bytes(p, page)));
        if delta > 0 && !self.memory_growing(current, bytes(new_pages, page), maximum) {
            return None;
        }
        self.inner.memories[m as usize].grow(delta)
    }

    /// Grows table `t` by `delta` elements of `init` if its type and the
    /// limiter allow; the old size.
    pub(crate) fn grow_table(&mut self, t: u32, delta: u64, init: u64) -> Option<u32> {
        let table = &self.inner.tables[t as usize];
        let current = table.elems.len() as u32;
        let desired = u32::try_from(delta)
            .ok()
            .and_then(|d| current.checked_add(d))?;
        if desired > table.max_elements() {
            return None;
        }
        if desired > current && !self.table_growing(current, desired, elements(table.ty.max)) {
            return None;
        }
        self.inner.tables[t as usize].grow(desired - current, init)
    }

    /// Checks that `instances` more instances (0 or 1), with `tables` and
    /// `memories` more, fit the limits.
    pub(crate) fn counts_allow(
        &mut self,
        instances: usize,
        tables: usize,
        memories: usize,
    ) -> Result<(), &'static str> {
        let (i, t, m) = (
            self.inner.instances.len() + instances,
            self.inner.tables.len() + tables,
            self.inner.memories.len() + memories,
        );
        self.with_limiter(Ok(()), |l| {
            if i > l.instances() {
                Err("instance limit reached")
            } else if t > l.tables() {
                Err("table limit reached")
            } else if m > l.memories() {
                Err("memory limit reached")
            } else {
                Ok(())
            }
        })
    }

    /// Whether the limiter admits a new memory's initial size; the refusal
    /// says why.
    pub(crate) fn admit_memory(
        &mut self,
        ty: &crate::types::MemoryType,
    ) -> Result<(), alloc::string::String> {
        let page = ty.page_size();
        let max = ty.max.map(|p| bytes(p, page));
        if self.memory_growing(0, bytes(ty.min, page), max) {
            Ok(())
        } else {
            Err(alloc::format!(
                "a memory of {} pages is refused by the store's limiter",
                ty.min
            ))
        }
    }

    /// Whether the limiter admits a new table's initial size.
    pub(crate) fn admit_table(
        &mut self,
        ty: &crate::types::TableType,
    ) -> Result<(), alloc::string::String> {
        let min = u32::try_from(ty.min).unwrap_or(u32::MAX);
        if self.table_growing(0, min, elements(ty.max)) {
            Ok(())
        } else {
            Err(alloc::format!(
                "a table of {} elements is refused by the store's limiter",
                ty.min
            ))
        }
    }
}

/// `pages` pages of `page` bytes, in bytes, saturating.
fn bytes(pages: u64, page: usize) -> usize {
    usize::try_from(pages)
        .unwrap_or(usize::MAX)
        .saturating_mul(page)
}

/// A table maximum as the limiter sees it (a 64-bit table's larger
/// maximum is `u32::MAX`, beyond any table Spindle allocates).
fn elements(max: Option<u64>) -> Option<u32> {
    max.map(|m| u32::try_from(m).unwrap_or(u32::MAX))
}
