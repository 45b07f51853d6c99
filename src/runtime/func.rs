//! Calling a function: [`Func::call`], and calls that park when they run
//! out of fuel ([`Func::call_resumable`]).

use crate::error::Result;
use crate::store::func::Func;
use crate::store::value::Val;
use crate::store::{AsContextMut, StoreId};

impl Func {
    /// Calls the function. `args` must match its parameters and `results`
    /// must have room for exactly its results.
    pub fn call<T>(
        &self,
        mut store: impl AsContextMut<Data = T>,
        args: &[Val],
        results: &mut [Val],
    ) -> Result<()> {
        let store = store.as_store_mut();
        self.check_call(&*store, args, results)?;
        crate::exec::call(store, self.0, args, results)
    }

    /// Like [`Func::call`], but when the store runs out of fuel the call is
    /// parked instead of trapping: add fuel with
    /// [`Store::set_fuel`](crate::Store::set_fuel) and
    /// [`resume`](ResumableCall::resume) it, as often as needed. Execution
    /// continues exactly where it stopped, so the results and the fuel
    /// consumed in total are those of an uninterrupted run. A store holds
    /// one parked call; parking another abandons the older one. A call
    /// made from inside a host function is never parked: it traps.
    pub fn call_resumable<T>(
        &self,
        mut store: impl AsContextMut<Data = T>,
        args: &[Val],
        results: &mut [Val],
    ) -> Result<CallOutcome> {
        let store = store.as_store_mut();
        self.check_call(&*store, args, results)?;
        Ok(
            match crate::exec::start(store, self.0, args, results, true)? {
                crate::exec::Outcome::Finished => CallOutcome::Finished,
                crate::exec::Outcome::Suspended(id) => {
                    CallOutcome::OutOfFuel(ResumableCall { id, store: self.1 })
                }
            },
        )
    }
}

/// How a [`Func::call_resumable`] ended.
#[derive(Debug)]
#[must_use]
pub enum CallOutcome {
    /// The call returned; its results are written.
    Finished,
    /// The store ran out of fuel; the call is parked.
    OutOfFuel(ResumableCall),
}

/// A call parked in its store after running out of fuel.
#[derive(Debug)]
pub struct ResumableCall {
    id: u64,
    store: StoreId,
}

impl ResumableCall {
    /// Continues the call with the store's current fuel. `results` must
    /// have room for the called function's results.
    pub fn resume<T>(
        self,
        mut store: impl AsContextMut<Data = T>,
        results: &mut [Val],
    ) -> Result<CallOutcome> {
        let store = store.as_store_mut();
        store.inner.check_store(self.store, "ResumableCall")?;
        Ok(match crate::exec::resume(store, self.id, results)? {
            crate::exec::Outcome::Finished => CallOutcome::Finished,
            crate::exec::Outcome::Suspended(id) => CallOutcome::OutOfFuel(ResumableCall {
                id,
                store: self.store,
            }),
        })
    }
}
