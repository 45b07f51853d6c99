//! The same wasm-smith module run by Spindle's oracle entry point
//! (`spindle::oracle::run`) and by Wasmtime (Cranelift), call by call with
//! the same arguments: results, trap kinds, uncaught exceptions and the
//! final exported memories and globals must agree. This is the
//! differential for what wasmi (the `differential` target) cannot run:
//! exception handling is always on (`try_table`, `throw`, `throw_ref`,
//! tags, `exnref`), and so are GC and SIMD, relaxed SIMD with it; the rest
//! is as the input draws it (`spindle_fuzz::wasmtime_module`).
//!
//! - A reference of the `any` hierarchy (a struct, an array, an `i31`, or
//!   an `externref` wrapping one) compares by structure: Spindle's side is
//!   the oracle's rendering (`spindle::oracle`, "References by
//!   structure"), Wasmtime's the same rendering of its objects, walked
//!   through its API with the same bounds ([`Renderer`]). Other references
//!   compare by nullness. A function with a parameter of a non-nullable
//!   reference type is called in neither engine (`skipped`).
//! - Floats, scalar or in a `v128`, compare bit for bit: wasm-smith
//!   canonicalises NaNs in the module, Spindle's oracle runs in its
//!   deterministic mode and Wasmtime with `cranelift_nan_canonicalization`,
//!   so every NaN either engine computes is the canonical one.
//! - Relaxed SIMD: Wasmtime runs its deterministic profile
//!   (`relaxed_simd_deterministic`), which agrees with Spindle's on 14 of
//!   the 20 instructions; the other six (`spindle_fuzz::DISAGREEING_RELAXED`:
//!   fused `relaxed_madd`/`nmadd`, the dot products) are replaced before the
//!   run, as in the `differential` target (see `fuzz/README.md`).
//! - Traps compare by kind. Running out of fuel or stack is no kind: the
//!   engines count fuel differently (Wasmtime gets ten times Spindle's) and
//!   Spindle limits the call depth and value stack, Wasmtime the bytes of
//!   native stack, so either one's exhaustion ends the comparison there,
//!   inconclusive (as does Wasmtime's GC heap running out of room).
//! - An uncaught exception must end the same call in both engines, with the
//!   same tag and equal values (references by nullness). The tag is named
//!   by its index among the module's tags: Spindle's oracle reports that
//!   index, and for Wasmtime, whose API gives a tag only as a handle, the
//!   module is given an export for every tag (`spindle_fuzz::export_tags`)
//!   to compare the handle with. The same goes for an exception from the
//!   start function, which Wasmtime runs as a call of its own right after
//!   instantiation (the start section detached into an export): a failed
//!   instantiation leaves no instance to resolve the tag against.
//!
//! A difference is a finding: the target panics with both transcripts.
//! With `SPINDLE_FUZZ_TRANSCRIPTS` set, it prints both for every input
//! (run it with `-runs=0` over a corpus to see what the corpus exercises).
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use spindle::oracle::{OracleConfig, OracleReport};
use spindle::{ErrorKind, Val};
use spindle_fuzz::{
    TagsExported, arguments, exception_words, export_tags, first_difference, hex,
    replace_disagreeing_relaxed, show, spindle_transcript, state_lines, wasmtime_module,
};
use std::fmt::Write;
use std::sync::OnceLock;
use wasmtime::{
    AnyRef, Instance, Store, StoreLimits, StoreLimitsBuilder, Tag, ThrownException, Trap,
};

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});

/// One engine for every input: Wasmtime's configuration does not vary.
fn engine() -> &'static wasmtime::Engine {
    static ENGINE: OnceLock<wasmtime::Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut c = wasmtime::Config::new();
        // WebAssembly 3.0 is on by default (exceptions, tail calls,
        // extended constants, memory64, multi-memory, relaxed SIMD, ...);
        // wide arithmetic too, with Cranelift. Custom page sizes are not.
        c.consume_fuel(true)
            .cranelift_nan_canonicalization(true)
            .relaxed_simd_deterministic(true)
            .wasm_exceptions(true)
            .wasm_function_references(true)
            .wasm_gc(true)
            .wasm_custom_page_sizes(true)
            .wasm_wide_arithmetic(true);
        wasmtime::Engine::new(&c).expect("Wasmtime's configuration")
    })
}

fn to_wasmtime(v: &Val) -> wasmtime::Val {
    match *v {
        Val::I32(x) => wasmtime::Val::I32(x),
        Val::I64(x) => wasmtime::Val::I64(x),
        Val::F32(b) => wasmtime::Val::F32(b),
        Val::F64(b) => wasmtime::Val::F64(b),
        Val::V128(x) => wasmtime::Val::V128(x.into()),
        // `arguments` passes only null references (each made its
        // parameter's kind by the oracle).
        Val::FuncRef(_) => wasmtime::Val::FuncRef(None),
        Val::ExternRef(_) => wasmtime::Val::ExternRef(None),
        Val::ExnRef(_) => wasmtime::Val::ExnRef(None),
        Val::AnyRef(_) => wasmtime::Val::AnyRef(None),
    }
}

/// The reference of the `any` hierarchy a non-null `anyref` or `externref`
/// is, if it is a struct, an array or an `i31` (an `externref` that wraps
/// one: `extern.convert_any`).
fn internal(store: &mut Store<StoreLimits>, v: &wasmtime::Val) -> Option<wasmtime::Rooted<AnyRef>> {
    let any = match v {
        wasmtime::Val::AnyRef(Some(r)) => *r,
        wasmtime::Val::ExternRef(Some(r)) => AnyRef::convert_extern(&mut *store, *r).ok()?,
        _ => return None,
    };
    let internal =
        any.is_i31(&*store).ok()? || any.is_struct(&*store).ok()? || any.is_array(&*store).ok()?;
    internal.then_some(any)
}

/// Spindle's oracle rendering (`spindle::oracle`, "References by
/// structure") of Wasmtime's values: the same text, the same node budget
/// and depth bound, the same order.
struct Renderer<'a> {
    store: &'a mut Store<StoreLimits>,
    budget: usize,
    max_depth: usize,
    out: String,
}

impl Renderer<'_> {
    fn value(&mut self, v: &wasmtime::Val, depth: usize) {
        if self.budget == 0 {
            self.out.push_str("...");
            return;
        }
        self.budget -= 1;
        if let Some(any) = internal(self.store, v) {
            return self.any(any, depth);
        }
        let text = match v {
            wasmtime::Val::FuncRef(Some(_)) => "ref:func".into(),
            // A host reference, as itself or converted into `any`.
            wasmtime::Val::ExternRef(Some(_)) | wasmtime::Val::AnyRef(Some(_)) => {
                "ref:extern".into()
            }
            wasmtime::Val::ExnRef(Some(_)) => "ref:exn".into(),
            wasmtime::Val::ContRef(Some(_)) => "ref:cont".into(),
            other => show_plain(other),
        };
        self.out.push_str(&text);
    }

    fn any(&mut self, any: wasmtime::Rooted<AnyRef>, depth: usize) {
        let store = &mut *self.store;
        if let Ok(Some(i)) = any.as_i31(&*store) {
            let _ = write!(self.out, "ref:i31:{}", i.get_i32());
        } else if let Ok(Some(s)) = any.as_struct(&*store) {
            let fields: Vec<wasmtime::Val> = s
                .fields(&mut *store)
                .map(|f| f.collect())
                .unwrap_or_default();
            self.out.push_str("ref:struct{");
            self.elements(fields.len(), depth, |_, i| fields.get(i).cloned());
            self.out.push('}');
        } else if let Ok(Some(a)) = any.as_array(&*store) {
            let len = a.len(&*store).unwrap_or(0) as usize;
            let _ = write!(self.out, "ref:array({len})[");
            self.elements(len, depth, |store, i| a.get(&mut *store, i as u32).ok());
            self.out.push(']');
        } else {
            self.out.push_str("ref:extern");
        }
    }

    fn elements(
        &mut self,
        n: usize,
        depth: usize,
        get: impl Fn(&mut Store<StoreLimits>, usize) -> Option<wasmtime::Val>,
    ) {
        if n > 0 && depth >= self.max_depth {
            self.out.push_str("...");
            return;
        }
        for i in 0..n {
            if i > 0 {
                self.out.push(',');
            }
            if self.budget == 0 {
                self.out.push_str("...");
                return;
            }
            match get(self.store, i) {
                Some(v) => self.value(&v, depth + 1),
                None => self.out.push('?'),
            }
        }
    }
}

/// A Wasmtime value in the transcript form (`spindle_fuzz::shown`): a
/// non-null `anyref`, or an `externref` wrapping a struct, an array or an
/// `i31`, rendered by structure within `config`'s bounds.
fn show_wasmtime(
    store: &mut Store<StoreLimits>,
    config: &OracleConfig,
    v: &wasmtime::Val,
) -> String {
    let any = matches!(v, wasmtime::Val::AnyRef(Some(_)));
    if !any && internal(store, v).is_none() {
        return show_plain(v);
    }
    let mut r = Renderer {
        store,
        budget: config.render_nodes,
        max_depth: config.render_depth,
        out: String::new(),
    };
    r.value(v, 0);
    r.out
}

/// A Wasmtime value in the form of `spindle_fuzz::show`: references by
/// nullness.
fn show_plain(v: &wasmtime::Val) -> String {
    let null = |is_null: bool| if is_null { "ref:null" } else { "ref:nonnull" }.to_string();
    match v {
        wasmtime::Val::I32(x) => show(&Val::I32(*x)),
        wasmtime::Val::I64(x) => show(&Val::I64(*x)),
        wasmtime::Val::F32(b) => show(&Val::F32(*b)),
        wasmtime::Val::F64(b) => show(&Val::F64(*b)),
        wasmtime::Val::V128(x) => show(&Val::V128(x.as_u128())),
        wasmtime::Val::FuncRef(f) => null(f.is_none()),
        wasmtime::Val::ExternRef(r) => null(r.is_none()),
        wasmtime::Val::AnyRef(r) => null(r.is_none()),
        wasmtime::Val::ExnRef(r) => null(r.is_none()),
        wasmtime::Val::ContRef(r) => null(r.is_none()),
    }
}

/// Wasmtime's trap by the names of `spindle_fuzz::trap_name`; `None` for
/// running out of fuel or stack (or an allocation too large, which only
/// Wasmtime's GC heap asks for here). A trap Spindle has no kind for keeps
/// Wasmtime's name, so that it differs.
fn wasmtime_trap_name(trap: Trap) -> Option<String> {
    Some(
        match trap {
            Trap::UnreachableCodeReached => "unreachable",
            Trap::MemoryOutOfBounds => "memory",
            Trap::TableOutOfBounds => "table",
            Trap::IndirectCallToNull => "null",
            Trap::BadSignature => "signature",
            Trap::IntegerOverflow => "overflow",
            Trap::IntegerDivisionByZero => "div0",
            Trap::BadConversionToInteger => "conversion",
            Trap::NullReference => "null-reference",
            Trap::ArrayOutOfBounds => "array",
            Trap::CastFailure => "cast",
            Trap::StackOverflow | Trap::OutOfFuel | Trap::Interrupt | Trap::AllocationTooLarge => {
                return None;
            }
            other => return Some(format!("wasmtime:{other:?}")),
        }
        .to_string(),
    )
}

/// How a Wasmtime call that failed ended, as the rest of a transcript line
/// (`trap <kind>`, `exception <tag> <values>`, `exhausted`, or `error
/// <text>`, which matches nothing of Spindle's).
fn failure(
    store: &mut Store<StoreLimits>,
    config: &OracleConfig,
    instance: &Instance,
    tags: &[String],
    e: &wasmtime::Error,
) -> String {
    if e.is::<ThrownException>() {
        let exn = store
            .take_pending_exception()
            .expect("a thrown exception is pending");
        let tag = exn.tag(&mut *store).expect("a rooted exception");
        let index = tags
            .iter()
            .position(|name| {
                instance
                    .get_tag(&mut *store, name)
                    .is_some_and(|t| Tag::eq(&t, &tag, &*store))
            })
            .expect("an uncaught exception's tag is one of the module's");
        let fields = tag.ty(&*store).ty().params().len();
        let payload: Vec<String> = (0..fields)
            .map(|i| {
                let v = exn.field(&mut *store, i).expect("a field of the exception");
                show_wasmtime(store, config, &v)
            })
            .collect();
        return exception_words(index as u32, &payload);
    }
    if e.is::<wasmtime::GcHeapOutOfMemory<()>>() {
        return "exhausted".into();
    }
    match e.downcast_ref::<Trap>() {
        Some(&trap) => match wasmtime_trap_name(trap) {
            Some(kind) => format!("trap {kind}"),
            None => "exhausted".into(),
        },
        None => format!("error {e:?}").replace('\n', " "),
    }
}

/// Wasmtime's transcript of the same calls (with the same arguments), in
/// the form of `spindle_fuzz::spindle_transcript`.
fn wasmtime_transcript(
    module: &TagsExported,
    config: &OracleConfig,
    report: &OracleReport,
) -> Vec<String> {
    let engine = engine();
    let wmodule = wasmtime::Module::new(engine, &module.bytes)
        .unwrap_or_else(|e| panic!("Wasmtime refuses a module Spindle compiled: {e:?}"));
    let limits = StoreLimitsBuilder::new()
        .memory_size(config.max_memory_bytes)
        .table_elements(config.max_table_elements as usize)
        .build();
    let mut store = Store::new(engine, limits);
    store.limiter(|l| l);
    // Wasmtime gets ten times the fuel, so that it exhausts no earlier.
    let fuel = config.fuel_per_call * 10;
    store.set_fuel(fuel).unwrap();
    let instance = match Instance::new(&mut store, &wmodule, &[]) {
        Ok(i) => i,
        Err(e) => {
            return vec![
                match e.downcast_ref::<Trap>().map(|t| wasmtime_trap_name(*t)) {
                    Some(Some(kind)) => format!("instantiate trap {kind}"),
                    Some(None) => "instantiate exhausted".into(),
                    None => "instantiate error".into(),
                },
            ];
        }
    };
    // The start function, detached from the module (see the module docs).
    if let Some(start) = &module.start {
        let f = instance
            .get_func(&mut store, start)
            .expect("the start function's export");
        if let Err(e) = f.call(&mut store, &[], &mut []) {
            let how = failure(&mut store, config, &instance, &module.tags, &e);
            return vec![if how.starts_with("error ") {
                "instantiate error".into()
            } else {
                format!("instantiate {how}")
            }];
        }
    }
    let mut t = vec!["instantiate ok".to_string()];
    for call in &report.calls {
        let f = instance
            .get_func(&mut store, &call.name)
            .expect("same exports");
        let args: Vec<wasmtime::Val> = call.args.iter().map(to_wasmtime).collect();
        let ty = f.ty(&store);
        if ty
            .params()
            .any(|t| t.as_ref().is_some_and(|r| !r.is_nullable()))
        {
            t.push(format!("call {} skipped", hex(&call.name)));
            continue;
        }
        let mut results = vec![wasmtime::Val::I32(0); ty.results().len()];
        store.set_fuel(fuel).unwrap();
        let line = match f.call(&mut store, &args, &mut results) {
            Ok(()) => {
                let shown: Vec<String> = results
                    .iter()
                    .map(|v| show_wasmtime(&mut store, config, v))
                    .collect();
                format!("call {} ok {}", hex(&call.name), shown.join(" "))
                    .trim_end()
                    .to_string()
            }
            Err(e) => format!(
                "call {} {}",
                hex(&call.name),
                failure(&mut store, config, &instance, &module.tags, &e)
            ),
        };
        let exhausted = line.ends_with(" exhausted");
        t.push(line);
        if exhausted {
            return t;
        }
    }
    let memories: Vec<(String, Vec<u8>)> = report
        .memories
        .iter()
        .map(|(n, _)| {
            (
                n.clone(),
                instance
                    .get_memory(&mut store, n)
                    .expect("same exports")
                    .data(&store)
                    .to_vec(),
            )
        })
        .collect();
    let globals: Vec<(String, String)> = report
        .globals
        .iter()
        .map(|(n, _)| {
            let g = instance.get_global(&mut store, n).expect("same exports");
            let v = g.get(&mut store);
            (n.clone(), show_wasmtime(&mut store, config, &v))
        })
        .collect();
    t.extend(state_lines(&memories, &globals));
    t
}

fn run(data: &[u8]) -> arbitrary::Result<()> {
    let mut u = Unstructured::new(data);
    let mut bytes = wasmtime_module(&mut u)?;
    replace_disagreeing_relaxed(&mut bytes);
    // Both engines run the module with its tags exported; Wasmtime's
    // copy has its start function detached too.
    let ours = export_tags(&bytes, false);
    let theirs = export_tags(&bytes, true);
    let config = OracleConfig::default();
    let report = spindle::oracle::run(&ours.bytes, &config, |_, ty| {
        arguments(&mut u, ty.params())
            .unwrap_or_else(|_| ty.params().iter().map(|t| Val::default_for(*t)).collect())
    });
    let report = match report {
        Ok(r) => r,
        Err(e) if matches!(e.kind(), ErrorKind::Unsupported) => return Ok(()),
        Err(e) => panic!("valid wasm-smith module rejected: {e}"),
    };
    let spindle = spindle_transcript(&report);
    let wasmtime = wasmtime_transcript(&theirs, &config, &report);
    // For looking at what a corpus exercises (`-runs=0` over it).
    if std::env::var_os("SPINDLE_FUZZ_TRANSCRIPTS").is_some() {
        eprintln!("spindle:  {spindle:?}\nwasmtime: {wasmtime:?}");
    }
    if let Some(at) = first_difference(&spindle, &wasmtime) {
        panic!(
            "Spindle and Wasmtime differ at line {at}:\n  spindle:  {:?}\n  wasmtime: {:?}\nspindle:  {spindle:#?}\nwasmtime: {wasmtime:#?}",
            spindle.get(at),
            wasmtime.get(at)
        );
    }
    Ok(())
}
