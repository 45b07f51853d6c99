//! Validation: wasmparser's validator, run over every payload before the
//! decoder in [`super`] looks at it.
//!
//! Function bodies are validated here, whole, as their entries arrive; the
//! translator then reads only code that is known to be valid (eagerly, or on
//! first call under lazy translation). One validation path serves both
//! modes, so an image carries one copy of the operator validator.
//!
//! wasmparser's validator shares its type tables through `alloc::sync::Arc`,
//! which exists only on targets with atomic pointer operations. Elsewhere
//! (`thumbv6m-none-eabi`, the Cortex-M0/M0+) the crate is built without it
//! (see `build.rs`, cfg `spindle_validator`) and only
//! [`Module::new_unchecked`](crate::Module::new_unchecked) loads modules.

use super::features;
use crate::error::{Error, Result};
use wasmparser::{FuncValidatorAllocations, Payload, ValidPayload, Validator};

/// Validates one module, payload by payload.
pub(crate) struct Checker {
    validator: Validator,
    /// Reused between function bodies.
    allocs: FuncValidatorAllocations,
}

impl Checker {
    pub(crate) fn new() -> Checker {
        Checker {
            validator: Validator::new_with_features(features()),
            allocs: FuncValidatorAllocations::default(),
        }
    }

    /// Validates `payload`, and the whole body when it is a function's.
    pub(crate) fn payload(&mut self, payload: &Payload<'_>) -> Result<()> {
        match self.validator.payload(payload).map_err(super::invalid)? {
            ValidPayload::Ok | ValidPayload::End(_) => Ok(()),
            ValidPayload::Parser(_) => Err(super::nested()),
            ValidPayload::Func(func, body) => {
                let index = func.index;
                let mut fv = func.into_validator(core::mem::take(&mut self.allocs));
                fv.validate(&body)
                    .map_err(|e| Error::invalid(Some(index), e.offset(), e.message()))?;
                self.allocs = fv.into_allocations();
                Ok(())
            }
        }
    }
}
