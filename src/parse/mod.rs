//! Decoding and validating a module binary with wasmparser ([`check`] runs
//! the validator).
//!
//! The result is a [`ModuleInfo`]: the module's declarations in the shape
//! instantiation needs, and, with lazy translation, the span of the
//! function bodies. This layer translates nothing: [`parse`] hands each
//! body to a callback as it is decoded (eager translation), or
//! [`ModuleInfo::with_body`] hands one over on its function's first call;
//! the store's compile step (`store::module`) translates them there. No
//! input panics: every malformed or invalid module is an
//! [`crate::ErrorKind::Invalid`] carrying the byte offset
//! and, inside a body, the function index.

use crate::error::{Error, ErrorKind, Result};
use crate::map::VecMap;
use crate::types::{
    CompositeType, ExternType, FuncType, GlobalType, MemoryType, Mutability, SubType, TableType,
    ValType,
};
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use wasmparser::{FunctionBody, Parser, Payload, WasmFeatures};

#[cfg(spindle_validator)]
mod check;

/// A constant expression (global initialisers, segment offsets and items).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ConstExpr {
    /// A value's cell bits (`ref.null` is 0).
    Value(u64),
    /// The value of global `i`.
    Global(u32),
    /// A reference to function `i`.
    RefFunc(u32),
    /// A `v128.const`.
    #[cfg(feature = "simd")]
    V128(u128),
    /// An extended constant expression (3.0): integer `add`, `sub` and
    /// `mul` over constants and globals, run on a small stack.
    Ops(alloc::boxed::Box<[ConstOp]>),
}

/// One step of an extended constant expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ConstOp {
    /// Pushes a value's bits.
    Value(u64),
    /// Pushes global `i`'s value.
    Global(u32),
    /// Pushes a reference to function `i`.
    RefFunc(u32),
    /// Pops two 32-bit operands, pushes the wrapped result.
    I32(Arith),
    /// Pops two 64-bit operands, pushes the wrapped result.
    I64(Arith),
    /// A GC instruction, which the instance's [`ConstEnv`] runs.
    #[cfg(feature = "gc")]
    Gc(GcConstOp),
}

/// The GC instructions a constant expression may use (the `gc` cargo
/// feature); a type is a module type index.
#[cfg(feature = "gc")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GcConstOp {
    StructNew(u32),
    StructNewDefault(u32),
    ArrayNew(u32),
    ArrayNewDefault(u32),
    /// The type and the number of elements.
    ArrayNewFixed(u32, u32),
    RefI31,
    AnyConvertExtern,
    ExternConvertAny,
}

/// What evaluating a constant expression reads and does, given by the
/// instance being made (with the `gc` cargo feature, which allocates).
#[cfg(feature = "gc")]
pub(crate) trait ConstEnv {
    /// Global `g`'s value.
    fn global(&self, g: u32) -> u64;
    /// A reference to function `f`.
    fn func(&self, f: u32) -> u64;
    /// Runs `op` on the expression's stack (operands popped, the result
    /// pushed); an allocation that does not fit is a trap.
    fn gc(
        &mut self,
        op: GcConstOp,
        stack: &mut Vec<u64>,
    ) -> core::result::Result<(), crate::TrapCode>;
}

/// The arithmetic extended constant expressions allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arith {
    Add,
    Sub,
    Mul,
}

impl Arith {
    pub(crate) fn apply64(self, a: u64, b: u64) -> u64 {
        match self {
            Arith::Add => a.wrapping_add(b),
            Arith::Sub => a.wrapping_sub(b),
            Arith::Mul => a.wrapping_mul(b),
        }
    }
}

#[cfg(feature = "gc")]
impl ConstExpr {
    /// Evaluates the expression in `env`, which also runs its GC
    /// instructions. The validator has checked the stack's shape; an
    /// unchecked module with a malformed one gets 0.
    pub(crate) fn eval_in(
        &self,
        env: &mut dyn ConstEnv,
    ) -> core::result::Result<u64, crate::TrapCode> {
        let ConstExpr::Ops(ops) = self else {
            return Ok(self.eval(|g| env.global(g), |f| env.func(f)));
        };
        let mut stack: Vec<u64> = Vec::with_capacity(4);
        for op in ops.iter() {
            let v = match *op {
                ConstOp::Value(v) => v,
                ConstOp::Global(g) => env.global(g),
                ConstOp::RefFunc(f) => env.func(f),
                ConstOp::I32(a) | ConstOp::I64(a) => {
                    let (Some(y), Some(x)) = (stack.pop(), stack.pop()) else {
                        return Ok(0);
                    };
                    match op {
                        ConstOp::I32(_) => a.apply64(x, y) as u32 as u64,
                        _ => a.apply64(x, y),
                    }
                }
                ConstOp::Gc(g) => {
                    env.gc(g, &mut stack)?;
                    continue;
                }
            };
            stack.push(v);
        }
        Ok(stack.pop().unwrap_or(0))
    }
}

impl ConstExpr {
    /// Evaluates the expression, given how to read global `i` and make a
    /// reference to function `i`. The validator has checked the stack's
    /// shape; an unchecked module with a malformed one gets 0. (With the
    /// `gc` cargo feature, [`ConstExpr::eval_in`] evaluates the
    /// expressions that hold GC instructions, which this one takes as 0.)
    pub(crate) fn eval(&self, global: impl Fn(u32) -> u64, func: impl Fn(u32) -> u64) -> u64 {
        match self {
            ConstExpr::Value(v) => *v,
            ConstExpr::Global(g) => global(*g),
            ConstExpr::RefFunc(f) => func(*f),
            #[cfg(feature = "simd")]
            ConstExpr::V128(v) => *v as u64,
            ConstExpr::Ops(ops) => {
                let mut stack: Vec<u64> = Vec::with_capacity(4);
                for op in ops.iter() {
                    let v = match *op {
                        ConstOp::Value(v) => v,
                        ConstOp::Global(g) => global(g),
                        ConstOp::RefFunc(f) => func(f),
                        ConstOp::I32(a) | ConstOp::I64(a) => {
                            let (Some(y), Some(x)) = (stack.pop(), stack.pop()) else {
                                return 0;
                            };
                            match op {
                                ConstOp::I32(_) => a.apply64(x, y) as u32 as u64,
                                _ => a.apply64(x, y),
                            }
                        }
                        #[cfg(feature = "gc")]
                        ConstOp::Gc(_) => return 0,
                    };
                    stack.push(v);
                }
                stack.pop().unwrap_or(0)
            }
        }
    }
}

#[cfg(feature = "simd")]
impl ConstExpr {
    /// The upper half of the expression's value if it is a `v128` (0
    /// otherwise), given how to read global `i`'s upper half.
    pub(crate) fn eval_hi(&self, global_hi: impl Fn(u32) -> u64) -> u64 {
        match self {
            ConstExpr::V128(v) => (*v >> 64) as u64,
            ConstExpr::Global(g) => global_hi(*g),
            _ => 0,
        }
    }
}

/// What an import brings in.
#[derive(Debug, Clone)]
pub(crate) struct Import {
    pub module: String,
    pub name: String,
    pub ty: ExternType,
}

/// What an export names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExportIndex {
    Func(u32),
    Table(u32),
    Memory(u32),
    Global(u32),
    #[cfg(feature = "exceptions")]
    Tag(u32),
}

#[derive(Debug, Clone)]
pub(crate) enum ElemMode {
    Passive,
    Declared,
    Active { table: u32, offset: ConstExpr },
}

#[derive(Debug, Clone)]
pub(crate) struct ElemSegment {
    pub mode: ElemMode,
    pub items: Vec<ConstExpr>,
}

#[derive(Debug, Clone)]
pub(crate) enum DataMode {
    Passive,
    Active { memory: u32, offset: ConstExpr },
}

#[derive(Debug, Clone)]
pub(crate) struct DataSegment {
    pub mode: DataMode,
    pub bytes: Vec<u8>,
}

/// A module binary to parse: borrowed (the module copies what it keeps)
/// or handed over (the module may keep the buffer itself).
pub(crate) enum Binary<'a> {
    Borrowed(&'a [u8]),
    Owned(Vec<u8>),
}

impl Binary<'_> {
    fn as_slice(&self) -> &[u8] {
        match self {
            Binary::Borrowed(bytes) => bytes,
            Binary::Owned(bytes) => bytes,
        }
    }
}

/// Validates function bodies that lazy validation left for their first
/// call. A trait object, so that only the validating loader
/// ([`parse`]) names the validator: an image that loads modules
/// with [`parse_unchecked`] alone still links none of it.
pub(crate) trait DeferredCheck: Send + Sync {
    /// Validates the body of function `index` (of type `ty`).
    fn validate(&self, index: u32, ty: u32, body: &wasmparser::FunctionBody<'_>) -> Result<()>;
}

// Not a supertrait: wasmparser's `Debug` for the validator's declarations
// is several kilobytes of formatting code the firmware would carry.
impl core::fmt::Debug for dyn DeferredCheck {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("DeferredCheck")
    }
}

/// Everything instantiation and execution need to know about a module.
#[derive(Debug, Default)]
pub(crate) struct ModuleInfo {
    /// Every type the type section defines, in index order. A function's
    /// type is read through [`ModuleInfo::func_type`].
    pub types: Vec<SubType>,
    /// Where each recursion group starts in `types`, in order (a group
    /// ends where the next starts; a type outside `rec` is a group of
    /// one). Equal groups of two modules are one type in a store
    /// (`store::types`).
    #[cfg(feature = "gc")]
    pub rec_groups: Vec<u32>,
    pub imports: Vec<Import>,
    /// Type index of every function, imported ones first.
    pub func_types: Vec<u32>,
    pub num_imported_funcs: u32,
    /// Every table, imported ones first.
    pub tables: Vec<TableType>,
    /// The initialiser of each defined table, where it has one (a table of
    /// non-nullable references must).
    #[cfg(feature = "function-references")]
    pub table_inits: Vec<Option<ConstExpr>>,
    pub num_imported_tables: u32,
    pub memories: Vec<MemoryType>,
    pub num_imported_memories: u32,
    pub globals: Vec<GlobalType>,
    pub num_imported_globals: u32,
    /// The type index of every tag, imported ones first.
    #[cfg(feature = "exceptions")]
    pub tags: Vec<u32>,
    #[cfg(feature = "exceptions")]
    pub num_imported_tags: u32,
    /// Initialisers of the defined globals.
    pub global_inits: Vec<ConstExpr>,
    pub exports: Vec<(String, ExportIndex)>,
    pub start: Option<u32>,
    pub elems: Vec<ElemSegment>,
    pub datas: Vec<DataSegment>,
    /// With lazy translation: the bytes of the function bodies (the code
    /// section's span, or the whole binary when it was handed over; either
    /// starts at module offset `code_offset`), and where each defined
    /// function's body lies in the module.
    pub code: Vec<u8>,
    pub code_offset: usize,
    pub bodies: Vec<core::ops::Range<usize>>,
    /// Lazy validation: the declarations the kept bodies are validated
    /// against on first call ([`ModuleInfo::with_body`]).
    pub deferred: Option<alloc::boxed::Box<dyn DeferredCheck>>,
    /// Function names from the name section.
    pub func_names: VecMap<u32, String>,
    /// Whether the bytecode charges fuel.
    pub consume_fuel: bool,
    /// Whether NaN results are canonicalised.
    pub deterministic: bool,
    /// The features the binary is read with (see [`features_for`]): the
    /// binary format differs between them (a memory index where 2.0 has a
    /// zero byte), so lazily read bodies use them too.
    pub features: WasmFeatures,
}

/// The WebAssembly features Spindle implements: 2.0 (SIMD with the `simd`
/// cargo feature), and the 3.0 proposals built in (relaxed SIMD with
/// `simd`, multi-memory and memory64 with the `memory64` cargo feature,
/// typed function references with `function-references`, exception
/// handling, standard and legacy, with `exceptions`, GC with `gc`). Other
/// validators (the fuzzers' reference) use this to agree with Spindle.
pub fn features() -> WasmFeatures {
    let f = (WasmFeatures::WASM2 & !WasmFeatures::SIMD)
        | WasmFeatures::TAIL_CALL
        | WasmFeatures::EXTENDED_CONST
        | WasmFeatures::WIDE_ARITHMETIC
        | WasmFeatures::CUSTOM_PAGE_SIZES;
    #[cfg(feature = "memory64")]
    let f = f | WasmFeatures::MULTI_MEMORY | WasmFeatures::MEMORY64;
    #[cfg(feature = "function-references")]
    let f = f | WasmFeatures::FUNCTION_REFERENCES;
    #[cfg(feature = "simd")]
    let f = f | WasmFeatures::SIMD | WasmFeatures::RELAXED_SIMD;
    #[cfg(feature = "exceptions")]
    let f = f | WasmFeatures::EXCEPTIONS | WasmFeatures::LEGACY_EXCEPTIONS;
    #[cfg(feature = "gc")]
    let f = f | WasmFeatures::GC;
    f
}

/// The features a module is decoded and validated with under `config`:
/// [`features`] less the proposals `config` turns off. (A switch for a
/// proposal that is not built in changes nothing.)
pub(crate) fn features_for(config: &crate::Config) -> WasmFeatures {
    let built = features();
    let mut f = built;
    f.set(WasmFeatures::TAIL_CALL, config.tail_call);
    f.set(WasmFeatures::EXTENDED_CONST, config.extended_const);
    f.set(WasmFeatures::WIDE_ARITHMETIC, config.wide_arithmetic);
    f.set(WasmFeatures::CUSTOM_PAGE_SIZES, config.custom_page_sizes);
    f.set(WasmFeatures::MULTI_MEMORY, config.multi_memory);
    f.set(WasmFeatures::MEMORY64, config.memory64);
    f.set(
        WasmFeatures::FUNCTION_REFERENCES,
        config.function_references,
    );
    f.set(WasmFeatures::SIMD, config.simd);
    f.set(
        WasmFeatures::RELAXED_SIMD,
        config.simd && config.relaxed_simd,
    );
    f.set(WasmFeatures::EXCEPTIONS, config.exceptions);
    f.set(WasmFeatures::LEGACY_EXCEPTIONS, config.legacy_exceptions);
    // GC builds on typed function references.
    f.set(WasmFeatures::GC, config.gc && config.function_references);
    f & built
}

fn invalid(e: wasmparser::BinaryReaderError) -> Error {
    Error::from_reader(None, e)
}

fn nested() -> Error {
    Error::invalid(None, 0, "nested modules and components are not supported")
}

fn val_type(ty: wasmparser::ValType, offset: usize) -> Result<ValType> {
    ValType::from_wasm(ty).ok_or_else(|| {
        Error::invalid(
            None,
            offset as u64,
            &alloc::format!("unsupported value type {ty}"),
        )
    })
}

fn read_func_type(ty: &wasmparser::FuncType, offset: usize) -> Result<FuncType> {
    let params = ty
        .params()
        .iter()
        .map(|&t| val_type(t, offset))
        .collect::<Result<Vec<_>>>()?;
    let results = ty
        .results()
        .iter()
        .map(|&t| val_type(t, offset))
        .collect::<Result<Vec<_>>>()?;
    Ok(FuncType::new(params, results))
}

/// A type of a recursion group, with the GC proposal.
#[cfg(feature = "gc")]
fn sub_type(ty: &wasmparser::SubType, offset: usize) -> Result<SubType> {
    use crate::types::{ArrayType, StructType};
    use wasmparser::CompositeInnerType as C;
    let c = &ty.composite_type;
    let unsupported = |what: &str| {
        Error::new(
            ErrorKind::Unsupported,
            alloc::format!("{what} at byte offset {offset} (not a proposal Spindle implements)"),
        )
    };
    if c.shared {
        return Err(unsupported("a shared type"));
    }
    if c.descriptor_idx.is_some() || c.describes_idx.is_some() {
        return Err(unsupported("a custom descriptor"));
    }
    let composite = match &c.inner {
        C::Func(f) => CompositeType::Func(read_func_type(f, offset)?),
        C::Struct(s) => CompositeType::Struct(StructType::new(
            s.fields
                .iter()
                .map(|f| field_type(f, offset))
                .collect::<Result<Vec<_>>>()?,
        )),
        C::Array(a) => CompositeType::Array(ArrayType::new(field_type(&a.0, offset)?)),
        C::Cont(_) => return Err(unsupported("a continuation type")),
    };
    let supertype = match ty.supertype_idxs.as_slice() {
        [] => None,
        [s] => Some(
            s.as_module_index()
                .ok_or_else(|| Error::invalid(None, offset as u64, "malformed supertype index"))?,
        ),
        _ => {
            return Err(Error::invalid(
                None,
                offset as u64,
                "a type declares more than one supertype",
            ));
        }
    };
    Ok(SubType {
        is_final: ty.is_final,
        supertype,
        composite,
    })
}

#[cfg(feature = "gc")]
fn field_type(f: &wasmparser::FieldType, offset: usize) -> Result<crate::types::FieldType> {
    use crate::types::{FieldType, StorageType};
    let storage = match f.element_type {
        wasmparser::StorageType::I8 => StorageType::I8,
        wasmparser::StorageType::I16 => StorageType::I16,
        wasmparser::StorageType::Val(t) => StorageType::ValType(val_type(t, offset)?),
    };
    let mutability = if f.mutable {
        Mutability::Var
    } else {
        Mutability::Const
    };
    Ok(FieldType::new(mutability, storage))
}

fn table_type(ty: &wasmparser::TableType, offset: usize) -> Result<TableType> {
    let element = val_type(wasmparser::ValType::Ref(ty.element_type), offset)?;
    Ok(TableType {
        element,
        min: ty.initial,
        max: ty.maximum,
        table64: ty.table64,
    })
}

fn memory_type(ty: &wasmparser::MemoryType) -> MemoryType {
    MemoryType {
        min: ty.initial,
        max: ty.maximum,
        // The validator allows 0 and 16 only.
        page_size_log2: ty.page_size_log2.map_or(16, |l| l as u8),
        memory64: ty.memory64,
    }
}

fn global_type(ty: &wasmparser::GlobalType, offset: usize) -> Result<GlobalType> {
    Ok(GlobalType {
        content: val_type(ty.content_type, offset)?,
        mutability: if ty.mutable {
            Mutability::Var
        } else {
            Mutability::Const
        },
    })
}

fn const_expr(expr: &wasmparser::ConstExpr<'_>) -> Result<ConstExpr> {
    use wasmparser::Operator as O;
    let mut reader = expr.get_operators_reader();
    let mut ops = Vec::new();
    while !reader.eof() {
        let (op, offset) = reader.read_with_offset().map_err(invalid)?;
        #[cfg(feature = "simd")]
        if let (O::V128Const { value }, true) = (&op, ops.is_empty()) {
            // Alone (validated), unless a GC instruction takes it, which
            // the loop refuses: no other constant operator takes a v128.
            let v = ConstExpr::V128(u128::from_le_bytes(*value.bytes()));
            #[cfg(feature = "gc")]
            if !matches!(reader.read(), Ok(O::End)) || !reader.eof() {
                return Err(Error::new(
                    ErrorKind::Unsupported,
                    alloc::format!(
                        "a v128.const in a GC constant expression at byte offset {offset}"
                    ),
                ));
            }
            return Ok(v);
        }
        ops.push(match op {
            O::I32Const { value } => ConstOp::Value(value as u32 as u64),
            O::I64Const { value } => ConstOp::Value(value as u64),
            O::F32Const { value } => ConstOp::Value(value.bits() as u64),
            O::F64Const { value } => ConstOp::Value(value.bits()),
            O::RefNull { .. } => ConstOp::Value(0),
            O::RefFunc { function_index } => ConstOp::RefFunc(function_index),
            O::GlobalGet { global_index } => ConstOp::Global(global_index),
            O::I32Add => ConstOp::I32(Arith::Add),
            O::I32Sub => ConstOp::I32(Arith::Sub),
            O::I32Mul => ConstOp::I32(Arith::Mul),
            O::I64Add => ConstOp::I64(Arith::Add),
            O::I64Sub => ConstOp::I64(Arith::Sub),
            O::I64Mul => ConstOp::I64(Arith::Mul),
            O::End => continue,
            #[cfg(feature = "gc")]
            O::StructNew { struct_type_index } => {
                ConstOp::Gc(GcConstOp::StructNew(struct_type_index))
            }
            #[cfg(feature = "gc")]
            O::StructNewDefault { struct_type_index } => {
                ConstOp::Gc(GcConstOp::StructNewDefault(struct_type_index))
            }
            #[cfg(feature = "gc")]
            O::ArrayNew { array_type_index } => ConstOp::Gc(GcConstOp::ArrayNew(array_type_index)),
            #[cfg(feature = "gc")]
            O::ArrayNewDefault { array_type_index } => {
                ConstOp::Gc(GcConstOp::ArrayNewDefault(array_type_index))
            }
            #[cfg(feature = "gc")]
            O::ArrayNewFixed {
                array_type_index,
                array_size,
            } => ConstOp::Gc(GcConstOp::ArrayNewFixed(array_type_index, array_size)),
            #[cfg(feature = "gc")]
            O::RefI31 => ConstOp::Gc(GcConstOp::RefI31),
            #[cfg(feature = "gc")]
            O::AnyConvertExtern => ConstOp::Gc(GcConstOp::AnyConvertExtern),
            #[cfg(feature = "gc")]
            O::ExternConvertAny => ConstOp::Gc(GcConstOp::ExternConvertAny),
            #[cfg(all(feature = "gc", feature = "simd"))]
            O::V128Const { .. } => {
                return Err(Error::new(
                    ErrorKind::Unsupported,
                    alloc::format!(
                        "a v128.const among other constant operators at byte offset {offset}"
                    ),
                ));
            }
            _ => {
                return Err(Error::new(
                    ErrorKind::Unsupported,
                    alloc::format!(
                        "unsupported constant expression operator at byte offset {offset}"
                    ),
                ));
            }
        });
    }
    // One operand, the usual case, needs no program.
    match ops.as_slice() {
        [] => Err(Error::invalid(
            None,
            reader.original_position(),
            "empty constant expression",
        )),
        [ConstOp::Value(v)] => Ok(ConstExpr::Value(*v)),
        [ConstOp::Global(g)] => Ok(ConstExpr::Global(*g)),
        [ConstOp::RefFunc(f)] => Ok(ConstExpr::RefFunc(*f)),
        _ => Ok(ConstExpr::Ops(ops.into_boxed_slice())),
    }
}

/// Decodes and validates a module. Unless `lazy`, each function body is
/// handed to `eager` as it is decoded (the layer above translates it
/// there: parse calls no translator); with `lazy` the bodies are kept for
/// [`ModuleInfo::with_body`].
///
/// On a target without wasmparser's validator (see [`check`]) this is an
/// [`ErrorKind::Unsupported`] error: only [`parse_unchecked`] is available.
pub(crate) fn parse(
    bytes: Binary<'_>,
    config: &crate::Config,
    lazy: bool,
    eager: impl FnMut(&ModuleInfo, u32, &FunctionBody<'_>) -> Result<()>,
) -> Result<ModuleInfo> {
    #[cfg(spindle_validator)]
    return parse_with::<true>(bytes, config, lazy, eager);
    #[cfg(not(spindle_validator))]
    {
        let _ = (bytes, config, lazy, eager);
        Err(Error::new(
            ErrorKind::Unsupported,
            "this target has no validator (wasmparser's needs atomic pointers): \
             load modules validated elsewhere with Module::new_unchecked",
        ))
    }
}

/// [`parse`] without wasmparser's validator, for modules known to be valid
/// (see [`Module::new_unchecked`](crate::Module::new_unchecked)). Malformed
/// bytes are still errors, and Spindle's own limits are still checked, but
/// an invalid module (ill-typed code, out-of-range indices) is not
/// detected.
pub(crate) fn parse_unchecked(
    bytes: Binary<'_>,
    config: &crate::Config,
    lazy: bool,
    eager: impl FnMut(&ModuleInfo, u32, &FunctionBody<'_>) -> Result<()>,
) -> Result<ModuleInfo> {
    parse_with::<false>(bytes, config, lazy, eager)
}

/// The one decoder behind [`parse`] and [`parse_unchecked`]. `VALIDATE` is a
/// constant so that an image calling only `parse_unchecked` contains none
/// of the validator's code (it is most of wasmparser's size).
fn parse_with<const VALIDATE: bool>(
    binary: Binary<'_>,
    config: &crate::Config,
    lazy: bool,
    mut eager: impl FnMut(&ModuleInfo, u32, &FunctionBody<'_>) -> Result<()>,
) -> Result<ModuleInfo> {
    let bytes = binary.as_slice();
    // (An `if` on the constant, not `bool::then`: at opt-level "z" that
    // call may stay out of line and keep the validator in the image.)
    #[cfg(spindle_validator)]
    let mut checker = if VALIDATE {
        Some(check::Checker::new(
            lazy && config.lazy_validation,
            features_for(config),
        ))
    } else {
        None
    };
    let mut info = ModuleInfo {
        consume_fuel: config.consume_fuel,
        deterministic: config.deterministic,
        features: features_for(config),
        ..ModuleInfo::default()
    };
    // The sections are read by a function that borrows `info` and the
    // checker: its many early returns drop nothing, and this function drops
    // them in one place (each inlined copy of their drop code cost flash).
    #[cfg(spindle_validator)]
    let saw_end = read_payloads::<VALIDATE>(&mut info, checker.as_mut(), bytes, lazy, &mut eager)?;
    #[cfg(not(spindle_validator))]
    let saw_end = read_payloads::<VALIDATE>(&mut info, bytes, lazy, &mut eager)?;
    if !saw_end {
        return Err(Error::invalid(
            None,
            bytes.len() as u64,
            "unexpected end of module",
        ));
    }
    info.keep_bodies(binary);
    // On the constant again: an image that only loads unchecked modules
    // must hold neither the validator's vtable nor its drop code (the
    // checker is `None` there, so forgetting it forgets nothing).
    // (The small build has no lazy validation: see `check`.)
    #[cfg(all(spindle_validator, not(feature = "small-footprint")))]
    if VALIDATE {
        info.deferred = checker.and_then(check::Checker::into_deferred);
    } else {
        core::mem::forget(checker);
    }
    Ok(info)
}

/// [`parse_with`]'s loop over the payloads, into `info`; whether the
/// module's end was seen.
fn read_payloads<const VALIDATE: bool>(
    info: &mut ModuleInfo,
    #[cfg(spindle_validator)] mut checker: Option<&mut check::Checker>,
    bytes: &[u8],
    lazy: bool,
    eager: &mut impl FnMut(&ModuleInfo, u32, &FunctionBody<'_>) -> Result<()>,
) -> Result<bool> {
    // Bodies seen so far (the import section, which sets the number of
    // imported functions, comes before the code section).
    let mut defined = 0u32;
    let mut saw_end = false;
    // The reader enforces the binary-format rules of exactly these features
    // (for example 2.0's single zero byte after `memory.grow`).
    let mut parser = Parser::new(0);
    parser.set_features(info.features);
    for payload in parser.parse_all(bytes) {
        let payload = payload.map_err(invalid)?;
        #[cfg(spindle_validator)]
        if let (true, Some(checker)) = (VALIDATE, checker.as_deref_mut()) {
            checker.payload(&payload)?;
        }
        // Without a validator, a component's header is refused here.
        let component = matches!(
            payload,
            Payload::Version {
                encoding: wasmparser::Encoding::Component,
                ..
            }
        );
        if component {
            return Err(nested());
        }
        match payload {
            Payload::TypeSection(reader) => info.read_types(reader)?,
            Payload::ImportSection(reader) => info.read_imports(reader)?,
            Payload::FunctionSection(reader) => {
                for idx in reader.into_iter_with_offsets() {
                    let (offset, idx) = idx.map_err(invalid)?;
                    info.check_func_type(idx, offset as usize)?;
                    info.func_types.push(idx);
                }
            }
            Payload::TableSection(reader) => {
                for table in reader {
                    let table = table.map_err(invalid)?;
                    info.tables.push(table_type(&table.ty, 0)?);
                    #[cfg(feature = "function-references")]
                    info.table_inits.push(match table.init {
                        wasmparser::TableInit::RefNull => None,
                        wasmparser::TableInit::Expr(e) => Some(const_expr(&e)?),
                    });
                    // Only a module loaded unchecked can have one here.
                    #[cfg(not(feature = "function-references"))]
                    if let wasmparser::TableInit::Expr(_) = table.init {
                        return Err(Error::new(
                            ErrorKind::Unsupported,
                            "a table initialiser (the `function-references` feature is off)",
                        ));
                    }
                }
            }
            Payload::MemorySection(reader) => {
                for memory in reader {
                    info.memories.push(memory_type(&memory.map_err(invalid)?));
                }
            }
            Payload::GlobalSection(reader) => info.read_globals(reader)?,
            #[cfg(feature = "exceptions")]
            Payload::TagSection(reader) => {
                for tag in reader.into_iter_with_offsets() {
                    let (offset, tag) = tag.map_err(invalid)?;
                    info.check_func_type(tag.func_type_idx, offset as usize)?;
                    info.tags.push(tag.func_type_idx);
                }
            }
            Payload::ExportSection(reader) => info.read_exports(reader)?,
            Payload::StartSection { func, .. } => info.start = Some(func),
            Payload::ElementSection(reader) => info.read_elems(reader)?,
            Payload::DataSection(reader) => info.read_datas(reader)?,
            Payload::CodeSectionEntry(body) => {
                let func_index = info.num_imported_funcs + defined;
                defined += 1;
                info.read_body(func_index, &body, lazy, eager)?;
            }
            Payload::CustomSection(section) => {
                // Only the name section is read (not `as_known`, which
                // decodes every custom section wasmparser knows: several KB
                // of flash for sections Spindle ignores).
                if section.name() == "name" {
                    let data = wasmparser::BinaryReader::new(section.data(), section.data_offset());
                    read_names(
                        wasmparser::NameSectionReader::new(data),
                        &mut info.func_names,
                    );
                }
            }
            Payload::End(_) => saw_end = true,
            _ => {}
        }
    }
    Ok(saw_end)
}

/// The sections' readers, called by [`parse_with`] in section order.
impl ModuleInfo {
    /// The type section: every type, and the recursion groups' bounds.
    fn read_types(&mut self, reader: wasmparser::TypeSectionReader<'_>) -> Result<()> {
        #[cfg(feature = "gc")]
        if self.features.gc() {
            for group in reader.into_iter_with_offsets() {
                let (offset, group) = group.map_err(invalid)?;
                self.rec_groups.push(self.types.len() as u32);
                for ty in group.types() {
                    let ty = sub_type(ty, offset as usize)?;
                    // Validated already, unless loaded unchecked: a
                    // supertype comes first (the store's subtype
                    // displays are built in index order).
                    if ty.supertype.is_some_and(|s| s as usize >= self.types.len()) {
                        return Err(Error::invalid(
                            None,
                            offset as u64,
                            "a supertype must be defined before its subtype",
                        ));
                    }
                    self.types.push(ty);
                }
            }
            return Ok(());
        }
        for ty in reader.into_iter_err_on_gc_types() {
            let ty = ty.map_err(invalid)?;
            #[cfg(feature = "gc")]
            self.rec_groups.push(self.types.len() as u32);
            self.types
                .push(SubType::plain(CompositeType::Func(read_func_type(&ty, 0)?)));
        }
        Ok(())
    }

    /// The function type at type index `ty`: an error if there is none
    /// (validation refuses such a module; one loaded unchecked gets the
    /// error where the index is used).
    pub fn func_type(&self, ty: u32) -> Result<&FuncType> {
        self.types
            .get(ty as usize)
            .and_then(|t| t.composite.as_func())
            .ok_or_else(|| not_a_func_type(ty))
    }

    /// The type of function `func`, imported ones first (see
    /// [`ModuleInfo::func_type`]).
    pub fn func_type_of(&self, func: u32) -> Result<&FuncType> {
        let ty = self
            .func_types
            .get(func as usize)
            .copied()
            .unwrap_or(u32::MAX);
        self.func_type(ty)
    }

    /// An error unless type index `ty` is a function type (a function's,
    /// an import's or a tag's type).
    fn check_func_type(&self, ty: u32, offset: usize) -> Result<()> {
        match self.func_type(ty) {
            Ok(_) => Ok(()),
            Err(e) => Err(Error::invalid(None, offset as u64, e.message())),
        }
    }

    /// The import section: each import's type joins its index space.
    fn read_imports(&mut self, reader: wasmparser::ImportSectionReader<'_>) -> Result<()> {
        for import in reader.into_imports_with_offsets() {
            let (offset, import) = import.map_err(invalid)?;
            let offset = offset as usize;
            let ty = match import.ty {
                wasmparser::TypeRef::Func(idx) => {
                    self.check_func_type(idx, offset)?;
                    self.func_types.push(idx);
                    self.num_imported_funcs += 1;
                    ExternType::Func(self.func_type(idx)?.clone())
                }
                wasmparser::TypeRef::Table(t) => {
                    let t = table_type(&t, offset)?;
                    self.tables.push(t);
                    self.num_imported_tables += 1;
                    ExternType::Table(t)
                }
                wasmparser::TypeRef::Memory(m) => {
                    let m = memory_type(&m);
                    self.memories.push(m);
                    self.num_imported_memories += 1;
                    ExternType::Memory(m)
                }
                wasmparser::TypeRef::Global(g) => {
                    let g = global_type(&g, offset)?;
                    self.globals.push(g);
                    self.num_imported_globals += 1;
                    ExternType::Global(g)
                }
                #[cfg(feature = "exceptions")]
                wasmparser::TypeRef::Tag(t) => {
                    self.check_func_type(t.func_type_idx, offset)?;
                    self.tags.push(t.func_type_idx);
                    self.num_imported_tags += 1;
                    let ty = self.func_type(t.func_type_idx)?.clone();
                    ExternType::Tag(crate::types::TagType::new(ty))
                }
                _ => {
                    return Err(Error::invalid(
                        None,
                        offset as u64,
                        "unsupported import kind (not a function, table, memory or global)",
                    ));
                }
            };
            self.imports.push(Import {
                module: import.module.to_string(),
                name: import.name.to_string(),
                ty,
            });
        }
        Ok(())
    }

    /// The global section: types and initialisers.
    fn read_globals(&mut self, reader: wasmparser::GlobalSectionReader<'_>) -> Result<()> {
        for global in reader {
            let global = global.map_err(invalid)?;
            self.globals.push(global_type(&global.ty, 0)?);
            self.global_inits.push(const_expr(&global.init_expr)?);
        }
        Ok(())
    }

    /// The export section.
    fn read_exports(&mut self, reader: wasmparser::ExportSectionReader<'_>) -> Result<()> {
        for export in reader {
            let export = export.map_err(invalid)?;
            let index = match export.kind {
                wasmparser::ExternalKind::Func => ExportIndex::Func(export.index),
                wasmparser::ExternalKind::Table => ExportIndex::Table(export.index),
                wasmparser::ExternalKind::Memory => ExportIndex::Memory(export.index),
                wasmparser::ExternalKind::Global => ExportIndex::Global(export.index),
                #[cfg(feature = "exceptions")]
                wasmparser::ExternalKind::Tag => ExportIndex::Tag(export.index),
                _ => {
                    return Err(Error::invalid(
                        None,
                        0,
                        "unsupported export kind (not a function, table, memory or global)",
                    ));
                }
            };
            self.exports.push((export.name.to_string(), index));
        }
        Ok(())
    }

    /// The element section: each segment's mode and items.
    fn read_elems(&mut self, reader: wasmparser::ElementSectionReader<'_>) -> Result<()> {
        for elem in reader {
            let elem = elem.map_err(invalid)?;
            let mode = match elem.kind {
                wasmparser::ElementKind::Passive => ElemMode::Passive,
                wasmparser::ElementKind::Declared => ElemMode::Declared,
                wasmparser::ElementKind::Active {
                    table_index,
                    offset_expr,
                } => ElemMode::Active {
                    table: table_index.unwrap_or(0),
                    offset: const_expr(&offset_expr)?,
                },
            };
            let mut items = Vec::new();
            match elem.items {
                wasmparser::ElementItems::Functions(r) => {
                    for f in r {
                        items.push(ConstExpr::RefFunc(f.map_err(invalid)?));
                    }
                }
                wasmparser::ElementItems::Expressions(_, r) => {
                    for e in r {
                        items.push(const_expr(&e.map_err(invalid)?)?);
                    }
                }
            }
            self.elems.push(ElemSegment { mode, items });
        }
        Ok(())
    }

    /// The data section: each segment's mode and bytes.
    fn read_datas(&mut self, reader: wasmparser::DataSectionReader<'_>) -> Result<()> {
        for data in reader {
            let data = data.map_err(invalid)?;
            let mode = match data.kind {
                wasmparser::DataKind::Passive => DataMode::Passive,
                wasmparser::DataKind::Active {
                    memory_index,
                    offset_expr,
                } => DataMode::Active {
                    memory: memory_index,
                    offset: const_expr(&offset_expr)?,
                },
            };
            self.datas.push(DataSegment {
                mode,
                bytes: data.data.to_vec(),
            });
        }
        Ok(())
    }

    /// One function body: translated now through `eager`, or kept for
    /// [`ModuleInfo::with_body`] (`lazy`).
    fn read_body(
        &mut self,
        func_index: u32,
        body: &FunctionBody<'_>,
        lazy: bool,
        eager: &mut impl FnMut(&ModuleInfo, u32, &FunctionBody<'_>) -> Result<()>,
    ) -> Result<()> {
        let in_function = |e: Error| match e.kind() {
            ErrorKind::Invalid {
                func_index: None,
                offset,
            } => Error::invalid(Some(func_index), *offset as u64, e.message()),
            _ => e,
        };
        // Validated already (the checker), or vouched for by the
        // caller of `parse_unchecked`: the check below is all an
        // unchecked module gets before indexing by function.
        if func_index as usize >= self.func_types.len() {
            return Err(Error::invalid(
                None,
                body.range().start,
                "more function bodies than functions",
            ));
        }
        if lazy {
            check_locals(func_index, body)?;
            let r = body.range();
            self.bodies.push(r.start as usize..r.end as usize);
        } else {
            eager(self, func_index, body).map_err(in_function)?;
        }
        Ok(())
    }

    /// With lazy translation, keeps the function bodies' bytes: only the
    /// bodies are needed, the rest of the module is decoded.
    fn keep_bodies(&mut self, binary: Binary<'_>) {
        let (Some(first), Some(last)) = (self.bodies.first(), self.bodies.last()) else {
            return;
        };
        // A binary handed over is kept up to the last body's end, unless
        // what precedes the code section is more than a quarter of it (the
        // sections before the code are usually small; the data and custom
        // sections after it can be large). Otherwise the module keeps a
        // copy of the bodies' span.
        let span = first.start..last.end;
        match binary {
            Binary::Owned(mut all) if span.start <= span.len() / 4 => {
                all.truncate(span.end);
                all.shrink_to_fit();
                self.code = all;
            }
            binary => {
                self.code_offset = span.start;
                self.code = binary.as_slice()[span].to_vec();
            }
        }
    }
}

impl ModuleInfo {
    /// Whether functions are translated on first call.
    pub fn is_lazy(&self) -> bool {
        !self.bodies.is_empty()
    }

    /// Hands defined function `index`'s kept body (lazy translation) and
    /// its function index to `then`, the translator. The body was
    /// validated when the module was parsed, or is validated here first
    /// (lazy validation).
    pub fn with_body<R>(
        &self,
        index: u32,
        then: impl FnOnce(u32, &FunctionBody<'_>) -> Result<R>,
    ) -> Result<R> {
        let func_index = self.num_imported_funcs + index;
        let range = self.bodies[index as usize].clone();
        let reader = wasmparser::BinaryReader::new_features(
            &self.code[range.start - self.code_offset..range.end - self.code_offset],
            range.start as u64,
            self.features,
        );
        let body = wasmparser::FunctionBody::new(reader);
        if let Some(deferred) = &self.deferred {
            let ty = self.func_types[func_index as usize];
            deferred.validate(func_index, ty, &body)?;
        }
        then(func_index, &body)
    }
}

/// Refuses a function with more locals than a frame can address. (Its
/// error counts slots: one per local, two per `v128`.)
pub(crate) fn check_locals(func_index: u32, body: &FunctionBody<'_>) -> Result<()> {
    let invalid = |e| Error::from_reader(Some(func_index), e);
    let mut locals = body.get_locals_reader().map_err(invalid)?;
    let mut count = 0u64;
    for _ in 0..locals.get_count() {
        let (n, _ty) = locals.read().map_err(invalid)?;
        // A v128 takes two slots (`translate`, "v128 values").
        #[cfg(feature = "simd")]
        let n = n as u64 * (1 + (_ty == wasmparser::ValType::V128) as u64);
        count += n as u64;
    }
    // Parameters count too, but a function type has fewer than 1,000.
    if count > u16::MAX as u64 / 2 {
        return Err(too_many_locals(func_index, count));
    }
    Ok(())
}

#[cold]
fn not_a_func_type(ty: u32) -> Error {
    Error::invalid(
        None,
        0,
        &alloc::format!("type index {ty} is not a function type"),
    )
}

pub(crate) fn too_many_locals(func_index: u32, num_locals: u64) -> Error {
    Error::new(
        ErrorKind::Unsupported,
        alloc::format!(
            "function {func_index} has {num_locals} local slots; Spindle supports at most 32767"
        ),
    )
}

/// Function names from the name section. The name section is not
/// validated by the spec, so a malformed one is ignored.
fn read_names(reader: wasmparser::NameSectionReader<'_>, out: &mut VecMap<u32, String>) {
    for name in reader {
        let Ok(wasmparser::Name::Function(map)) = name else {
            continue;
        };
        for naming in map {
            let Ok(naming) = naming else { break };
            out.insert(naming.index, naming.name.to_string());
        }
    }
}
