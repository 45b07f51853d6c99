//! The same wasm-smith module run in Spindle and in wasmi: results, trap
//! kinds and final exported memories and globals must agree. wasm-smith
//! canonicalises NaNs, so float results compare bit for bit. A run that
//! exhausts fuel or stack in either engine ends the comparison, since the
//! two engines charge and limit differently.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use spindle::{Config, Engine, Extern, Linker, Store, TrapCode, Val};
use spindle_fuzz::{arguments, compile, smith_module};

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});

const FUEL: u64 = 200_000;

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

fn run(data: &[u8]) -> arbitrary::Result<()> {
    let mut u = Unstructured::new(data);
    let bytes = smith_module(&mut u, true)?;

    let mut config = Config::new();
    config.consume_fuel(true);
    let engine = Engine::new(&config);
    let Some(module) = compile(&engine, &bytes) else { return Ok(()) };
    let mut store = Store::new(&engine, ());
    store.set_fuel(FUEL).unwrap();

    let mut wconfig = wasmi::Config::default();
    wconfig.consume_fuel(true);
    let wengine = wasmi::Engine::new(&wconfig);
    let wmodule = wasmi::Module::new(&wengine, &bytes[..]).expect("wasmi accepts the module");
    let mut wstore = wasmi::Store::new(&wengine, ());
    wstore.set_fuel(FUEL * 10).unwrap();

    let ours = Linker::new(&engine).instantiate(&mut store, &module);
    let theirs = wasmi::Linker::<()>::new(&wengine).instantiate_and_start(&mut wstore, &wmodule);
    let (instance, winstance) = match (ours, theirs) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(a), Err(b)) => {
            let (ta, tb) = (a.trap_code().map_or("error", trap_name), wasmi_trap_name(&b));
            if ta != "limit" && tb != "limit" {
                assert_eq!(ta, tb, "instantiation: spindle {a}, wasmi {b}");
            }
            return Ok(());
        }
        (Err(a), Ok(_)) if a.trap_code().is_some_and(|c| trap_name(c) == "limit") => return Ok(()),
        (Ok(_), Err(b)) if wasmi_trap_name(&b) == "limit" => return Ok(()),
        (a, b) => panic!("instantiation differs: spindle {:?}, wasmi {:?}", a.err(), b.err()),
    };

    let exports: Vec<(String, Extern)> = instance.exports(&store).map(|(n, e)| (n.to_string(), e)).collect();
    for (name, ext) in &exports {
        let Extern::Func(f) = ext else { continue };
        let ty = f.ty(&store);
        let args = arguments(&mut u, ty.params())?;
        let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
        let ours = f.call(&mut store, &args, &mut results);

        let wf = winstance.get_func(&wstore, name).expect("same exports");
        let wargs: Vec<wasmi::Val> = args.iter().map(to_wasmi).collect();
        let mut wresults: Vec<wasmi::Val> = ty.results().iter().map(|_| wasmi::Val::I32(0)).collect();
        let theirs = wf.call(&mut wstore, &wargs, &mut wresults);
        match (&ours, &theirs) {
            (Ok(()), Ok(())) => {
                let a: Vec<String> = results.iter().map(show).collect();
                let b: Vec<String> = wresults.iter().map(show_wasmi).collect();
                assert_eq!(a, b, "results of `{name}` differ");
            }
            (Err(a), Err(b)) => {
                let (ta, tb) = (a.trap_code().map_or("error", trap_name), wasmi_trap_name(b));
                if ta == "limit" || tb == "limit" {
                    return Ok(());
                }
                assert_eq!(ta, tb, "trap of `{name}`: spindle {a}, wasmi {b}");
            }
            (Err(a), Ok(())) if a.trap_code().is_some_and(|c| trap_name(c) == "limit") => return Ok(()),
            (Ok(()), Err(b)) if wasmi_trap_name(b) == "limit" => return Ok(()),
            _ => panic!("`{name}` differs: spindle {ours:?}, wasmi {theirs:?}"),
        }
        // State after the call: exported memories and globals.
        for (ename, ext) in &exports {
            match ext {
                Extern::Memory(m) => {
                    let wm = winstance.get_memory(&wstore, ename).expect("same exports");
                    assert!(m.data(&store) == wm.data(&wstore), "memory `{ename}` differs after `{name}`");
                }
                Extern::Global(g) => {
                    let wg = winstance.get_global(&wstore, ename).expect("same exports");
                    assert_eq!(show(&g.get(&store)), show_wasmi(&wg.get(&wstore)), "global `{ename}` after `{name}`");
                }
                _ => {}
            }
        }
    }
    Ok(())
}
