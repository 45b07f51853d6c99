//! Shared pieces of Spindle's fuzz targets.

use arbitrary::{Result, Unstructured};
use spindle::{Val, ValType};

/// A wasm-smith configuration drawn from the fuzz input, restricted to the
/// features Spindle implements (WebAssembly 2.0, SIMD included, plus the
/// 3.0 proposals relaxed SIMD, tail calls, extended constants, wide
/// arithmetic, custom page sizes, 64-bit memories and tables, and up to
/// four memories, left to the input to turn on) and to sizes that keep one
/// run fast.
///
/// SIMD is as the input draws it (wasm-smith's own `Arbitrary` choice,
/// about half of the inputs), not forced on: an input that drew it off
/// generates the same module as before SIMD was allowed, so the inputs kept
/// in `regressions/` from that time still generate the modules they were
/// kept for (see `fuzz/README.md`). Relaxed SIMD comes with SIMD (its own
/// draw would halve its already rare instructions).
pub fn smith_config(u: &mut Unstructured<'_>) -> Result<wasm_smith::Config> {
    let mut c: wasm_smith::Config = u.arbitrary()?;
    c.relaxed_simd_enabled = c.simd_enabled;
    c.exceptions_enabled = false;
    c.threads_enabled = false;
    c.gc_enabled = false;
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

/// A valid random module (bytes) in Spindle's feature set.
pub fn smith_module(u: &mut Unstructured<'_>, canonicalize_nans: bool) -> Result<Vec<u8>> {
    let mut config = smith_config(u)?;
    config.canonicalize_nans = canonicalize_nans;
    Ok(wasm_smith::Module::new(config, u)?.to_bytes())
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

/// Arguments for a call, drawn from the fuzz input.
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
                // Null references: wasm-smith makes no non-nullable ones
                // (they come with GC, which it is not asked for).
                t => Val::default_for(*t),
            })
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
pub const DISAGREEING_RELAXED: [(u32, u32); 6] =
    [(0x105, 0x109), (0x106, 0x10a), (0x107, 0x10b), (0x108, 0x10c), (0x112, 0x111), (0x113, 0x109)];

/// Rewrites, in place, every instruction of [`DISAGREEING_RELAXED`] in a
/// valid module's code into its replacement: same type, same encoded
/// length (the sub-opcode's LEB128 keeps its byte count), so the module
/// stays valid and every other byte stays where it was. wasm-smith has no
/// switch for single instructions, only for relaxed SIMD as a whole.
/// Returns how many it replaced.
pub fn replace_disagreeing_relaxed(bytes: &mut [u8]) -> usize {
    let mut at = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        let Ok(wasmparser::Payload::CodeSectionEntry(body)) = payload else { continue };
        let Ok(mut ops) = body.get_operators_reader() else { continue };
        while !ops.eof() {
            let Ok((op, offset)) = ops.read_with_offset() else { break };
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
        let (_, new) = DISAGREEING_RELAXED.iter().find(|(old, _)| *old == code).expect("a listed sub-opcode");
        // The replacement in as many bytes (all of 0x100..=0x113 need two).
        for i in 0..len {
            let group = ((new >> (7 * i)) & 0x7f) as u8;
            bytes[offset + 1 + i] = if i + 1 < len { group | 0x80 } else { group };
        }
    }
    at.len()
}
