//! Statically typed calls in both directions: [`TypedFunc`] for calling
//! wasm from Rust, [`IntoFunc`] for Rust closures called from wasm.

use crate::error::{Error, Result};
use crate::store::func::{Caller, Func, HostFn};
use crate::store::value::{ExternRef, Val};
use crate::store::{AsContext, AsContextMut};
use crate::sync::Arc;
use crate::types::{FuncType, ValType};
use alloc::vec::Vec;
use core::marker::PhantomData;

/// A Rust type that maps to one wasm value type.
pub trait WasmTy: Copy + Send + Sync + 'static {
    /// The wasm type.
    const TYPE: ValType;
    /// Into a [`Val`].
    fn into_val(self) -> Val;
    /// From a [`Val`] of type [`Self::TYPE`].
    fn from_val(v: Val) -> Self;
}

macro_rules! wasm_ty {
    ($($t:ty => $vt:ident, $into:expr, $from:expr;)*) => {$(
        impl WasmTy for $t {
            const TYPE: ValType = ValType::$vt;
            fn into_val(self) -> Val { ($into)(self) }
            fn from_val(v: Val) -> Self { ($from)(v) }
        }
    )*};
}

wasm_ty! {
    i32 => I32, Val::I32, |v: Val| v.i32().unwrap_or_default();
    u32 => I32, |x: u32| Val::I32(x as i32), |v: Val| v.i32().unwrap_or_default() as u32;
    i64 => I64, Val::I64, |v: Val| v.i64().unwrap_or_default();
    u64 => I64, |x: u64| Val::I64(x as i64), |v: Val| v.i64().unwrap_or_default() as u64;
    f32 => F32, |x: f32| Val::F32(x.to_bits()), |v: Val| v.f32().unwrap_or_default();
    f64 => F64, |x: f64| Val::F64(x.to_bits()), |v: Val| v.f64().unwrap_or_default();
    Option<Func> => FuncRef, Val::FuncRef, |v: Val| if let Val::FuncRef(f) = v { f } else { None };
    Option<ExternRef> => ExternRef, Val::ExternRef, |v: Val| if let Val::ExternRef(r) = v { r } else { None };
}

#[cfg(feature = "simd")]
wasm_ty! {
    u128 => V128, Val::V128, |v: Val| v.v128().unwrap_or_default();
}

/// Parameter lists: `()`, a single [`WasmTy`], or a tuple of them.
pub trait WasmParams: Send + Sync + 'static {
    /// The wasm types.
    fn types() -> Vec<ValType>;
    /// The values, in order.
    fn into_vals(self) -> Vec<Val>;
}

/// Result lists: `()`, a single [`WasmTy`], or a tuple of them.
pub trait WasmResults: Sized + Send + Sync + 'static {
    /// The wasm types.
    fn types() -> Vec<ValType>;
    /// From values of [`Self::types`].
    fn from_vals(vals: &[Val]) -> Self;
}

impl<A: WasmTy> WasmParams for A {
    fn types() -> Vec<ValType> {
        alloc::vec![A::TYPE]
    }
    fn into_vals(self) -> Vec<Val> {
        alloc::vec![self.into_val()]
    }
}

impl<A: WasmTy> WasmResults for A {
    fn types() -> Vec<ValType> {
        alloc::vec![A::TYPE]
    }
    fn from_vals(vals: &[Val]) -> Self {
        A::from_val(vals[0])
    }
}

macro_rules! tuples {
    ($($a:ident)*) => {
        #[allow(non_snake_case, unused_variables, unused_mut, clippy::unused_unit)]
        impl<$($a: WasmTy),*> WasmParams for ($($a,)*) {
            fn types() -> Vec<ValType> { alloc::vec![$($a::TYPE),*] }
            fn into_vals(self) -> Vec<Val> {
                let ($($a,)*) = self;
                alloc::vec![$($a.into_val()),*]
            }
        }
        #[allow(non_snake_case, unused_variables, unused_mut, clippy::unused_unit)]
        impl<$($a: WasmTy),*> WasmResults for ($($a,)*) {
            fn types() -> Vec<ValType> { alloc::vec![$($a::TYPE),*] }
            fn from_vals(vals: &[Val]) -> Self {
                let mut it = vals.iter();
                ($($a::from_val(*it.next().unwrap_or(&Val::I32(0))),)*)
            }
        }
        #[allow(non_snake_case, unused_variables, unused_mut)]
        impl<T, F, R, $($a: WasmTy),*> IntoFunc<T, ($($a,)*), R> for F
        where
            F: Fn(Caller<'_, T>, $($a),*) -> R + Send + Sync + 'static,
            R: HostResult,
        {
            fn into_host(self) -> (FuncType, Arc<HostFn<T>>) {
                let ty = FuncType::new(alloc::vec![$($a::TYPE),*], R::types());
                let f = move |caller: Caller<'_, T>, args: &[Val], results: &mut [Val]| -> Result<()> {
                    let mut it = args.iter();
                    $( let $a = $a::from_val(*it.next().unwrap_or(&Val::I32(0))); )*
                    (self)(caller, $($a),*).write(results)
                };
                (ty, Arc::new(f))
            }
        }
    };
}

tuples!();
tuples!(A1);
tuples!(A1 A2);
tuples!(A1 A2 A3);
tuples!(A1 A2 A3 A4);
tuples!(A1 A2 A3 A4 A5);
tuples!(A1 A2 A3 A4 A5 A6);
tuples!(A1 A2 A3 A4 A5 A6 A7);
tuples!(A1 A2 A3 A4 A5 A6 A7 A8);
tuples!(A1 A2 A3 A4 A5 A6 A7 A8 A9);
tuples!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10);

/// What a host closure may return: results, or a `Result` of them.
pub trait HostResult {
    /// The wasm result types.
    fn types() -> Vec<ValType>;
    /// Writes the results, or passes on the error.
    fn write(self, out: &mut [Val]) -> Result<()>;
}

impl<R: WasmResults + WasmParams> HostResult for R {
    fn types() -> Vec<ValType> {
        <R as WasmResults>::types()
    }
    fn write(self, out: &mut [Val]) -> Result<()> {
        for (o, v) in out.iter_mut().zip(self.into_vals()) {
            *o = v;
        }
        Ok(())
    }
}

impl<R: WasmResults + WasmParams> HostResult for Result<R> {
    fn types() -> Vec<ValType> {
        <R as WasmResults>::types()
    }
    fn write(self, out: &mut [Val]) -> Result<()> {
        self?.write(out)
    }
}

/// A Rust closure usable as a host function: `Fn(Caller<T>, A1, ..., An)
/// -> R` where each `Ai` is a [`WasmTy`] and `R` is `()`, a [`WasmTy`], a
/// tuple of them, or a `Result` of those.
pub trait IntoFunc<T, Params, Results>: Send + Sync + 'static {
    /// The signature and the type-erased function.
    #[doc(hidden)]
    fn into_host(self) -> (FuncType, Arc<HostFn<T>>);
}

impl Func {
    /// A host function from a typed closure.
    pub fn wrap<T, P, R>(
        mut store: impl AsContextMut<Data = T>,
        f: impl IntoFunc<T, P, R>,
    ) -> Func {
        let (ty, f) = f.into_host();
        Func::from_host(store.as_store_mut(), ty, f)
    }

    /// This function with a static signature, checked now.
    pub fn typed<P: WasmParams, R: WasmResults>(
        &self,
        store: impl AsContext,
    ) -> Result<TypedFunc<P, R>> {
        store.as_context().check_store(self.1, "Func")?;
        let ty = self.ty(store);
        if ty.params() != P::types().as_slice() || ty.results() != R::types().as_slice() {
            return Err(Error::bad_argument(alloc::format!(
                "function has signature {ty}"
            )));
        }
        Ok(TypedFunc {
            func: *self,
            _marker: PhantomData,
        })
    }
}

/// A function whose signature was checked once, called without dynamic
/// type checks.
pub struct TypedFunc<P, R> {
    func: Func,
    _marker: PhantomData<fn(P) -> R>,
}

impl<P, R> Clone for TypedFunc<P, R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P, R> Copy for TypedFunc<P, R> {}

impl<P, R> core::fmt::Debug for TypedFunc<P, R> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("TypedFunc").field(&self.func).finish()
    }
}

impl<P: WasmParams, R: WasmResults> TypedFunc<P, R> {
    /// Calls the function.
    pub fn call<T>(&self, mut store: impl AsContextMut<Data = T>, params: P) -> Result<R> {
        let store = store.as_store_mut();
        store.inner.check_store(self.func.1, "TypedFunc")?;
        let args = params.into_vals();
        let mut results: Vec<Val> = R::types().into_iter().map(Val::default_for).collect();
        crate::exec::call(store, self.func.0, &args, &mut results)?;
        Ok(R::from_vals(&results))
    }

    /// The untyped function.
    pub fn func(&self) -> Func {
        self.func
    }
}
