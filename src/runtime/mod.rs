//! Runtime objects: the [`Store`](store::Store) owns every function,
//! memory, table, global and instance; the public types are small `Copy`
//! handles into it, as in wasmtime.

pub(crate) mod func;
pub(crate) mod global;
pub(crate) mod instance;
pub(crate) mod limits;
pub(crate) mod linker;
pub(crate) mod memory;
pub(crate) mod module;
pub(crate) mod store;
pub(crate) mod table;
#[cfg(test)]
pub(crate) mod tests;
pub(crate) mod typed;

/// Anything an instance can import or export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extern {
    /// A function.
    Func(func::Func),
    /// A table.
    Table(table::Table),
    /// A linear memory.
    Memory(memory::Memory),
    /// A global.
    Global(global::Global),
}

impl Extern {
    /// The function, if this is one.
    pub fn into_func(self) -> Option<func::Func> {
        if let Extern::Func(f) = self {
            Some(f)
        } else {
            None
        }
    }
    /// The memory, if this is one.
    pub fn into_memory(self) -> Option<memory::Memory> {
        if let Extern::Memory(m) = self {
            Some(m)
        } else {
            None
        }
    }
    /// The table, if this is one.
    pub fn into_table(self) -> Option<table::Table> {
        if let Extern::Table(t) = self {
            Some(t)
        } else {
            None
        }
    }
    /// The global, if this is one.
    pub fn into_global(self) -> Option<global::Global> {
        if let Extern::Global(g) = self {
            Some(g)
        } else {
            None
        }
    }
}
