//! Instantiation: [`Instance::new`] resolves imports, creates the
//! instance's memories, tables and globals, initialises them from the
//! segments and runs the start function.

use crate::error::{Error, ErrorKind, Result, Trap, TrapCode};
use crate::map::VecMap;
use crate::num::checked_range;
use crate::parse::{ConstExpr, DataMode, ElemMode, ExportIndex};
use crate::runtime::typed::{TypedFunc, WasmParams, WasmResults};
use crate::store::func::{Func, FuncEntity};
use crate::store::global::{Global, GlobalEntity};
use crate::store::instance::{Entry, Instance, InstanceEntity};
use crate::store::memory::{Memory, MemoryEntity};
use crate::store::module::Module;
use crate::store::table::{Table, TableEntity};
use crate::store::{AsContext, AsContextMut, Extern, Store};
use crate::types::{ExternType, GlobalType, MemoryType, Mutability, TableType, ValType};
use alloc::string::String;
use alloc::vec::Vec;

fn limits_match(min: u64, max: Option<u64>, want_min: u64, want_max: Option<u64>) -> bool {
    min >= want_min
        && match want_max {
            None => true,
            Some(wm) => max.is_some_and(|m| m <= wm),
        }
}

/// The message for an import of the wrong type.
fn incompatible(want: &ExternType, have: ExternType) -> String {
    alloc::format!("incompatible import type: expected {want}, found {have}")
}

/// Checks that `ext` can satisfy an import of type `want`.
/// The error for an import whose item belongs to another store.
#[cold]
#[inline(never)]
fn import_of_another_store(module: &str, name: &str, ext: Extern) -> Error {
    Error::new(
        ErrorKind::WrongStore,
        alloc::format!(
            "import {module}::{name}: {} used with a store it does not belong to",
            ext.kind()
        ),
    )
}

/// Checks that `ext` can satisfy an import of type `want`, whose concrete
/// types `canon` turns into the store's ids; `func_type` is a function
/// import's store type id.
fn check_import<T>(
    store: &Store<T>,
    ext: Extern,
    want: &ExternType,
    func_type: Option<u32>,
    canon: &dyn Fn(ValType) -> ValType,
) -> Result<(), String> {
    let inner = &store.inner;
    match (ext, want) {
        (Extern::Func(f), ExternType::Func(ty)) => {
            // A function of a declared subtype of the type expected fits.
            let have = inner.funcs[f.0 as usize].type_id();
            if !func_type.is_some_and(|want| inner.is_subtype(have, want)) {
                let have = f.ty(store);
                return Err(alloc::format!("expected {ty}, found {have}"));
            }
        }
        // A table is read and written: its element type must be the same
        // (canonical ids make equivalent types equal), not a subtype.
        (Extern::Table(t), ExternType::Table(ty)) => {
            let have = t.ty(store);
            if have.element != canon(ty.element)
                || have.table64 != ty.table64
                || !limits_match(have.min, have.max, ty.min, ty.max)
            {
                return Err(incompatible(want, ExternType::Table(have)));
            }
        }
        (Extern::Memory(m), ExternType::Memory(ty)) => {
            let have = m.ty(store);
            if have.page_size_log2 != ty.page_size_log2
                || have.memory64 != ty.memory64
                || !limits_match(have.min, have.max, ty.min, ty.max)
            {
                return Err(incompatible(want, ExternType::Memory(have)));
            }
        }
        (Extern::Global(g), ExternType::Global(ty)) => {
            let have = inner.globals[g.0 as usize].ty;
            let content = canon(ty.content);
            // An immutable global may hold a subtype; a mutable one is
            // read and written, so its type must be the same.
            let fits = match ty.mutability {
                Mutability::Const => have.content.matches(content, &inner.types),
                Mutability::Var => have.content == content,
            };
            if have.mutability != ty.mutability || !fits {
                return Err(incompatible(want, ExternType::Global(have)));
            }
        }
        // A tag's type must be the same (tags are both thrown and caught).
        #[cfg(feature = "exceptions")]
        (Extern::Tag(t), ExternType::Tag(_)) => {
            if Some(inner.tags[t.0 as usize].type_id) != func_type {
                return Err(incompatible(want, ExternType::Tag(t.ty(store))));
            }
        }
        (_, want) => return Err(alloc::format!("incompatible import type: expected {want}")),
    }
    Ok(())
}

fn eval_const<T>(
    expr: &ConstExpr,
    globals: &[u32],
    funcs: &[u32],
    type_ids: &[u32],
    store: &mut Store<T>,
) -> Result<u64> {
    // The expression's stack holds 64-bit cells: a v128 global's upper
    // half would be lost on its way into a struct or array field, so such
    // a read is refused (as `v128.const` is, when the module is parsed).
    #[cfg(all(feature = "gc", feature = "simd"))]
    if let ConstExpr::Ops(ops) = expr {
        use crate::parse::ConstOp;
        let v128_global = |g: u32| {
            globals
                .get(g as usize)
                .and_then(|&i| store.inner.globals.get(i as usize))
                .is_some_and(|e| e.ty.content.is_v128())
        };
        if ops.iter().any(|o| matches!(o, ConstOp::Gc(_)))
            && ops
                .iter()
                .any(|o| matches!(*o, ConstOp::Global(g) if v128_global(g)))
        {
            return Err(Error::new(
                ErrorKind::Unsupported,
                "a v128 global read in a GC constant expression",
            ));
        }
    }
    #[cfg(feature = "gc")]
    {
        let mut env = ConstEnvOf {
            store,
            globals,
            funcs,
            type_ids,
        };
        expr.eval_in(&mut env)
            .map_err(|c| Error::from(Trap::from(c)))
    }
    #[cfg(not(feature = "gc"))]
    {
        let _ = type_ids;
        Ok(eval_offset(expr, globals, funcs, &store.inner))
    }
}

/// A segment's offset: an integer, which no GC instruction makes, so it
/// is evaluated without the store's GC heap.
fn eval_offset(
    expr: &ConstExpr,
    globals: &[u32],
    funcs: &[u32],
    inner: &crate::store::StoreInner,
) -> u64 {
    expr.eval(
        |g| inner.globals[globals[g as usize] as usize].value,
        |f| funcs[f as usize] as u64 + 1,
    )
}

/// What a constant expression of an instance being made reads, and where
/// its GC instructions allocate (the `gc` cargo feature).
#[cfg(feature = "gc")]
struct ConstEnvOf<'a, T> {
    store: &'a mut Store<T>,
    globals: &'a [u32],
    funcs: &'a [u32],
    type_ids: &'a [u32],
}

#[cfg(feature = "gc")]
impl<T> crate::parse::ConstEnv for ConstEnvOf<'_, T> {
    fn global(&self, g: u32) -> u64 {
        self.store.inner.globals[self.globals[g as usize] as usize].value
    }

    fn func(&self, f: u32) -> u64 {
        self.funcs[f as usize] as u64 + 1
    }

    fn gc(&mut self, op: crate::parse::GcConstOp, stack: &mut Vec<u64>) -> Result<(), TrapCode> {
        use crate::bytecode::gc as codes;
        use crate::parse::GcConstOp as G;
        use crate::types::CompositeType;
        let id = |t: u32| self.type_ids.get(t as usize).copied().unwrap_or(u32::MAX);
        let pop = |stack: &mut Vec<u64>, n: usize| stack.split_off(stack.len().saturating_sub(n));
        let array_elem =
            |store: &Store<T>, id: u32| match store.inner.types.get(id).map(|t| &t.composite) {
                Some(CompositeType::Array(a)) => {
                    Some(codes::storage_size(a.field_type().element_type()))
                }
                _ => None,
            };
        let cell = match op {
            G::RefI31 => codes::i31_cell(stack.pop().unwrap_or(0) as u32),
            G::AnyConvertExtern => codes::any_of_extern(stack.pop().unwrap_or(0)),
            G::ExternConvertAny => codes::extern_of_any(stack.pop().unwrap_or(0)),
            G::StructNew(t) | G::StructNewDefault(t) => {
                let id = id(t);
                let Some(CompositeType::Struct(st)) =
                    self.store.inner.types.get(id).map(|t| &t.composite)
                else {
                    return Err(TrapCode::Unreachable);
                };
                let n = st.fields().len();
                let mut cells = alloc::vec![0u64; codes::struct_cells(st)];
                if let G::StructNew(_) = op {
                    // (A v128 field's upper half is 0 here: Spindle
                    // refuses a v128.const in a GC constant expression.)
                    for (i, v) in pop(stack, n).into_iter().enumerate() {
                        let t = st.fields()[i].element_type();
                        cells[codes::field_cell(st, i)] = codes::pack(t, v);
                    }
                }
                self.store.gc_new_struct(id, &cells)?
            }
            G::ArrayNew(t) | G::ArrayNewDefault(t) => {
                let id = id(t);
                let elem = array_elem(self.store, id).ok_or(TrapCode::Unreachable)?;
                let len = stack.pop().unwrap_or(0) as u32 as u64;
                let init = if let G::ArrayNew(_) = op {
                    stack.pop().unwrap_or(0)
                } else {
                    0
                };
                self.store.gc_new_array(id, elem, len, |bytes| {
                    crate::store::gc::fill_elems(bytes, elem, init, 0)
                })?
            }
            G::ArrayNewFixed(t, n) => {
                let id = id(t);
                let elem = array_elem(self.store, id).ok_or(TrapCode::Unreachable)?;
                let values = pop(stack, n as usize);
                self.store
                    .gc_new_array(id, elem, values.len() as u64, |bytes| {
                        for (i, &v) in values.iter().enumerate() {
                            crate::store::gc::write_elem(bytes, elem, i, v, 0);
                        }
                    })?
            }
        };
        stack.push(cell);
        Ok(())
    }
}

/// Asks the store's limiter about the instance, tables and memories that
/// instantiation is about to create.
pub(crate) fn check_limits<T>(
    store: &mut Store<T>,
    tables: &[TableType],
    memories: &[MemoryType],
) -> Result<()> {
    store
        .counts_allow(1, tables.len(), memories.len())
        .map_err(Error::instantiate)?;
    for ty in memories {
        store.admit_memory(ty).map_err(Error::instantiate)?;
    }
    for ty in tables {
        store.admit_table(ty).map_err(Error::instantiate)?;
    }
    Ok(())
}
impl Instance {
    /// Instantiates `module` with `imports` given in the module's import
    /// order, then runs its start function.
    pub fn new<T>(
        mut store: impl AsContextMut<Data = T>,
        module: &Module,
        imports: &[Extern],
    ) -> Result<Instance> {
        let store = store.as_store_mut();
        let info = module.info.clone();
        if !crate::config::Engine::same(store.engine(), module.engine())
            && store.engine().config() != module.engine().config()
        {
            return Err(Error::link(
                "module and store were made with different engine configurations",
            ));
        }
        if imports.len() != info.imports.len() {
            return Err(Error::link(alloc::format!(
                "module has {} imports, {} given",
                info.imports.len(),
                imports.len()
            )));
        }
        // The module's types in the store's ids first: imports are checked
        // against them.
        let type_ids = store.inner.intern_module_types(&info)?;
        // A module's concrete types as the store's (only typed function
        // references have them).
        #[cfg(feature = "function-references")]
        let canon = |t: ValType| {
            t.map_concrete(|j| type_ids.get(j as usize).copied())
                .unwrap_or(t)
        };
        #[cfg(not(feature = "function-references"))]
        let canon = |t: ValType| t;
        let mut funcs = Vec::with_capacity(info.func_types.len());
        let mut tables = Vec::with_capacity(info.tables.len());
        let mut memories = Vec::with_capacity(info.memories.len());
        let mut globals = Vec::with_capacity(info.globals.len());
        #[cfg(feature = "exceptions")]
        let mut tags = Vec::with_capacity(info.tags.len());
        for (import, &ext) in info.imports.iter().zip(imports) {
            if ext.store_id() != store.inner.id {
                return Err(import_of_another_store(&import.module, &import.name, ext));
            }
            // A function import's type is its module type's id.
            let func_type = match import.ty {
                ExternType::Func(_) => Some(type_ids[info.func_types[funcs.len()] as usize]),
                #[cfg(feature = "exceptions")]
                ExternType::Tag(_) => Some(type_ids[info.tags[tags.len()] as usize]),
                _ => None,
            };
            check_import(store, ext, &import.ty, func_type, &canon).map_err(|e| {
                Error::link(alloc::format!(
                    "import {}::{}: {e}",
                    import.module,
                    import.name
                ))
            })?;
            match ext {
                Extern::Func(f) => funcs.push(f.0),
                Extern::Table(t) => tables.push(t.0),
                Extern::Memory(m) => memories.push(m.0),
                Extern::Global(g) => globals.push(g.0),
                #[cfg(feature = "exceptions")]
                Extern::Tag(t) => tags.push(t.0),
            }
        }
        check_limits(
            store,
            &info.tables[info.num_imported_tables as usize..],
            &info.memories[info.num_imported_memories as usize..],
        )?;
        let instance = store.inner.instances.len() as u32;
        let inner = &mut store.inner;
        for (i, &ty) in info
            .func_types
            .iter()
            .enumerate()
            .skip(info.num_imported_funcs as usize)
        {
            let index = i as u32 - info.num_imported_funcs;
            inner.funcs.push(FuncEntity::Wasm {
                instance,
                index,
                type_id: type_ids[ty as usize],
            });
            funcs.push(inner.funcs.len() as u32 - 1);
        }
        for ty in &info.memories[info.num_imported_memories as usize..] {
            inner.memories.push(MemoryEntity::new(*ty)?);
            memories.push(inner.memories.len() as u32 - 1);
        }
        for (ty, init) in info.globals[info.num_imported_globals as usize..]
            .iter()
            .zip(&info.global_inits)
        {
            let value = eval_const(init, &globals, &funcs, &type_ids, store)?;
            let inner = &mut store.inner;
            #[cfg(feature = "simd")]
            let hi = init.eval_hi(|g| inner.globals[globals[g as usize] as usize].hi);
            let ty = GlobalType {
                content: canon(ty.content),
                ..*ty
            };
            inner.globals.push(GlobalEntity {
                value,
                #[cfg(feature = "simd")]
                hi,
                ty,
            });
            globals.push(inner.globals.len() as u32 - 1);
        }
        for (i, ty) in info.tables[info.num_imported_tables as usize..]
            .iter()
            .enumerate()
        {
            // A table of non-nullable references starts with its
            // initialiser's value (typed function references), which may
            // read any global (GC's constant expressions): the globals
            // come first.
            #[cfg(feature = "function-references")]
            let init = match &info.table_inits[i] {
                Some(e) => eval_const(e, &globals, &funcs, &type_ids, store)?,
                None => 0,
            };
            #[cfg(not(feature = "function-references"))]
            let init = {
                let _ = i;
                0
            };
            let ty = TableType {
                element: canon(ty.element),
                ..*ty
            };
            let inner = &mut store.inner;
            inner.tables.push(TableEntity::new(ty, init)?);
            tables.push(inner.tables.len() as u32 - 1);
        }
        let inner = &mut store.inner;
        #[cfg(feature = "exceptions")]
        for &ty in &info.tags[info.num_imported_tags as usize..] {
            inner.tags.push(crate::store::exn::TagEntity {
                type_id: type_ids[ty as usize],
            });
            tags.push(inner.tags.len() as u32 - 1);
        }
        let mut exports = VecMap::new();
        for (name, index) in &info.exports {
            let ext = match *index {
                ExportIndex::Func(i) => Extern::Func(Func(funcs[i as usize], inner.id)),
                ExportIndex::Table(i) => Extern::Table(Table(tables[i as usize], inner.id)),
                ExportIndex::Memory(i) => Extern::Memory(Memory(memories[i as usize], inner.id)),
                ExportIndex::Global(i) => Extern::Global(Global(globals[i as usize], inner.id)),
                #[cfg(feature = "exceptions")]
                ExportIndex::Tag(i) => {
                    Extern::Tag(crate::store::exn::Tag(tags[i as usize], inner.id))
                }
            };
            exports.insert(name.clone(), ext);
        }
        let mut elems: Vec<Vec<u64>> = Vec::with_capacity(info.elems.len());
        for seg in &info.elems {
            let mut items = Vec::with_capacity(seg.items.len());
            for e in &seg.items {
                items.push(eval_const(e, &globals, &funcs, &type_ids, store)?);
            }
            elems.push(items);
        }
        let inner = &mut store.inner;
        inner.instances.push(InstanceEntity {
            module: info.clone(),
            funcs,
            tables,
            memories,
            globals,
            #[cfg(feature = "exceptions")]
            tags,
            type_ids,
            elems,
            data_dropped: alloc::vec![false; info.datas.len()],
            exports,
            code: (0..info.bodies.len()).map(|_| None).collect(),
            entries: if info.is_lazy() {
                alloc::vec![Entry::PENDING; info.bodies.len()]
            } else {
                info.funcs.iter().map(Entry::of).collect()
            },
        });
        // Active segments, in order; a failure leaves earlier writes in place.
        for (i, seg) in info.elems.iter().enumerate() {
            match &seg.mode {
                ElemMode::Active { table, offset } => {
                    let inner = &mut store.inner;
                    let inst = &inner.instances[instance as usize];
                    // An i32 offset's cell is its zero extension.
                    let start = eval_offset(offset, &inst.globals, &inst.funcs, inner);
                    let t = inst.tables[*table as usize] as usize;
                    let items = core::mem::take(&mut inner.instances[instance as usize].elems[i]);
                    let table = &mut inner.tables[t].elems;
                    let range = checked_range(start, items.len() as u64, table.len())
                        .ok_or_else(|| Error::from(Trap::from(TrapCode::TableOutOfBounds)))?;
                    table[range].copy_from_slice(&items);
                }
                ElemMode::Declared => {
                    store.inner.instances[instance as usize].elems[i] = Vec::new()
                }
                ElemMode::Passive => {}
            }
        }
        for (i, seg) in info.datas.iter().enumerate() {
            if let DataMode::Active { memory, offset } = &seg.mode {
                let inner = &mut store.inner;
                let inst = &inner.instances[instance as usize];
                let start = eval_offset(offset, &inst.globals, &inst.funcs, inner);
                let m = inst.memories[*memory as usize] as usize;
                inner.instances[instance as usize].data_dropped[i] = true;
                let mem = &mut inner.memories[m].data;
                let range = checked_range(start, seg.bytes.len() as u64, mem.len())
                    .ok_or_else(|| Error::from(Trap::from(TrapCode::MemoryOutOfBounds)))?;
                mem[range].copy_from_slice(&seg.bytes);
            }
        }
        let instance = Instance(instance, store.inner.id);
        if let Some(start) = info.start {
            let f = Func(
                store.inner.instances[instance.0 as usize].funcs[start as usize],
                store.inner.id,
            );
            f.call(&mut *store, &[], &mut [])?;
        }
        Ok(instance)
    }
    /// The exported function `name` with a static signature.
    pub fn get_typed_func<P: WasmParams, R: WasmResults>(
        &self,
        store: impl AsContext,
        name: &str,
    ) -> Result<TypedFunc<P, R>> {
        store.as_context().check_store(self.1, "Instance")?;
        let f = self
            .get_func(&store, name)
            .ok_or_else(|| Error::bad_argument(alloc::format!("no exported function `{name}`")))?;
        f.typed(&store)
    }
}
