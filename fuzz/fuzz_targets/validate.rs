//! Arbitrary bytes through parse, validate and translate: never a panic,
//! and Spindle's verdict is wasmparser's (Spindle may only add refusals for
//! its own implementation limits, reported as `ErrorKind::Unsupported`).
//! The same bytes under lazy validation, which leaves the function bodies
//! to their first translation (here `Module::disassemble`): it loads every
//! module eager validation accepts, and a module it loads whose bodies then
//! all validate and translate is one eager validation accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spindle::{Config, Engine, ErrorKind, ExternType, Module};

fuzz_target!(|data: &[u8]| {
    // Every proposal on: `parse::features()` is what Spindle implements.
    let ours = Module::validate(&Engine::new(Config::new().all_proposals()), data);
    let theirs = wasmparser::Validator::new_with_features(spindle::parse::features())
        .validate_all(data)
        .map(drop);
    match (&ours, &theirs) {
        (Ok(()), Ok(_)) | (Err(_), Err(_)) => {}
        (Err(e), Ok(_)) if matches!(e.kind(), ErrorKind::Unsupported) => {}
        _ => panic!("verdicts differ: spindle {ours:?}, wasmparser {theirs:?}"),
    }

    let lazy = Module::new(
        &Engine::new(Config::new().all_proposals().lazy_validation(true)),
        data,
    );
    match &lazy {
        Err(e) => assert!(ours.is_err(), "lazy validation refused a valid module: {e}"),
        Ok(module) => {
            let imported = module
                .imports()
                .filter(|i| matches!(i.ty, ExternType::Func(_)))
                .count() as u32;
            let all_bodies =
                (imported..module.num_funcs()).all(|i| module.disassemble(i).is_some());
            if all_bodies {
                assert!(
                    ours.is_ok(),
                    "every body validated lazily, but eager validation refused: {ours:?}"
                );
            }
        }
    }
});
