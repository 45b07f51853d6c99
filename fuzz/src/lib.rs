//! Shared pieces of Spindle's fuzz targets (and of the Wasmtime
//! differential in `wasmtime/`, which depends on this crate).

use arbitrary::{Result, Unstructured};
use spindle::oracle::{CallOutcome, Instantiation, OracleReport};
use spindle::{TrapCode, Val, ValType};

/// A wasm-smith configuration drawn from the fuzz input, restricted to the
/// features Spindle implements (WebAssembly 2.0, SIMD included, plus the
/// 3.0 proposals relaxed SIMD, exception handling, tail calls, extended
/// constants, wide arithmetic, custom page sizes, 64-bit memories and
/// tables, and up to four memories, left to the input to turn on) and to
/// sizes that keep one run fast.
///
/// SIMD is as the input draws it (wasm-smith's own `Arbitrary` choice,
/// about half of the inputs), not forced on: an input that drew it off
/// generates the same module as before SIMD was allowed, so the inputs kept
/// in `regressions/` from that time still generate the modules they were
/// kept for (see `fuzz/README.md`). Relaxed SIMD comes with SIMD (its own
/// draw would halve its already rare instructions).
///
/// Exception handling (`try_table`, `throw`, `throw_ref`, tags and
/// `exnref`; wasm-smith 0.263 has no switch for the legacy `try`/`catch`,
/// and never generates them) is as the input draws it too, from the same
/// byte as before it was allowed: the `differential` target, whose wasmi
/// has no exceptions, turns it off again ([`differential_module`]), so
/// its inputs still generate the modules they were kept for.
///
/// GC (struct and array types, recursion groups, subtyping, `i31`, the
/// `any`/`eq`/`struct`/`array`/`none` hierarchy, typed function
/// references with it) is as the input draws it too: wasm-smith's own
/// `gc_enabled` draw, which it keeps only with reference types (so about a
/// quarter of the inputs), from the same byte as before GC was allowed
/// (it was forced off after the draw, so no later byte shifted). The
/// `differential` target turns it off again (wasmi has no GC).
pub fn smith_config(u: &mut Unstructured<'_>) -> Result<wasm_smith::Config> {
    let mut c: wasm_smith::Config = u.arbitrary()?;
    c.relaxed_simd_enabled = c.simd_enabled;
    c.threads_enabled = false;
    c.compact_imports_enabled = false;
    c.custom_descriptors_enabled = false;
    c.shared_everything_threads_enabled = false;
    c.max_memories = c.max_memories.min(4);
    c.max_imports = 0;
    c.max_memory32_bytes = c.max_memory32_bytes.min(4 << 20);
    c.max_memory64_bytes = c.max_memory64_bytes.min(4 << 20);
    c.max_table_elements = c.max_table_elements.min(10_000);
    c.export_everything = true;
    c.max_funcs = c.max_funcs.max(1);
    c.min_funcs = c.min_funcs.clamp(1, c.max_funcs);
    Ok(c)
}

/// A valid random module (bytes) in Spindle's feature set: the
/// configuration [`smith_config`] draws, then changed by `adjust`.
pub fn smith_module(
    u: &mut Unstructured<'_>,
    adjust: impl FnOnce(&mut wasm_smith::Config),
) -> Result<Vec<u8>> {
    let mut config = smith_config(u)?;
    adjust(&mut config);
    Ok(wasm_smith::Module::new(config, u)?.to_bytes())
}

/// The `execute` target's module: every feature as the input draws it,
/// exceptions included.
pub fn execute_module(u: &mut Unstructured<'_>) -> Result<Vec<u8>> {
    smith_module(u, |_| {})
}

/// The `differential` target's module: NaNs canonicalised, and no
/// exception handling or GC (wasmi has neither).
pub fn differential_module(u: &mut Unstructured<'_>) -> Result<Vec<u8>> {
    smith_module(u, |c| {
        c.canonicalize_nans = true;
        c.exceptions_enabled = false;
        c.gc_enabled = false;
    })
}

/// The `differential_wasmtime` target's module (`wasmtime/`): NaNs
/// canonicalised, exception handling, GC (reference types with it) and SIMD
/// (relaxed SIMD with it) always on, and at least one tag whenever the
/// module has a function type without results (without a tag, wasm-smith
/// generates no `throw`), and the aggregate instructions (`struct.*`,
/// `array.*`, `ref.i31`, ...) always among the instruction kinds the input
/// draws (without them, wasm-smith makes GC types but no objects); the
/// rest as the input draws it.
pub fn wasmtime_module(u: &mut Unstructured<'_>) -> Result<Vec<u8>> {
    use wasm_smith::{InstructionKind as K, InstructionKinds};
    const KINDS: [K; 12] = [
        K::NumericInt,
        K::Numeric,
        K::VectorInt,
        K::Vector,
        K::Reference,
        K::Parametric,
        K::Variable,
        K::Table,
        K::MemoryInt,
        K::Memory,
        K::Control,
        K::Aggregate,
    ];
    smith_module(u, |c| {
        c.canonicalize_nans = true;
        c.exceptions_enabled = true;
        c.reference_types_enabled = true;
        c.gc_enabled = true;
        c.simd_enabled = true;
        c.relaxed_simd_enabled = true;
        c.max_tags = c.max_tags.max(1);
        c.min_tags = 1;
        let kinds: Vec<K> = KINDS
            .into_iter()
            .filter(|k| *k == K::Aggregate || c.allowed_instructions.contains(*k))
            .collect();
        c.allowed_instructions = InstructionKinds::new(&kinds);
    })
}

/// Compiles a wasm-smith module. `None` if it exceeds one of Spindle's
/// documented implementation limits; any other refusal is a bug.
pub fn compile(engine: &spindle::Engine, bytes: &[u8]) -> Option<spindle::Module> {
    match spindle::Module::new(engine, bytes) {
        Ok(m) => Some(m),
        Err(e) if matches!(e.kind(), spindle::ErrorKind::Unsupported) => None,
        Err(e) => panic!("valid wasm-smith module rejected: {e}"),
    }
}

/// Arguments for a call, drawn from the fuzz input: numbers from the
/// input, and a null for every reference (of [`Val::default_for`]'s kind,
/// which cannot tell a struct or array type from a function type:
/// [`proper_nulls`] and Spindle's oracle fix that up).
pub fn arguments(u: &mut Unstructured<'_>, params: &[ValType]) -> Result<Vec<Val>> {
    params
        .iter()
        .map(|t| {
            Ok(match t {
                ValType::I32 => Val::I32(u.arbitrary()?),
                ValType::I64 => Val::I64(u.arbitrary()?),
                ValType::F32 => Val::F32(u.arbitrary()?),
                ValType::F64 => Val::F64(u.arbitrary()?),
                ValType::V128 => Val::V128(u.arbitrary()?),
                // Null references (`exnref`s too). A function with a
                // parameter of a non-nullable type (GC modules only) is
                // not called (see `callable`).
                t => Val::default_for(*t),
            })
        })
        .collect()
}

/// Whether a function of parameter types `params` can be called with
/// [`arguments`]: none is a non-nullable reference (the host has no value
/// of most such types). Spindle's oracle skips the others
/// (`CallOutcome::Skipped`), and so do the targets.
pub fn callable(params: &[ValType]) -> bool {
    params
        .iter()
        .all(|t| t.as_ref_type().is_none_or(|r| r.nullable))
}

/// `args` with each null reference made the null of its parameter's
/// hierarchy, resolved in `types` (a store): `Val::default_for` gives a
/// null funcref for a struct or array type.
pub fn proper_nulls(
    types: &dyn spindle::ConcreteTypes,
    params: &[ValType],
    args: Vec<Val>,
) -> Vec<Val> {
    use spindle::HeapType;
    args.into_iter()
        .zip(params)
        .map(|(v, t)| match (t.as_ref_type(), v) {
            (Some(r), Val::FuncRef(None)) => match r.heap.top(types) {
                HeapType::Any => Val::AnyRef(None),
                HeapType::Extern => Val::ExternRef(None),
                HeapType::Exn => Val::ExnRef(None),
                _ => v,
            },
            _ => v,
        })
        .collect()
}

/// The relaxed-SIMD instructions on which Spindle and wasmi give different
/// results (each picks a result the spec allows, but not the same one),
/// as their `0xfd` sub-opcodes, each with the agreed instruction of the
/// same type that [`replace_disagreeing_relaxed`] puts in its place:
///
/// | instruction | Spindle (deterministic profile) | wasmi 2.0 | replaced by |
/// |---|---|---|---|
/// | `f32x4.relaxed_madd` (0x105) | unfused, two roundings | fused (`mul_add`) | `i8x16.relaxed_laneselect` |
/// | `f32x4.relaxed_nmadd` (0x106) | unfused | fused | `i16x8.relaxed_laneselect` |
/// | `f64x2.relaxed_madd` (0x107) | unfused | fused | `i32x4.relaxed_laneselect` |
/// | `f64x2.relaxed_nmadd` (0x108) | unfused | fused | `i64x2.relaxed_laneselect` |
/// | `i16x8.relaxed_dot_i8x16_i7x16_s` (0x112) | pairs added with signed saturation | pairs added wrapping | `i16x8.relaxed_q15mulr_s` |
/// | `i32x4.relaxed_dot_i8x16_i7x16_add_s` (0x113) | the saturated i16 dot, widened, plus `c` | the wrapped i16 dot, widened, plus `c` | `i8x16.relaxed_laneselect` |
///
/// (The dot products differ only where both products of a pair are
/// `-128 * -128`, a second operand outside the `i7` range.) The other
/// fourteen agree: `relaxed_swizzle` is `swizzle`, `relaxed_trunc*` are
/// `trunc_sat*`, `relaxed_laneselect` is `bitselect`, `relaxed_min`/`max`
/// are `min`/`max`, `relaxed_q15mulr_s` is `q15mulr_sat_s`, in both.
pub const DISAGREEING_RELAXED: [(u32, u32); 6] = [
    (0x105, 0x109),
    (0x106, 0x10a),
    (0x107, 0x10b),
    (0x108, 0x10c),
    (0x112, 0x111),
    (0x113, 0x109),
];

/// Rewrites, in place, every instruction of [`DISAGREEING_RELAXED`] in a
/// valid module's code into its replacement: same type, same encoded
/// length (the sub-opcode's LEB128 keeps its byte count), so the module
/// stays valid and every other byte stays where it was. wasm-smith has no
/// switch for single instructions, only for relaxed SIMD as a whole.
/// Returns how many it replaced.
pub fn replace_disagreeing_relaxed(bytes: &mut [u8]) -> usize {
    let mut at = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        let Ok(wasmparser::Payload::CodeSectionEntry(body)) = payload else {
            continue;
        };
        let Ok(mut ops) = body.get_operators_reader() else {
            continue;
        };
        while !ops.eof() {
            let Ok((op, offset)) = ops.read_with_offset() else {
                break;
            };
            if matches!(
                op,
                wasmparser::Operator::F32x4RelaxedMadd { .. }
                    | wasmparser::Operator::F32x4RelaxedNmadd { .. }
                    | wasmparser::Operator::F64x2RelaxedMadd { .. }
                    | wasmparser::Operator::F64x2RelaxedNmadd { .. }
                    | wasmparser::Operator::I16x8RelaxedDotI8x16I7x16S { .. }
                    | wasmparser::Operator::I32x4RelaxedDotI8x16I7x16AddS { .. }
            ) {
                at.push(offset as usize);
            }
        }
    }
    for &offset in &at {
        assert_eq!(bytes[offset], 0xfd, "a SIMD prefix at {offset}");
        // The sub-opcode, a LEB128 u32 of `len` bytes.
        let (mut code, mut len) = (0u32, 0);
        loop {
            let b = bytes[offset + 1 + len];
            code |= u32::from(b & 0x7f) << (7 * len);
            len += 1;
            if b & 0x80 == 0 {
                break;
            }
        }
        let (_, new) = DISAGREEING_RELAXED
            .iter()
            .find(|(old, _)| *old == code)
            .expect("a listed sub-opcode");
        // The replacement in as many bytes (all of 0x100..=0x113 need two).
        for i in 0..len {
            let group = ((new >> (7 * i)) & 0x7f) as u8;
            bytes[offset + 1 + i] = if i + 1 < len { group | 0x80 } else { group };
        }
    }
    at.len()
}

/// A value in the transcript form; references compare by nullness (a
/// reference of the `any` hierarchy by structure, in the transcripts
/// that come from Spindle's oracle: [`shown`]). A `v128` is its 128 bits
/// in hex, lane 0 at the right (no lane shape: the bits are compared, see
/// `fuzz_targets/differential.rs`).
pub fn show(v: &Val) -> String {
    match *v {
        Val::I32(x) => format!("i32:{}", x as u32),
        Val::I64(x) => format!("i64:{}", x as u64),
        Val::F32(b) => format!("f32:{b}"),
        Val::F64(b) => format!("f64:{b}"),
        Val::V128(x) => format!("v128:{x:032x}"),
        Val::FuncRef(f) => if f.is_none() {
            "ref:null"
        } else {
            "ref:nonnull"
        }
        .into(),
        Val::ExternRef(r) => if r.is_none() {
            "ref:null"
        } else {
            "ref:nonnull"
        }
        .into(),
        Val::ExnRef(r) => if r.is_none() {
            "ref:null"
        } else {
            "ref:nonnull"
        }
        .into(),
        Val::AnyRef(r) => if r.is_none() {
            "ref:null"
        } else {
            "ref:nonnull"
        }
        .into(),
    }
}

/// Values of an oracle report in the transcript form: [`show`], but a
/// non-null reference of the `any` hierarchy (a struct, an array, an
/// `i31`, or an `externref` wrapping one) as the oracle rendered it by
/// structure (`spindle::oracle`, "References by structure"), an
/// engine-independent form that a Wasmtime transcript reproduces.
pub fn shown(values: &[Val], rendered: &[String]) -> Vec<String> {
    values
        .iter()
        .zip(rendered)
        .map(|(v, r)| {
            if matches!(v, Val::AnyRef(Some(_))) {
                r.clone()
            } else {
                show(v)
            }
        })
        .collect()
}

/// A trap kind in a transcript; `limit` for resource exhaustion.
pub fn trap_name(code: TrapCode) -> &'static str {
    match code {
        TrapCode::Unreachable => "unreachable",
        TrapCode::MemoryOutOfBounds => "memory",
        TrapCode::TableOutOfBounds => "table",
        TrapCode::IndirectCallToNull => "null",
        TrapCode::BadSignature => "signature",
        TrapCode::IntegerOverflow => "overflow",
        TrapCode::IntegerDivisionByZero => "div0",
        TrapCode::BadConversionToInteger => "conversion",
        // The spec's messages tell a null struct, array or `i31` apart;
        // Wasmtime has one trap for every null reference.
        TrapCode::NullReference
        | TrapCode::NullStructReference
        | TrapCode::NullArrayReference
        | TrapCode::NullI31Reference => "null-reference",
        TrapCode::ArrayOutOfBounds => "array",
        TrapCode::CastFailure => "cast",
        _ => "limit",
    }
}

/// An export name in a transcript: hex, since a name may be empty or hold
/// spaces and line breaks.
pub fn hex(name: &str) -> String {
    name.bytes().map(|b| format!("{b:02x}")).collect::<String>() + "."
}

/// FNV-1a, 64 bits: the transcript's digest of a memory.
pub fn fnv64(bytes: &[u8]) -> String {
    let h = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    format!("{h:016x}")
}

/// The final exported memories and globals, sorted by name.
pub fn state_lines(memories: &[(String, Vec<u8>)], globals: &[(String, String)]) -> Vec<String> {
    let mut m: Vec<_> = memories
        .iter()
        .map(|(n, d)| format!("memory {} {}", hex(n), fnv64(d)))
        .collect();
    let mut g: Vec<_> = globals
        .iter()
        .map(|(n, v)| format!("global {} {v}", hex(n)))
        .collect();
    m.sort();
    g.sort();
    m.into_iter().chain(g).collect()
}

/// An uncaught exception in a transcript: its tag's index among the
/// module's tags, then its values.
pub fn exception_words(tag: u32, payload: &[String]) -> String {
    format!("exception {tag} {}", payload.join(" "))
        .trim_end()
        .to_string()
}

/// Spindle's transcript, from its oracle report: one line per
/// observation (`instantiate ok`, `call <name> ok <values>`,
/// `call <name> trap <kind>`, `call <name> exception <tag> <values>`,
/// `call <name> skipped`, `call <name> exhausted`, ..., then `memory <name> <digest>` and
/// `global <name> <value>`), in the forms of `fuzz/referee.py`.
pub fn spindle_transcript(report: &OracleReport) -> Vec<String> {
    let mut t = vec![match &report.instantiation {
        Instantiation::Succeeded => "instantiate ok".to_string(),
        Instantiation::Trapped(code) => format!("instantiate trap {}", trap_name(*code)),
        Instantiation::Exhausted(_) => "instantiate exhausted".to_string(),
        Instantiation::Thrown {
            tag,
            payload,
            rendered,
        } => {
            format!(
                "instantiate {}",
                exception_words(*tag, &shown(payload, rendered))
            )
        }
        Instantiation::Failed(_) => "instantiate error".to_string(),
    }];
    if report.instantiation != Instantiation::Succeeded {
        return t;
    }
    for call in &report.calls {
        let line = match &call.outcome {
            CallOutcome::Returned(results) => format!(
                "call {} ok {}",
                hex(&call.name),
                shown(results, &call.rendered).join(" ")
            )
            .trim_end()
            .to_string(),
            CallOutcome::Trapped(code) => {
                format!("call {} trap {}", hex(&call.name), trap_name(*code))
            }
            CallOutcome::Exhausted(_) => format!("call {} exhausted", hex(&call.name)),
            CallOutcome::Thrown { tag, payload } => {
                format!(
                    "call {} {}",
                    hex(&call.name),
                    exception_words(*tag, &shown(payload, &call.rendered))
                )
            }
            CallOutcome::Skipped => format!("call {} skipped", hex(&call.name)),
        };
        let exhausted = matches!(call.outcome, CallOutcome::Exhausted(_));
        t.push(line);
        if exhausted {
            return t;
        }
    }
    let globals: Vec<(String, String)> = report
        .globals
        .iter()
        .zip(&report.rendered_globals)
        .map(|((n, v), (_, r))| {
            (
                n.clone(),
                shown(std::slice::from_ref(v), std::slice::from_ref(r)).remove(0),
            )
        })
        .collect();
    t.extend(state_lines(&report.memories, &globals));
    t
}

/// Whether two transcripts' lines say the same, and whether the comparison
/// goes on after them. An engine that ran out of fuel or stack ends the
/// comparison. An instantiation that did not succeed ends it too, and
/// matches any other failure, except that two traps must be of one kind
/// (wasmi reports a segment out of bounds as an error, not a trap), and
/// an uncaught exception only the same exception.
pub fn same_line(a: &str, b: &str) -> (bool, bool) {
    let exhausted = |l: &str| l.ends_with(" exhausted");
    if exhausted(a) || exhausted(b) {
        return (true, false);
    }
    let inst = |l: &str| l.starts_with("instantiate ") && l != "instantiate ok";
    if inst(a) || inst(b) {
        let both_traps = a.starts_with("instantiate trap") && b.starts_with("instantiate trap");
        let thrown = |l: &str| l.starts_with("instantiate exception");
        let exact = both_traps || thrown(a) || thrown(b);
        return (inst(a) && inst(b) && (!exact || a == b), false);
    }
    (a == b, true)
}

/// The index of the first line where two transcripts differ, if any.
pub fn first_difference(a: &[String], b: &[String]) -> Option<usize> {
    for i in 0..a.len().max(b.len()) {
        match (a.get(i), b.get(i)) {
            (Some(x), Some(y)) => match same_line(x, y) {
                (false, _) => return Some(i),
                (true, false) => return None,
                (true, true) => {}
            },
            _ => return Some(i),
        }
    }
    None
}

/// A module made comparable across engines: every tag exported, so that
/// an engine whose API names a tag only as a handle (Wasmtime) can tell
/// which of the module's tags an uncaught exception carries.
pub struct TagsExported {
    /// The module, rewritten.
    pub bytes: Vec<u8>,
    /// Each tag's export name, by tag index.
    pub tags: Vec<String>,
    /// With `detach_start`: the export name of the former start function.
    pub start: Option<String>,
}

fn leb(out: &mut Vec<u8>, mut x: u32) {
    loop {
        let b = (x & 0x7f) as u8;
        x >>= 7;
        if x == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn read_leb(bytes: &[u8], at: &mut usize) -> u32 {
    let (mut x, mut shift) = (0u32, 0);
    loop {
        let b = bytes[*at];
        *at += 1;
        x |= u32::from(b & 0x7f) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            return x;
        }
    }
}

/// Adds an export for each tag of a valid module (imported or defined),
/// under fresh names, to its export section (made if there is none); the
/// other sections stay as they were, byte for byte. With `detach_start`,
/// also removes the start section and exports the start function instead,
/// for the caller to call right after instantiation, which the spec makes
/// the same thing (segments first, then the start function): an exception
/// from it can then be resolved against the instance's tags, which a
/// failed instantiation leaves no handle to.
pub fn export_tags(bytes: &[u8], detach_start: bool) -> TagsExported {
    use wasmparser::{Parser, Payload, TypeRef};
    let (mut ntags, mut start, mut names) = (0u32, None, std::collections::HashSet::new());
    for payload in Parser::new(0).parse_all(bytes) {
        match payload.expect("a valid module") {
            Payload::ImportSection(r) => {
                for imp in r.into_imports() {
                    ntags += matches!(imp.expect("a valid module").ty, TypeRef::Tag(_)) as u32;
                }
            }
            Payload::TagSection(r) => ntags += r.count(),
            Payload::StartSection { func, .. } => start = Some(func),
            Payload::ExportSection(r) => {
                for e in r {
                    names.insert(e.expect("a valid module").name.to_string());
                }
            }
            _ => {}
        }
    }
    let mut fresh = |stem: String| {
        let mut name = stem;
        while names.contains(&name) {
            name.push('\'');
        }
        names.insert(name.clone());
        name
    };
    let tags: Vec<String> = (0..ntags)
        .map(|i| fresh(format!("spindle-fuzz tag {i}")))
        .collect();
    let start = start
        .filter(|_| detach_start)
        .map(|f| (f, fresh("spindle-fuzz start".into())));
    // The new entries: (name, kind, index), tags being kind 4.
    let mut entries: Vec<(&str, u8, u32)> = tags
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), 4, i as u32))
        .collect();
    if let Some((f, name)) = &start {
        entries.push((name, 0, *f));
    }
    if entries.is_empty() {
        return TagsExported {
            bytes: bytes.to_vec(),
            tags,
            start: None,
        };
    }
    let export_section = |old: Option<&[u8]>| {
        let (mut count, mut rest) = (0, &[][..]);
        if let Some(old) = old {
            let mut at = 0;
            count = read_leb(old, &mut at);
            rest = &old[at..];
        }
        let mut content = Vec::new();
        leb(&mut content, count + entries.len() as u32);
        content.extend_from_slice(rest);
        for (name, kind, index) in &entries {
            leb(&mut content, name.len() as u32);
            content.extend_from_slice(name.as_bytes());
            content.push(*kind);
            leb(&mut content, *index);
        }
        let mut section = vec![7];
        leb(&mut section, content.len() as u32);
        section.extend(content);
        section
    };
    let mut out = bytes[..8].to_vec();
    let (mut at, mut exported) = (8, false);
    while at < bytes.len() {
        let begin = at;
        let id = bytes[at];
        at += 1;
        let len = read_leb(bytes, &mut at) as usize;
        let content = &bytes[at..at + len];
        at += len;
        // Sections after the export section, in order: start, element,
        // data count, code, data (custom sections are not placed).
        if !exported && matches!(id, 8 | 9 | 10 | 11 | 12) {
            out.extend(export_section(None));
            exported = true;
        }
        match id {
            7 => {
                out.extend(export_section(Some(content)));
                exported = true;
            }
            8 if start.is_some() => {}
            _ => out.extend_from_slice(&bytes[begin..at]),
        }
    }
    if !exported {
        out.extend(export_section(None));
    }
    TagsExported {
        bytes: out,
        tags,
        start: start.map(|(_, n)| n),
    }
}
