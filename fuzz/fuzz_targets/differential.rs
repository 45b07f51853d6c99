//! The same wasm-smith module run by Spindle's oracle entry point
//! (`spindle::oracle::run`) and by wasmi, call by call with the same
//! arguments: results, trap kinds and the final exported memories and
//! globals must agree. wasm-smith canonicalises NaNs in the module itself,
//! so float results compare bit for bit. When either engine exhausts fuel
//! or stack, the comparison stops there: the engines charge and limit
//! differently.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use spindle::oracle::{CallOutcome, Instantiation, OracleConfig};
use spindle::{ErrorKind, TrapCode, Val};
use spindle_fuzz::{arguments, smith_module_for_wasmi};

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});

fn to_wasmi(v: &Val) -> wasmi::Val {
    match *v {
        Val::I32(x) => wasmi::Val::I32(x),
        Val::I64(x) => wasmi::Val::I64(x),
        Val::F32(b) => wasmi::Val::F32(wasmi::F32::from_bits(b)),
        Val::F64(b) => wasmi::Val::F64(wasmi::F64::from_bits(b)),
        Val::FuncRef(_) => wasmi::Val::FuncRef(wasmi::Nullable::Null),
        Val::ExternRef(_) => wasmi::Val::ExternRef(wasmi::Nullable::Null),
    }
}

/// A comparable rendering of a value; references compare by nullness.
fn show(v: &Val) -> String {
    match v {
        Val::FuncRef(f) => format!("funcref(null={})", f.is_none()),
        Val::ExternRef(r) => format!("externref(null={})", r.is_none()),
        other => format!("{other:?}"),
    }
}

fn show_wasmi(v: &wasmi::Val) -> String {
    match v {
        wasmi::Val::I32(x) => format!("{:?}", Val::I32(*x)),
        wasmi::Val::I64(x) => format!("{:?}", Val::I64(*x)),
        wasmi::Val::F32(x) => format!("{:?}", Val::F32(x.to_bits())),
        wasmi::Val::F64(x) => format!("{:?}", Val::F64(x.to_bits())),
        wasmi::Val::FuncRef(f) => format!("funcref(null={})", f.is_null()),
        wasmi::Val::ExternRef(r) => format!("externref(null={})", r.is_null()),
        other => format!("{other:?}"),
    }
}

fn trap_name(code: TrapCode) -> &'static str {
    match code {
        TrapCode::Unreachable => "unreachable",
        TrapCode::MemoryOutOfBounds => "memory",
        TrapCode::TableOutOfBounds => "table",
        TrapCode::IndirectCallToNull => "null",
        TrapCode::BadSignature => "signature",
        TrapCode::IntegerOverflow => "overflow",
        TrapCode::IntegerDivisionByZero => "div0",
        TrapCode::BadConversionToInteger => "conversion",
        _ => "limit",
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

fn run(data: &[u8]) -> arbitrary::Result<()> {
    let mut u = Unstructured::new(data);
    let bytes = smith_module_for_wasmi(&mut u)?;
    // wasm-smith canonicalises the NaNs of arithmetic but not those of
    // f32.demote/f64.promote, where wasmi keeps the host's payload (as the
    // spec allows). Spindle runs without NaN canonicalisation here so both
    // engines produce the host's bits (found by this target:
    // regressions/differential/demote-nan-payload).
    let config = OracleConfig { deterministic: false, ..OracleConfig::default() };

    let report = spindle::oracle::run(&bytes, &config, |_, ty| {
        arguments(&mut u, ty.params())
            .unwrap_or_else(|_| ty.params().iter().map(|t| Val::default_for(*t)).collect())
    });
    let report = match report {
        Ok(r) => r,
        Err(e) if matches!(e.kind(), ErrorKind::Unsupported) => return Ok(()),
        Err(e) => panic!("valid wasm-smith module rejected: {e}"),
    };

    let mut wconfig = wasmi::Config::default();
    wconfig.consume_fuel(true);
    let wengine = wasmi::Engine::new(&wconfig);
    let wmodule = wasmi::Module::new(&wengine, &bytes[..]).expect("wasmi accepts the module");
    let limits = wasmi::StoreLimitsBuilder::new()
        .memory_size(config.max_memory_bytes)
        .table_elements(config.max_table_elements as usize)
        .build();
    let mut wstore = wasmi::Store::new(&wengine, WasmiState { limits });
    wstore.limiter(|s| &mut s.limits);
    // wasmi gets ten times the fuel, so that it exhausts no earlier.
    wstore.set_fuel(config.fuel_per_call * 10).unwrap();
    let winstance = wasmi::Linker::<WasmiState>::new(&wengine).instantiate_and_start(&mut wstore, &wmodule);

    let winstance = match (&report.instantiation, winstance) {
        (Instantiation::Succeeded, Ok(i)) => i,
        (Instantiation::Exhausted(_), _) => return Ok(()),
        (_, Err(theirs)) if wasmi_trap_name(&theirs) == "limit" && theirs.as_trap_code().is_some() => return Ok(()),
        // Both refused for a reason that is not a trap (a resource limit).
        (Instantiation::Failed(_), Err(theirs)) if theirs.as_trap_code().is_none() => return Ok(()),
        (Instantiation::Trapped(code), Err(theirs)) => {
            // wasmi reports a segment out of bounds at instantiation as an
            // error, not a trap; compare kinds only when it is a trap.
            if theirs.as_trap_code().is_some() {
                assert_eq!(trap_name(*code), wasmi_trap_name(&theirs), "instantiation: spindle {code:?}, wasmi {theirs}");
            }
            return Ok(());
        }
        (ours, theirs) => panic!("instantiation differs: spindle {ours:?}, wasmi {:?}", theirs.err()),
    };

    for call in &report.calls {
        let wf = winstance.get_func(&wstore, &call.name).expect("same exports");
        let wargs: Vec<wasmi::Val> = call.args.iter().map(to_wasmi).collect();
        let nresults = wf.ty(&wstore).results().len();
        let mut wresults = vec![wasmi::Val::I32(0); nresults];
        wstore.set_fuel(config.fuel_per_call * 10).unwrap();
        let theirs = wf.call(&mut wstore, &wargs, &mut wresults);
        match (&call.outcome, &theirs) {
            (CallOutcome::Exhausted(_), _) => return Ok(()),
            (_, Err(e)) if wasmi_trap_name(e) == "limit" => return Ok(()),
            (CallOutcome::Returned(results), Ok(())) => {
                let a: Vec<String> = results.iter().map(show).collect();
                let b: Vec<String> = wresults.iter().map(show_wasmi).collect();
                assert_eq!(a, b, "results of `{}` differ", call.name);
            }
            (CallOutcome::Trapped(code), Err(e)) => {
                assert_eq!(trap_name(*code), wasmi_trap_name(e), "trap of `{}`: spindle {code:?}, wasmi {e}", call.name);
            }
            (ours, theirs) => panic!("`{}` differs: spindle {ours:?}, wasmi {theirs:?}", call.name),
        }
    }
    for (name, data) in &report.memories {
        let wm = winstance.get_memory(&wstore, name).expect("same exports");
        assert!(data[..] == *wm.data(&wstore), "memory `{name}` differs");
    }
    for (name, value) in &report.globals {
        let wg = winstance.get_global(&wstore, name).expect("same exports");
        assert_eq!(show(value), show_wasmi(&wg.get(&wstore)), "global `{name}` differs");
    }
    Ok(())
}
