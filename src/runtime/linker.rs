//! [`Linker`]: resolves a module's imports by name.

use crate::config::Engine;
use crate::error::{Error, Result};
use crate::map::VecMap;
use crate::runtime::typed::IntoFunc;
use crate::store::AsContextMut;
use crate::store::Extern;
use crate::store::func::{Caller, Func, HostFn};
use crate::store::instance::Instance;
use crate::store::module::Module;
use crate::store::value::Val;
use crate::sync::Arc;
use crate::types::FuncType;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

enum Definition<T> {
    Extern(Extern),
    Host(FuncType, Arc<HostFn<T>>),
}

impl<T> Clone for Definition<T> {
    fn clone(&self) -> Self {
        match self {
            Definition::Extern(e) => Definition::Extern(*e),
            Definition::Host(t, f) => Definition::Host(t.clone(), f.clone()),
        }
    }
}

/// Named definitions (`module::name`) to instantiate modules against.
/// Host functions defined here are not tied to a store: each store gets its
/// own copy when a module is instantiated in it.
pub struct Linker<T> {
    engine: Engine,
    defs: VecMap<(String, String), Definition<T>>,
    allow_shadowing: bool,
}

impl<T> core::fmt::Debug for Linker<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Linker")
            .field("definitions", &self.defs.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl<T> Linker<T> {
    /// An empty linker.
    pub fn new(engine: &Engine) -> Linker<T> {
        Linker {
            engine: engine.clone(),
            defs: VecMap::new(),
            allow_shadowing: false,
        }
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Whether a later definition may replace an earlier one of the same
    /// name (off by default: redefinition is an error).
    pub fn allow_shadowing(&mut self, allow: bool) -> &mut Self {
        self.allow_shadowing = allow;
        self
    }

    fn insert(&mut self, module: &str, name: &str, def: Definition<T>) -> Result<&mut Self> {
        let key = (module.to_string(), name.to_string());
        if !self.allow_shadowing && self.defs.contains_key(&key) {
            return Err(Error::link(alloc::format!(
                "{module}::{name} is already defined"
            )));
        }
        self.defs.insert(key, def);
        Ok(self)
    }

    /// Defines `module::name` as a store item.
    pub fn define(
        &mut self,
        module: &str,
        name: &str,
        item: impl Into<Extern>,
    ) -> Result<&mut Self> {
        self.insert(module, name, Definition::Extern(item.into()))
    }

    /// Defines `module::name` as a typed host closure.
    pub fn func_wrap<P, R>(
        &mut self,
        module: &str,
        name: &str,
        f: impl IntoFunc<T, P, R>,
    ) -> Result<&mut Self> {
        let (ty, f) = f.into_host();
        self.insert(module, name, Definition::Host(ty, f))
    }

    /// Defines `module::name` as a host closure with a dynamic signature.
    pub fn func_new(
        &mut self,
        module: &str,
        name: &str,
        ty: FuncType,
        f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Result<&mut Self> {
        self.insert(module, name, Definition::Host(ty, Arc::new(f)))
    }

    /// Defines every export of `instance` under the module name `module`.
    pub fn instance(
        &mut self,
        store: impl AsContextMut<Data = T>,
        module: &str,
        instance: Instance,
    ) -> Result<&mut Self> {
        let exports: Vec<(String, Extern)> = instance
            .exports(&store)
            .map(|(n, e)| (n.to_string(), e))
            .collect();
        for (name, ext) in exports {
            self.define(module, &name, ext)?;
        }
        Ok(self)
    }

    /// The definition of `module::name`, created in `store` if it is a host function.
    pub fn get(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &str,
        name: &str,
    ) -> Option<Extern> {
        match self
            .defs
            .get_by(|(m, n)| (m.as_str(), n.as_str()).cmp(&(module, name)))?
        {
            Definition::Extern(e) => Some(*e),
            Definition::Host(ty, f) => Some(Extern::Func(Func::from_host(
                store.as_store_mut(),
                ty.clone(),
                f.clone(),
            ))),
        }
    }

    /// Resolves `module`'s imports and instantiates it.
    pub fn instantiate(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &Module,
    ) -> Result<Instance> {
        let store = store.as_store_mut();
        let mut imports = Vec::with_capacity(module.info.imports.len());
        for import in &module.info.imports {
            let ext = self
                .get(&mut *store, &import.module, &import.name)
                .ok_or_else(|| {
                    Error::link(alloc::format!(
                        "unknown import: {}::{} has not been defined",
                        import.module,
                        import.name
                    ))
                })?;
            imports.push(ext);
        }
        Instance::new(store, module, &imports)
    }
}

impl From<Func> for Extern {
    fn from(f: Func) -> Extern {
        Extern::Func(f)
    }
}
impl From<crate::Memory> for Extern {
    fn from(m: crate::Memory) -> Extern {
        Extern::Memory(m)
    }
}
impl From<crate::Table> for Extern {
    fn from(t: crate::Table) -> Extern {
        Extern::Table(t)
    }
}
impl From<crate::Global> for Extern {
    fn from(g: crate::Global) -> Extern {
        Extern::Global(g)
    }
}

#[cfg(feature = "exceptions")]
impl From<crate::Tag> for Extern {
    fn from(t: crate::Tag) -> Extern {
        Extern::Tag(t)
    }
}
