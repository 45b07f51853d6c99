//! Functions: wasm functions of an instance and host functions, the
//! [`Func`] handle and the [`Caller`] a host function gets. Calling a
//! function runs code, so [`Func::call`] is in `runtime::func`.

use crate::error::{Error, Result};
use crate::store::value::Val;
use crate::store::{AsContext, AsContextMut, Extern, Store, StoreId};
use crate::sync::Arc;
use crate::types::FuncType;

/// The signature every host function is stored with.
pub(crate) type HostFn<T> = dyn Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync;

/// A host function registered in a store.
pub(crate) struct HostFunc<T> {
    pub func: Arc<HostFn<T>>,
}

impl<T> Clone for HostFunc<T> {
    fn clone(&self) -> Self {
        HostFunc {
            func: self.func.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) enum FuncEntity {
    /// Defined function `index` of `instance`'s module.
    Wasm {
        instance: u32,
        index: u32,
        type_id: u32,
    },
    /// Host function `host` of the store.
    Host { host: u32, type_id: u32 },
}

impl FuncEntity {
    pub(crate) fn type_id(&self) -> u32 {
        match *self {
            FuncEntity::Wasm { type_id, .. } | FuncEntity::Host { type_id, .. } => type_id,
        }
    }
}

/// What a host function gets: the store, and the calling instance.
pub struct Caller<'a, T> {
    pub(crate) store: &'a mut Store<T>,
    pub(crate) instance: Option<u32>,
}

impl<T> Caller<'_, T> {
    /// The host data.
    pub fn data(&self) -> &T {
        self.store.data()
    }

    /// The host data, writable.
    pub fn data_mut(&mut self) -> &mut T {
        self.store.data_mut()
    }

    /// An export of the calling instance (typically its `memory`).
    pub fn get_export(&self, name: &str) -> Option<Extern> {
        let instance = self.instance?;
        self.store.inner.instances[instance as usize]
            .exports
            .get(name)
            .copied()
    }
}

impl<T> AsContext for Caller<'_, T> {
    type Data = T;
    fn as_store(&self) -> &Store<T> {
        self.store
    }
}

impl<T> AsContextMut for Caller<'_, T> {
    fn as_store_mut(&mut self) -> &mut Store<T> {
        self.store
    }
}

/// A handle to a function in a [`Store`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Func(pub(crate) u32, pub(crate) StoreId);

impl Func {
    /// A host function with a dynamic signature. `func` gets the arguments
    /// and writes `ty.results().len()` results.
    pub fn new<T>(
        mut store: impl AsContextMut<Data = T>,
        ty: FuncType,
        func: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Func {
        Func::from_host(store.as_store_mut(), ty, Arc::new(func))
    }

    pub(crate) fn from_host<T>(store: &mut Store<T>, ty: FuncType, func: Arc<HostFn<T>>) -> Func {
        let type_id = store.inner.intern_type(&ty);
        store.hosts.push(HostFunc { func });
        let host = store.hosts.len() as u32 - 1;
        store.inner.funcs.push(FuncEntity::Host { host, type_id });
        Func(store.inner.funcs.len() as u32 - 1, store.inner.id)
    }

    /// The function's signature.
    ///
    /// # Panics
    ///
    /// If the function belongs to another store.
    #[track_caller]
    pub fn ty(&self, store: impl AsContext) -> FuncType {
        let inner = store.as_context();
        inner.assert_store(self.1, "Func");
        inner.func_type(inner.funcs[self.0 as usize].type_id())
    }

    pub(crate) fn check_call<T>(
        &self,
        store: &Store<T>,
        args: &[Val],
        results: &[Val],
    ) -> Result<()> {
        store.inner.check_store(self.1, "Func")?;
        let ty = self.ty(store);
        if args.len() != ty.params().len()
            || args
                .iter()
                .zip(ty.params())
                .any(|(a, t)| !a.matches(*t, &store.inner))
        {
            return Err(Error::bad_argument(alloc::format!(
                "arguments do not match the signature {ty}"
            )));
        }
        if results.len() != ty.results().len() {
            return Err(Error::bad_argument(alloc::format!(
                "{} result slots given, the signature {ty} has {}",
                results.len(),
                ty.results().len()
            )));
        }
        args.iter().try_for_each(|a| a.check_store(&store.inner))
    }
}
