//! Arbitrary bytes through parse, validate and translate: never a panic,
//! and Spindle's verdict is wasmparser's (Spindle may only add refusals for
//! its own implementation limits, reported as `ErrorKind::Unsupported`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use spindle::{Engine, ErrorKind, Module};

fuzz_target!(|data: &[u8]| {
    let ours = Module::validate(&Engine::default(), data);
    let theirs = wasmparser::Validator::new_with_features(spindle::parse::features()).validate_all(data).map(drop);
    match (&ours, &theirs) {
        (Ok(()), Ok(_)) | (Err(_), Err(_)) => {}
        (Err(e), Ok(_)) if matches!(e.kind(), ErrorKind::Unsupported) => {}
        _ => panic!("verdicts differ: spindle {ours:?}, wasmparser {theirs:?}"),
    }
});
