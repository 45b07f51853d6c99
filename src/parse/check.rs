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

use crate::error::{Error, Result};
#[cfg(feature = "small-footprint")]
use wasmparser::OperatorsReader;
use wasmparser::{
    FuncToValidate, FuncValidator, FuncValidatorAllocations, FunctionBody, Payload,
    Result as WasmResult, ValidPayload, Validator, ValidatorResources,
};
#[cfg(not(feature = "small-footprint"))]
use {super::DeferredCheck, alloc::boxed::Box};

/// Validates one function body with wasmparser's own operator decoder,
/// specialised to the validator: the fastest way, but a second decoder in
/// the image beside the translator's `Operator` reader.
#[cfg(not(feature = "small-footprint"))]
fn validate(
    fv: &mut FuncValidator<ValidatorResources>,
    body: &FunctionBody<'_>,
    features: wasmparser::WasmFeatures,
) -> WasmResult<()> {
    let mut reader = body.get_binary_reader();
    fv.read_locals(&mut reader)?;
    // The module's features: they decide the binary format too.
    reader.set_features(features);
    reader.validate_operators(fv)
}

/// The operator loop of [`validate`], as a method of wasmparser's reader.
///
/// This is `FuncValidator::validate`'s loop, placed so that the compiler
/// can inline the decoder into it. Per operator, the loop calls
/// `BinaryReader::visit_operator`, whose frame is large (six saved
/// registers and 824 bytes of stack in wasmparser 0.263); paying for that
/// call once per operator was about a quarter of loading `yosys.wasm`.
///
/// LLVM inlines only what is defined in the caller's codegen unit. rustc
/// assigns a method to a unit by its self type, so as a method on
/// `BinaryReader` this loop lands in the unit of the `visit_operator`
/// instance it calls (checked in the object files), where
/// `FuncValidator::validate`, a method on wasmparser's validator, does
/// not. Even there, the decoder with the validator inlined into it costs
/// more than LLVM's default inline threshold allows, so it stays a call
/// per operator: `yosys.wasm -V` takes 1.47 G instructions, 1.04 G with
/// the threshold raised to 2000 (`-C llvm-args=-inline-threshold=2000`).
/// The repository no longer raises it: an application that depends on
/// Spindle would not get the flag, and measurements must show what it
/// gets (README, "Performance"). `tests` below checks that this loop
/// refuses bodies where and as wasmparser's own does.
#[cfg(not(feature = "small-footprint"))]
trait ValidateOperators {
    fn validate_operators(&mut self, fv: &mut FuncValidator<ValidatorResources>) -> WasmResult<()>;
}

#[cfg(not(feature = "small-footprint"))]
impl ValidateOperators for wasmparser::BinaryReader<'_> {
    #[inline(never)]
    fn validate_operators(&mut self, fv: &mut FuncValidator<ValidatorResources>) -> WasmResult<()> {
        while !self.eof() {
            self.visit_operator(&mut fv.visitor(self.original_position()))??;
        }
        self.finish_expression(&fv.visitor(self.original_position()))
    }
}

/// Validates one function body through the reader the translator uses:
/// each operator is decoded to an `Operator` value and handed to the
/// validator. The image holds one decoder (feature `small-footprint`:
/// about 8 KB less flash on a Cortex-M4) and validation takes about twice
/// as long (`yosys.wasm -V`: 2.20 G instructions against 1.04 G, on
/// x86-64 with this repository's build flags).
#[cfg(feature = "small-footprint")]
fn validate(
    fv: &mut FuncValidator<ValidatorResources>,
    body: &FunctionBody<'_>,
    features: wasmparser::WasmFeatures,
) -> WasmResult<()> {
    let mut reader = body.get_binary_reader();
    reader.set_features(features);
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
    /// Lazy validation: bodies are left for [`Deferred`], which this keeps
    /// once the code section starts.
    #[cfg(not(feature = "small-footprint"))]
    lazy: bool,
    #[cfg(not(feature = "small-footprint"))]
    deferred: Option<Deferred>,
}

/// What validating a function body after the module was loaded needs: the
/// module's validated declarations (wasmparser shares them by reference
/// count, so keeping them costs one pointer). Not in the small build: its
/// flash budget has no room for a second path into the validator.
#[cfg(not(feature = "small-footprint"))]
struct Deferred(ValidatorResources, wasmparser::WasmFeatures);

#[cfg(not(feature = "small-footprint"))]
impl DeferredCheck for Deferred {
    fn validate(&self, index: u32, ty: u32, body: &FunctionBody<'_>) -> Result<()> {
        let func = FuncToValidate {
            resources: self.0.clone(),
            index,
            ty,
            features: self.1,
        };
        check_body(func, FuncValidatorAllocations::default(), body).0
    }
}

/// Validates one function body (eagerly, or deferred); gives the
/// allocations back for the next body.
fn check_body(
    func: FuncToValidate<ValidatorResources>,
    allocs: FuncValidatorAllocations,
    body: &FunctionBody<'_>,
) -> (Result<()>, FuncValidatorAllocations) {
    let (index, features) = (func.index, func.features);
    let mut fv = func.into_validator(allocs);
    let result = validate(&mut fv, body, features).map_err(|e| Error::from_reader(Some(index), e));
    (result, fv.into_allocations())
}

impl Checker {
    /// A checker for one module. With `lazy`, function bodies are not
    /// validated here (see [`Config::lazy_validation`](crate::Config::lazy_validation);
    /// the small build ignores it).
    pub(crate) fn new(lazy: bool, features: wasmparser::WasmFeatures) -> Checker {
        let _ = lazy;
        Checker {
            validator: Validator::new_with_features(features),
            allocs: FuncValidatorAllocations::default(),
            #[cfg(not(feature = "small-footprint"))]
            lazy,
            #[cfg(not(feature = "small-footprint"))]
            deferred: None,
        }
    }

    /// What validates the bodies lazy validation left, if it left any.
    #[cfg(not(feature = "small-footprint"))]
    pub(crate) fn into_deferred(self) -> Option<Box<dyn DeferredCheck>> {
        self.deferred.map(|d| Box::new(d) as Box<dyn DeferredCheck>)
    }

    /// Validates `payload`, and the whole body when it is a function's.
    pub(crate) fn payload(&mut self, payload: &Payload<'_>) -> Result<()> {
        match self.validator.payload(payload).map_err(super::invalid)? {
            ValidPayload::Ok | ValidPayload::End(_) => Ok(()),
            ValidPayload::Parser(_) => Err(super::nested()),
            #[cfg(not(feature = "small-footprint"))]
            ValidPayload::Func(func, _) if self.lazy => {
                if self.deferred.is_none() {
                    self.deferred = Some(Deferred(func.resources, func.features));
                }
                Ok(())
            }
            ValidPayload::Func(func, body) => {
                let (result, allocs) = check_body(func, core::mem::take(&mut self.allocs), &body);
                self.allocs = allocs;
                result
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::parse::features;
    use crate::{Config, Engine, ErrorKind, Linker, Module, Store};
    use alloc::vec::Vec;

    /// A module with one function of type `[] -> []`, exported as `f`,
    /// whose body (after an empty locals vector) is `ops`.
    fn module_with_body(ops: &[u8]) -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        m.extend_from_slice(&[1, 4, 1, 0x60, 0, 0]); // types: [] -> []
        m.extend_from_slice(&[3, 2, 1, 0]); // function 0 has type 0
        m.extend_from_slice(&[7, 5, 1, 1, b'f', 0, 0]); // export "f": function 0
        let body_len = ops.len() + 1;
        m.extend_from_slice(&[10, (body_len + 2) as u8, 1, body_len as u8, 0]);
        m.extend_from_slice(ops);
        m
    }

    /// Loads `bytes` with lazy validation and calls `f`, which validates
    /// its body first.
    fn call_lazily(bytes: &[u8]) -> crate::Result<()> {
        let engine = Engine::new(Config::new().lazy_validation(true));
        let module = Module::new(&engine, bytes)?;
        let mut store = Store::new(&engine, ());
        let inst = Linker::new(&engine).instantiate(&mut store, &module)?;
        let f = inst.get_func(&store, "f").expect("f is exported");
        f.call(&mut store, &[], &mut [])
    }

    /// Spindle's validation loop is its own (see `validate_operators`), so
    /// it is checked against wasmparser's `FuncValidator::validate`, which
    /// `Validator::validate_all` runs: the same verdict, at the same
    /// offset, with the same message, for each way a body can be wrong in
    /// its structure (which the loop itself checks) or its types (which the
    /// validator does). Eagerly, and lazily at the first call.
    #[test]
    fn bodies_are_refused_where_and_as_wasmparser_refuses_them() {
        let bodies: &[(&str, &[u8])] = &[
            ("valid", &[0x01, 0x0b]),
            ("an operator after the final end", &[0x0b, 0x01]),
            ("no final end", &[0x01]),
            ("else outside an if", &[0x05, 0x0b]),
            ("end of a block missing", &[0x02, 0x40, 0x01, 0x0b]),
            ("a value left on the stack", &[0x41, 0x07, 0x0b]),
            ("an unknown local", &[0x20, 0x05, 0x0b]),
            ("a branch too deep", &[0x0c, 0x03, 0x0b]),
            ("an unknown opcode", &[0xff, 0x0b]),
            (
                "a SIMD op (not a feature)",
                &[
                    0xfd, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x1a, 0x0b,
                ],
            ),
            ("a truncated immediate", &[0x41, 0x80]),
        ];
        for &(what, ops) in bodies {
            let bytes = module_with_body(ops);
            let theirs = wasmparser::Validator::new_with_features(features()).validate_all(&bytes);
            let eager = Module::validate(&Engine::default(), &bytes);
            let lazy = call_lazily(&bytes);
            match theirs {
                Ok(_) => {
                    assert!(
                        eager.is_ok(),
                        "{what}: wasmparser accepts, Spindle refuses: {eager:?}"
                    );
                    assert!(lazy.is_ok(), "{what}: lazily: {lazy:?}");
                }
                Err(e) => {
                    let expected = ErrorKind::Invalid {
                        func_index: Some(0),
                        offset: e.offset() as usize,
                    };
                    for (how, ours) in [("eagerly", eager), ("lazily", lazy)] {
                        let ours = ours.expect_err(what);
                        assert_eq!(ours.kind(), &expected, "{what}, {how}: {ours}");
                        assert_eq!(ours.message(), e.message(), "{what}, {how}");
                    }
                }
            }
        }
    }
}
