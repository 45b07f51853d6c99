//! Which WebAssembly 3.0 features, SIMD, exception handling and GC, the
//! modules of a corpus use, as the `execute` target generates them from its
//! inputs (the `differential` target's are the same but for canonicalised
//! NaNs and no exception handling), or with `--wasmtime` as the
//! `differential_wasmtime` target (`wasmtime/`) does: for recording what a
//! campaign exercised.
//!
//! `cargo run --release --bin corpus-features -- [--wasmtime] DIR...`

use arbitrary::Unstructured;
use spindle_fuzz::{execute_module, replace_disagreeing_relaxed, wasmtime_module};
use wasmparser::{Parser, Payload, TypeRef, ValType};

/// Whether an operator is a SIMD one (`v128.*` or a lane shape's), and a
/// relaxed one, by its name.
fn simd_kind(text: &str) -> (bool, bool) {
    let simd = ["V128", "I8x16", "I16x8", "I32x4", "I64x2", "F32x4", "F64x2"]
        .iter()
        .any(|p| text.starts_with(p));
    (simd, simd && text.contains("Relaxed"))
}

/// Which exception-handling instruction an operator is, by its name (as
/// `Debug` prints it: `TryTable { .. }`, `Throw { .. }`, ...): an index
/// into [`EH_OPS`].
fn eh_kind(text: &str) -> Option<usize> {
    let name = text.split([' ', '{', '(']).next().unwrap_or("");
    EH_OPS.iter().position(|(n, _)| *n == name)
}

/// The exception-handling instructions (the legacy ones last: wasm-smith
/// 0.263 does not generate them).
const EH_OPS: [(&str, &str); 8] = [
    ("TryTable", "try_table"),
    ("Throw", "throw"),
    ("ThrowRef", "throw_ref"),
    ("Try", "try (legacy)"),
    ("Catch", "catch (legacy)"),
    ("CatchAll", "catch_all (legacy)"),
    ("Rethrow", "rethrow (legacy)"),
    ("Delegate", "delegate (legacy)"),
];

/// The GC instructions, in groups, by the prefixes of their names (as
/// `Debug` prints them).
const GC_OPS: [(&[&str], &str); 6] = [
    (&["StructNew"], "struct.new*"),
    (&["StructGet", "StructSet"], "struct.get*/set"),
    (&["ArrayNew"], "array.new*"),
    (
        &[
            "ArrayGet",
            "ArraySet",
            "ArrayLen",
            "ArrayFill",
            "ArrayCopy",
            "ArrayInit",
        ],
        "other array.*",
    ),
    (&["RefI31", "I31Get"], "ref.i31, i31.get*"),
    (
        &[
            "RefTest",
            "RefCast",
            "BrOnCast",
            "AnyConvertExtern",
            "ExternConvertAny",
        ],
        "casts and conversions",
    ),
];

/// Which group of [`GC_OPS`] an operator is in.
fn gc_kind(text: &str) -> Option<usize> {
    GC_OPS
        .iter()
        .position(|(prefixes, _)| prefixes.iter().any(|p| text.starts_with(p)))
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let wasmtime = args.first().is_some_and(|a| a == "--wasmtime");
    if wasmtime {
        args.remove(0);
    }
    let (mut tag_modules, mut eh_modules, mut exnref_modules) = (0, 0, 0);
    let mut eh_ops = [0u64; EH_OPS.len()];
    let (mut gc_type_modules, mut gc_op_modules) = (0, 0);
    let mut gc_ops = [0u64; GC_OPS.len()];
    let (mut modules, mut multi, mut mem64, mut table64, mut other_memory_access) = (0, 0, 0, 0, 0);
    let (mut simd_modules, mut relaxed_modules, mut replaced_modules) = (0, 0, 0);
    let (mut simd_ops, mut relaxed_ops, mut replaced_ops) = (0u64, 0u64, 0u64);
    for dir in args {
        for entry in std::fs::read_dir(&dir).expect("a corpus folder") {
            let data = std::fs::read(entry.expect("a folder entry").path()).expect("readable");
            let u = &mut Unstructured::new(&data);
            let Ok(bytes) = (if wasmtime {
                wasmtime_module(u)
            } else {
                execute_module(u)
            }) else {
                continue;
            };
            modules += 1;
            let (mut memories, mut wide, mut wide_table, mut other) = (0, false, false, false);
            // SIMD: a v128 anywhere in a function type, global or local, or
            // a SIMD instruction.
            let (mut v128, mut simd, mut relaxed) = (false, 0u64, 0u64);
            // Exception handling: a tag, an exnref type anywhere (as for
            // v128), and the instructions.
            let (mut tags, mut exnref, mut eh) = (false, false, false);
            // GC: a struct or array type, a GC instruction.
            let (mut gc_types, mut gc) = (false, false);
            let is_exnref = |t: &ValType| {
                use wasmparser::{AbstractHeapType as A, HeapType as H};
                matches!(t, ValType::Ref(r) if matches!(r.heap_type(), H::Abstract { ty: A::Exn | A::NoExn, .. }))
            };
            for payload in Parser::new(0).parse_all(&bytes).flatten() {
                match payload {
                    Payload::ImportSection(r) => {
                        for imp in r.into_imports().flatten() {
                            match imp.ty {
                                TypeRef::Memory(m) => {
                                    memories += 1;
                                    wide |= m.memory64;
                                }
                                TypeRef::Table(t) => wide_table |= t.table64,
                                _ => {}
                            }
                        }
                    }
                    Payload::MemorySection(r) => {
                        for m in r.into_iter().flatten() {
                            memories += 1;
                            wide |= m.memory64;
                        }
                    }
                    Payload::TableSection(r) => {
                        for t in r.into_iter().flatten() {
                            wide_table |= t.ty.table64;
                        }
                    }
                    Payload::TypeSection(r) => {
                        for group in r.into_iter().flatten() {
                            for t in group.types() {
                                match &t.composite_type.inner {
                                    wasmparser::CompositeInnerType::Func(f) => {
                                        v128 |= f
                                            .params()
                                            .iter()
                                            .chain(f.results())
                                            .any(|t| *t == ValType::V128);
                                        exnref |=
                                            f.params().iter().chain(f.results()).any(is_exnref);
                                    }
                                    _ => gc_types = true,
                                }
                            }
                        }
                    }
                    Payload::TagSection(r) => tags |= r.count() > 0,
                    Payload::GlobalSection(r) => {
                        for g in r.into_iter().flatten() {
                            v128 |= g.ty.content_type == ValType::V128;
                            exnref |= is_exnref(&g.ty.content_type);
                        }
                    }
                    Payload::CodeSectionEntry(body) => {
                        if let Ok(locals) = body.get_locals_reader() {
                            let locals: Vec<ValType> =
                                locals.into_iter().flatten().map(|(_, t)| t).collect();
                            v128 |= locals.contains(&ValType::V128);
                            exnref |= locals.iter().any(is_exnref);
                        }
                        let Ok(mut ops) = body.get_operators_reader() else {
                            continue;
                        };
                        while let Ok(op) = ops.read() {
                            let text = format!("{op:?}");
                            if text.contains("Memory(") && !text.contains("Memory(0)") {
                                other = true;
                            }
                            if let Some(k) = gc_kind(&text) {
                                gc_ops[k] += 1;
                                gc = true;
                            }
                            if let Some(k) = eh_kind(&text) {
                                eh_ops[k] += 1;
                                eh = true;
                            }
                            let (s, r) = simd_kind(&text);
                            simd += s as u64;
                            relaxed += r as u64;
                        }
                    }
                    _ => {}
                }
            }
            gc_type_modules += gc_types as u32;
            gc_op_modules += gc as u32;
            tag_modules += tags as u32;
            eh_modules += eh as u32;
            exnref_modules += exnref as u32;
            multi += (memories > 1) as u32;
            mem64 += wide as u32;
            table64 += wide_table as u32;
            other_memory_access += other as u32;
            simd_modules += (v128 || simd > 0) as u32;
            relaxed_modules += (relaxed > 0) as u32;
            simd_ops += simd;
            relaxed_ops += relaxed;
            // What the differential target replaces (see `DISAGREEING_RELAXED`).
            let replaced = replace_disagreeing_relaxed(&mut bytes.clone()) as u64;
            replaced_modules += (replaced > 0) as u32;
            replaced_ops += replaced;
        }
    }
    println!("modules {modules}");
    println!("with several memories {multi}");
    println!("with a 64-bit memory {mem64}");
    println!("with a 64-bit table {table64}");
    println!("with an access to a memory other than 0 {other_memory_access}");
    println!(
        "using SIMD (a v128 type or a SIMD instruction) {simd_modules}, {simd_ops} SIMD instructions"
    );
    println!("using relaxed SIMD {relaxed_modules}, {relaxed_ops} relaxed instructions");
    println!(
        "with relaxed instructions the differential replaces {replaced_modules}, {replaced_ops} instructions"
    );
    println!("with a tag {tag_modules}");
    println!("with an exception-handling instruction {eh_modules}");
    println!("with an exnref type (param, result, global or local) {exnref_modules}");
    let ops: Vec<String> = EH_OPS
        .iter()
        .zip(eh_ops)
        .map(|((_, n), c)| format!("{n} {c}"))
        .collect();
    println!("exception-handling instructions: {}", ops.join(", "));
    println!("with a struct or array type {gc_type_modules}");
    println!("with a GC instruction {gc_op_modules}");
    let ops: Vec<String> = GC_OPS
        .iter()
        .zip(gc_ops)
        .map(|((_, n), c)| format!("{n} {c}"))
        .collect();
    println!("GC instructions: {}", ops.join(", "));
}
