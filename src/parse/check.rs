//! Validation: wasmparser's validator, run over every payload before the
//! decoder in [`super`] looks at it.
//!
//! Function bodies are validated here, whole, as their entries arrive; the
//! translator then reads only code that is known to be valid (eagerly, or on
//! first call under lazy translation). One validation path serves both
//! modes, so an image carries one copy of the operator validator.
//!
//! How a body's operators reach the validator is a trade of flash for load
//! time. By default wasmparser decodes them straight into the validator
//! (`FuncValidator::validate`), which is fast, but its decoding loop is
//! then compiled twice into the image: once for the validator, once for the
//! `Operator` values the translator reads. With the `small-footprint`
//! feature (the firmware in `no_std/` uses it) the validator takes the
//! translator's `Operator` values instead, so the image holds one decoder.
//! Both ways accept and refuse the same modules; CI runs the spec suite
//! both ways.
//!
//! wasmparser's validator shares its type tables through `alloc::sync::Arc`,
//! which exists only on targets with atomic pointer operations. Elsewhere
//! (`thumbv6m-none-eabi`, the Cortex-M0/M0+) the crate is built without it
//! (see `build.rs`, cfg `spindle_validator`) and only
//! [`Module::new_unchecked`](crate::Module::new_unchecked) loads modules.

use super::features;
use crate::error::{Error, Result};
#[cfg(feature = "small-footprint")]
use wasmparser::OperatorsReader;
use wasmparser::{
    FuncValidator, FuncValidatorAllocations, FunctionBody, Payload, Result as WasmResult,
    ValidPayload, Validator, ValidatorResources,
};

/// Validates one function body with wasmparser's own operator decoder,
/// specialised to the validator: the fastest way, but a second decoder in
/// the image beside the translator's `Operator` reader.
#[cfg(not(feature = "small-footprint"))]
fn validate(fv: &mut FuncValidator<ValidatorResources>, body: &FunctionBody<'_>) -> WasmResult<()> {
    fv.validate(body)
}

/// Validates one function body through the reader the translator uses:
/// each operator is decoded to an `Operator` value and handed to the
/// validator. The image holds one decoder (feature `small-footprint`:
/// about 8 KB less flash on a Cortex-M4) and validation takes about twice
/// as long (`yosys.wasm -V` 0.20 -> 0.35 s CPU).
#[cfg(feature = "small-footprint")]
fn validate(fv: &mut FuncValidator<ValidatorResources>, body: &FunctionBody<'_>) -> WasmResult<()> {
    let mut reader = body.get_binary_reader();
    fv.read_locals(&mut reader)?;
    let mut ops = OperatorsReader::new(reader);
    while !ops.eof() {
        let (op, offset) = ops.read_with_offset()?;
        fv.op(offset, &op)?;
    }
    ops.finish()
}

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
                validate(&mut fv, &body)
                    .map_err(|e| Error::invalid(Some(index), e.offset(), e.message()))?;
                self.allocs = fv.into_allocations();
                Ok(())
            }
        }
    }
}
