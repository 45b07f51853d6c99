//! The part of the embedding API that runs wasm code: calling functions
//! ([`Func::call`](crate::Func::call), [`TypedFunc`](typed::TypedFunc)),
//! instantiating modules (which runs their start functions) and linking.
//! It sits above the interpreter ([`crate::exec`]); the objects it works
//! on live in [`crate::store`].

pub(crate) mod func;
#[cfg(all(test, feature = "gc"))]
mod gc_tests;
pub(crate) mod instance;
pub(crate) mod linker;
#[cfg(test)]
pub(crate) mod tests;
pub(crate) mod typed;
