//! The same wasm-smith module run by Spindle's oracle entry point
//! (`spindle::oracle::run`) and by wasmi, call by call with the same
//! arguments: results, trap kinds and the final exported memories and
//! globals must agree. When either engine exhausts fuel or stack, the
//! comparison stops there: the engines charge and limit differently.
//!
//! Floats, scalar or in a `v128`, compare bit for bit, NaNs included:
//! both engines run deterministically (Spindle's oracle in its default
//! deterministic mode, wasmi with its `deterministic` crate feature), so
//! every NaN an instruction computes is the canonical one in both, and
//! the only other NaNs are bits the module or the arguments spell out,
//! which both engines only move. (Without this a NaN's payload may
//! legitimately differ: wasm-smith canonicalises the results of most
//! float arithmetic in the module, but not of `f32.demote_f64`,
//! `f64.promote_f32`, their SIMD forms, or `relaxed_min`/`relaxed_max`,
//! whose NaN is whatever the host's addition makes of two payloads. Bit
//! comparison with masked NaN lanes would not do: a `v128` has no lane
//! shape of its own, and a payload flows on into integers and memory.)
//!
//! SIMD and relaxed SIMD are generated as the input draws them, except the
//! six relaxed instructions on which the two engines' documented choices
//! differ (`spindle_fuzz::DISAGREEING_RELAXED`: fused or unfused
//! `relaxed_madd`/`nmadd`, wrapping or saturating relaxed dot products),
//! which are replaced before the run by agreed instructions of the same
//! type.
//!
//! Each engine's run is written as a transcript (one line per observation,
//! in the forms of `fuzz/referee.py`). Where Spindle's and wasmi's differ,
//! a third engine decides: Wasmtime, through `fuzz/referee.py` (the
//! command in `SPINDLE_REFEREE`, default `python3 fuzz/referee.py`). If
//! Wasmtime agrees with Spindle up to and including the first difference,
//! the difference is wasmi's: the input is kept in
//! `regressions/wasmi-divergences/` (or `SPINDLE_DIVERGENCES`) and the
//! campaign goes on. Anything else (Spindle alone, or no referee to ask)
//! is a finding and stops it.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use spindle::oracle::{OracleConfig, OracleReport};
use spindle::{ErrorKind, FuncType, Val, ValType};
use spindle_fuzz::{
    arguments, differential_module, first_difference, fnv64, hex, replace_disagreeing_relaxed,
    show, spindle_transcript, state_lines,
};
use std::path::PathBuf;

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});

fn to_wasmi(v: &Val) -> wasmi::Val {
    match *v {
        Val::I32(x) => wasmi::Val::I32(x),
        Val::I64(x) => wasmi::Val::I64(x),
        Val::F32(b) => wasmi::Val::F32(wasmi::F32::from_bits(b)),
        Val::F64(b) => wasmi::Val::F64(wasmi::F64::from_bits(b)),
        Val::V128(x) => wasmi::Val::V128(wasmi::V128::from(x)),
        Val::FuncRef(_) => wasmi::Val::FuncRef(wasmi::Nullable::Null),
        Val::ExternRef(_) => wasmi::Val::ExternRef(wasmi::Nullable::Null),
        Val::ExnRef(_) => unreachable!("the differential generates no exception handling"),
        Val::AnyRef(_) => unreachable!("the differential generates no GC"),
    }
}

fn show_wasmi(v: &wasmi::Val) -> String {
    match v {
        wasmi::Val::I32(x) => show(&Val::I32(*x)),
        wasmi::Val::I64(x) => show(&Val::I64(*x)),
        wasmi::Val::F32(x) => show(&Val::F32(x.to_bits())),
        wasmi::Val::F64(x) => show(&Val::F64(x.to_bits())),
        wasmi::Val::V128(x) => show(&Val::V128(x.as_u128())),
        wasmi::Val::FuncRef(f) => if f.is_null() {
            "ref:null"
        } else {
            "ref:nonnull"
        }
        .into(),
        wasmi::Val::ExternRef(r) => if r.is_null() {
            "ref:null"
        } else {
            "ref:nonnull"
        }
        .into(),
    }
}

/// wasmi's trap, by the same names; `limit` for resource exhaustion.
fn wasmi_trap_name(e: &wasmi::Error) -> &'static str {
    use wasmi::TrapCode as W;
    match e.as_trap_code() {
        Some(W::UnreachableCodeReached) => "unreachable",
        Some(W::MemoryOutOfBounds) => "memory",
        Some(W::TableOutOfBounds) => "table",
        Some(W::IndirectCallToNull) => "null",
        Some(W::BadSignature) => "signature",
        Some(W::IntegerOverflow) => "overflow",
        Some(W::IntegerDivisionByZero) => "div0",
        Some(W::BadConversionToInteger) => "conversion",
        _ => "limit",
    }
}

struct WasmiState {
    limits: wasmi::StoreLimits,
}

/// wasmi's transcript of the same calls (with the same arguments).
fn wasmi_transcript(bytes: &[u8], config: &OracleConfig, report: &OracleReport) -> Vec<String> {
    let mut wconfig = wasmi::Config::default();
    wconfig.consume_fuel(true);
    // Tail calls, extended constants, SIMD and relaxed SIMD (with its
    // `simd` crate feature) are on by default in wasmi too.
    wconfig.wasm_wide_arithmetic(true);
    wconfig.wasm_custom_page_sizes(true);
    // Multi-memory is on by default; memory64 with its crate feature.
    wconfig.wasm_memory64(true);
    let wengine = wasmi::Engine::new(&wconfig);
    let wmodule = wasmi::Module::new(&wengine, bytes).expect("wasmi accepts the module");
    let limits = wasmi::StoreLimitsBuilder::new()
        .memory_size(config.max_memory_bytes)
        .table_elements(config.max_table_elements as usize)
        .build();
    let mut wstore = wasmi::Store::new(&wengine, WasmiState { limits });
    wstore.limiter(|s| &mut s.limits);
    // wasmi gets ten times the fuel, so that it exhausts no earlier.
    wstore.set_fuel(config.fuel_per_call * 10).unwrap();
    let winstance = match wasmi::Linker::<WasmiState>::new(&wengine)
        .instantiate_and_start(&mut wstore, &wmodule)
    {
        Ok(i) => i,
        Err(e) if e.as_trap_code().is_none() => return vec!["instantiate error".into()],
        Err(e) => {
            return vec![match wasmi_trap_name(&e) {
                "limit" => "instantiate exhausted".into(),
                kind => format!("instantiate trap {kind}"),
            }];
        }
    };
    let mut t = vec!["instantiate ok".to_string()];
    for call in &report.calls {
        let wf = winstance
            .get_func(&wstore, &call.name)
            .expect("same exports");
        let wargs: Vec<wasmi::Val> = call.args.iter().map(to_wasmi).collect();
        let mut wresults = vec![wasmi::Val::I32(0); wf.ty(&wstore).results().len()];
        wstore.set_fuel(config.fuel_per_call * 10).unwrap();
        match wf.call(&mut wstore, &wargs, &mut wresults) {
            Ok(()) => {
                let shown: Vec<String> = wresults.iter().map(show_wasmi).collect();
                t.push(
                    format!("call {} ok {}", hex(&call.name), shown.join(" "))
                        .trim_end()
                        .to_string(),
                );
            }
            Err(e) => match wasmi_trap_name(&e) {
                "limit" => {
                    t.push(format!("call {} exhausted", hex(&call.name)));
                    return t;
                }
                kind => t.push(format!("call {} trap {kind}", hex(&call.name))),
            },
        }
    }
    let memories: Vec<(String, Vec<u8>)> = report
        .memories
        .iter()
        .map(|(n, _)| {
            (
                n.clone(),
                winstance
                    .get_memory(&wstore, n)
                    .expect("same exports")
                    .data(&wstore)
                    .to_vec(),
            )
        })
        .collect();
    let globals: Vec<(String, String)> = report
        .globals
        .iter()
        .map(|(n, _)| {
            (
                n.clone(),
                show_wasmi(
                    &winstance
                        .get_global(&wstore, n)
                        .expect("same exports")
                        .get(&wstore),
                ),
            )
        })
        .collect();
    t.extend(state_lines(&memories, &globals));
    t
}

/// A NaN's bits read as the referee reports it (`f32:nan`), for comparing
/// Spindle's lines with Wasmtime's.
fn nan_as_referee(line: &str) -> String {
    line.split(' ')
        .map(|w| match w.split_once(':') {
            Some(("f32", b)) if b.parse::<u32>().is_ok_and(|b| f32::from_bits(b).is_nan()) => {
                "f32:nan".into()
            }
            Some(("f64", b)) if b.parse::<u64>().is_ok_and(|b| f64::from_bits(b).is_nan()) => {
                "f64:nan".into()
            }
            _ => w.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn run(data: &[u8]) -> arbitrary::Result<()> {
    let mut u = Unstructured::new(data);
    let mut bytes = differential_module(&mut u)?;
    replace_disagreeing_relaxed(&mut bytes);
    // Both engines canonicalise every NaN they compute (see the module
    // docs): Spindle's oracle in deterministic mode, its default, and wasmi
    // with its `deterministic` feature (fuzz/Cargo.toml). wasm-smith's own
    // canonicalisation (`differential_module`) stays for the referee,
    // whose floats cross Python without their payloads. (Before SIMD, the
    // oracle ran non-deterministically so that both engines kept the
    // host's payload from `f32.demote_f64`, which wasm-smith does not
    // canonicalise: regressions/differential/demote-nan-payload. That
    // relied on both engines compiling the same host operation, which
    // `relaxed_min` and `relaxed_max`, an addition whose NaN operand order
    // the compiler may swap, do not promise.)
    let config = OracleConfig::default();

    // Each call's signature, for the referee.
    let mut signatures = Vec::new();
    let report = spindle::oracle::run(&bytes, &config, |_, ty| {
        signatures.push(ty.clone());
        arguments(&mut u, ty.params())
            .unwrap_or_else(|_| ty.params().iter().map(|t| Val::default_for(*t)).collect())
    });
    let report = match report {
        Ok(r) => r,
        Err(e) if matches!(e.kind(), ErrorKind::Unsupported) => return Ok(()),
        Err(e) => panic!("valid wasm-smith module rejected: {e}"),
    };
    let ours = spindle_transcript(&report);
    let theirs = wasmi_transcript(&bytes, &config, &report);
    if let Some(at) = first_difference(&ours, &theirs) {
        referee(
            data,
            &bytes,
            &config,
            &report,
            &signatures,
            &ours,
            &theirs,
            at,
        );
    }
    Ok(())
}

/// Asks Wasmtime (see the module docs). Returns if it sides with Spindle
/// up to and including line `at`, where Spindle and wasmi first differ;
/// panics otherwise.
#[allow(clippy::too_many_arguments)]
fn referee(
    data: &[u8],
    bytes: &[u8],
    config: &OracleConfig,
    report: &OracleReport,
    signatures: &[FuncType],
    ours: &[String],
    theirs: &[String],
    at: usize,
) {
    let stem = std::env::temp_dir().join(format!(
        "spindle-referee-{}-{}",
        std::process::id(),
        fnv64(data)
    ));
    let module = stem.with_extension("wasm");
    let calls = stem.with_extension("calls");
    let mut text = format!(
        "fuel {}\nmemory_size {}\ntable_elements {}\n",
        config.fuel_per_call * 10,
        config.max_memory_bytes,
        config.max_table_elements
    );
    // The referee's Python package cannot even name a v128 type, so it is
    // told each call's signature and which globals are v128s.
    let type_name = |t: &ValType| match t {
        ValType::Ref(_) => "ref".to_string(),
        t => t.to_string(),
    };
    for (call, ty) in report.calls.iter().zip(signatures) {
        let params: Vec<String> = ty.params().iter().map(type_name).collect();
        let results: Vec<String> = ty.results().iter().map(type_name).collect();
        text.push_str(&format!(
            "type {} -> {}\n",
            params.join(" "),
            results.join(" ")
        ));
        let args: Vec<String> = call.args.iter().map(show).collect();
        text.push_str(&format!("call {} {}\n", hex(&call.name), args.join(" ")));
    }
    for (name, v) in &report.globals {
        if matches!(v, Val::V128(_)) {
            text.push_str(&format!("global {} v128\n", hex(name)));
        }
    }
    std::fs::write(&module, bytes).expect("write the module for the referee");
    std::fs::write(&calls, text).expect("write the calls for the referee");
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let command = std::env::var("SPINDLE_REFEREE")
        .unwrap_or_else(|_| format!("python3 {}", here.join("referee.py").display()));
    let mut words = command.split_whitespace();
    let output = std::process::Command::new(words.next().expect("a referee command"))
        .args(words)
        .arg(&module)
        .arg(&calls)
        .output();
    let _ = std::fs::remove_file(&module);
    let _ = std::fs::remove_file(&calls);
    let context = format!(
        "Spindle and wasmi differ at line {at}:\n  spindle: {:?}\n  wasmi:   {:?}",
        ours.get(at),
        theirs.get(at)
    );
    let output = match output {
        Ok(o) if o.status.success() => o,
        Ok(o) => panic!(
            "{context}\nthe referee failed: {}",
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => panic!("{context}\nthe referee ({command}) could not run: {e}"),
    };
    let wasmtime: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(String::from)
        .collect();
    let ours_r: Vec<String> = ours.iter().map(|l| nan_as_referee(l)).collect();
    let theirs_r: Vec<String> = theirs.iter().map(|l| nan_as_referee(l)).collect();
    // Wasmtime must reach line `at` (not run out of fuel or stack first)
    // and agree with one side up to it.
    let reached = wasmtime.len() > at && !wasmtime[..=at].iter().any(|l| l.ends_with(" exhausted"));
    let sides_with =
        |t: &[String]| reached && first_difference(t, &wasmtime).is_none_or(|d| d > at);
    let (with_spindle, with_wasmi) = (sides_with(&ours_r), sides_with(&theirs_r));
    if with_spindle && !with_wasmi {
        let dir = std::env::var_os("SPINDLE_DIVERGENCES")
            .map(PathBuf::from)
            .unwrap_or_else(|| here.join("regressions/wasmi-divergences"));
        // An input kept before (the replay of this folder) is not copied.
        let known = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .find(|e| std::fs::read(e.path()).is_ok_and(|d| d == data));
        let kept = match known {
            Some(entry) => entry.path(),
            None => {
                let kept = dir.join(format!("auto-{}", fnv64(data)));
                if std::fs::create_dir_all(&dir)
                    .and_then(|()| std::fs::write(&kept, data))
                    .is_err()
                {
                    eprintln!("could not keep the input in {}", kept.display());
                }
                kept
            }
        };
        eprintln!(
            "wasmi divergence (Wasmtime agrees with Spindle), kept as {}:\n{context}",
            kept.display()
        );
        return;
    }
    let verdict = match (reached, with_spindle, with_wasmi) {
        (false, ..) => "Wasmtime ran out of fuel or stack before that line: undecided",
        (true, true, true) => "Wasmtime cannot tell them apart (a NaN payload?): undecided",
        (true, false, true) => "Wasmtime sides with wasmi: a Spindle bug",
        (true, false, false) => "Wasmtime agrees with neither",
        (true, true, false) => unreachable!(),
    };
    panic!(
        "{context}\n  wasmtime: {:?}\n{verdict}: a finding.\nspindle:  {ours:#?}\nwasmi:    {theirs:#?}\nwasmtime: {wasmtime:#?}",
        wasmtime.get(at)
    );
}
