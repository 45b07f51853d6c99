//! Shared pieces of Spindle's fuzz targets.

use arbitrary::{Result, Unstructured};
use spindle::{Val, ValType};

/// A wasm-smith configuration drawn from the fuzz input, restricted to the
/// features Spindle implements (WebAssembly 2.0 without SIMD, plus the 3.0
/// proposals tail calls, extended constants, wide arithmetic, custom page
/// sizes, 64-bit memories and tables, and up to four memories, left to the
/// input to turn on) and to sizes that keep one run fast.
pub fn smith_config(u: &mut Unstructured<'_>) -> Result<wasm_smith::Config> {
    let mut c: wasm_smith::Config = u.arbitrary()?;
    c.simd_enabled = false;
    c.relaxed_simd_enabled = false;
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
                // Null references: wasm-smith makes no non-nullable ones
                // (they come with GC, which it is not asked for).
                t => Val::default_for(*t),
            })
        })
        .collect()
}
