//! [`Module`]: a validated, translated module, ready to instantiate.
//!
//! Compilation joins the two layers below the store: [`crate::parse`]
//! decodes and validates, handing each function body over as it goes
//! (eager translation) or keeping the bodies (lazy translation), and
//! [`crate::translate`] lowers a body to bytecode, here or on a
//! function's first call ([`CompiledModule::translate`], called from
//! [`InstanceEntity::compiled`](crate::store::instance::InstanceEntity::compiled)).

use crate::bytecode::disassemble;
use crate::config::Engine;
use crate::error::Result;
use crate::parse::{Binary, ExportIndex, ModuleInfo, parse, parse_unchecked};
use crate::sync::Arc;
use crate::translate::{CompiledFunc, translate};
use crate::types::{ExportType, ExternType, FuncType, ImportType};
use alloc::string::String;
use alloc::vec::Vec;

/// A compiled module. Cheap to clone; instantiate it any number of times.
#[derive(Debug, Clone)]
pub struct Module {
    pub(crate) info: Arc<CompiledModule>,
    pub(crate) engine: Engine,
}

/// A module's declarations and, when translated eagerly, the bytecode of
/// its defined functions. It reads as its [`ModuleInfo`] (`Deref`).
#[derive(Debug)]
pub(crate) struct CompiledModule {
    pub info: ModuleInfo,
    /// Bytecode of the defined functions, when translated eagerly (empty
    /// with lazy translation: each instance keeps its own).
    pub funcs: Vec<CompiledFunc>,
}

impl core::ops::Deref for CompiledModule {
    type Target = ModuleInfo;
    fn deref(&self) -> &ModuleInfo {
        &self.info
    }
}

impl CompiledModule {
    /// Decodes, validates (unless `VALIDATE` is false) and, unless `lazy`,
    /// translates a module.
    fn build<const VALIDATE: bool>(
        binary: Binary<'_>,
        config: &crate::Config,
        lazy: bool,
    ) -> Result<CompiledModule> {
        let mut funcs = Vec::new();
        let eager = |info: &ModuleInfo, func_index: u32, body: &wasmparser::FunctionBody<'_>| {
            funcs.push(translate(info, func_index, body)?);
            Ok(())
        };
        let info = if VALIDATE {
            parse(binary, config, lazy, eager)?
        } else {
            parse_unchecked(binary, config, lazy, eager)?
        };
        Ok(CompiledModule { info, funcs })
    }

    /// Translates defined function `index` from its kept body (lazy
    /// translation), validating it first under lazy validation.
    pub fn translate(&self, index: u32) -> Result<CompiledFunc> {
        self.info.with_body(index, |func_index, body| {
            translate(&self.info, func_index, body)
        })
    }
}

impl Module {
    /// Decodes, validates and translates a module binary (function bodies
    /// are translated on first call when [`Config::lazy_translation`] is on,
    /// the default).
    ///
    /// On a target without atomic pointer operations (`thumbv6m-none-eabi`)
    /// wasmparser's validator does not build, and this returns an
    /// [`ErrorKind::Unsupported`](crate::ErrorKind::Unsupported) error: use
    /// [`Module::new_unchecked`] with modules validated beforehand.
    ///
    /// [`Config::lazy_translation`]: crate::Config::lazy_translation
    pub fn new(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<Module> {
        Module::build(engine, Binary::Borrowed(bytes.as_ref()))
    }

    /// [`Module::new`] for a binary the caller hands over. With lazy
    /// translation the module keeps this buffer for the function bodies
    /// instead of copying them, which saves a copy of the code section
    /// (most of a large module) and the memory it would take while both
    /// exist. With eager translation the buffer is dropped once the module
    /// is built.
    pub fn from_vec(engine: &Engine, bytes: Vec<u8>) -> Result<Module> {
        Module::build(engine, Binary::Owned(bytes))
    }

    fn build(engine: &Engine, binary: Binary<'_>) -> Result<Module> {
        let config = engine.config();
        let info = CompiledModule::build::<true>(binary, config, config.lazy_translation)?;
        Ok(Module {
            info: Arc::new(info),
            engine: engine.clone(),
        })
    }

    /// Decodes and translates a module binary without validating it: the
    /// same as [`Module::new`] with wasmparser's validator left out, which
    /// is most of the parser's code size (an embedded image that loads only
    /// known modules can drop it). Malformed binaries and modules beyond
    /// Spindle's limits are still errors.
    ///
    /// # Safety
    ///
    /// `bytes` must be a valid module: one that [`Module::new`] or
    /// [`Module::validate`] accepts (for example, checked when the firmware
    /// was built). An invalid module can make translation or execution
    /// misbehave, including memory-unsafe behaviour in the interpreter,
    /// which trusts validated code.
    pub unsafe fn new_unchecked(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<Module> {
        let config = engine.config();
        let info = CompiledModule::build::<false>(
            Binary::Borrowed(bytes.as_ref()),
            config,
            config.lazy_translation,
        )?;
        Ok(Module {
            info: Arc::new(info),
            engine: engine.clone(),
        })
    }

    /// Checks that `bytes` is a valid module Spindle can run, without
    /// keeping anything. Unsupported where [`Module::new`] is.
    pub fn validate(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<()> {
        // Translating everything checks Spindle's own limits as well.
        CompiledModule::build::<true>(Binary::Borrowed(bytes.as_ref()), engine.config(), false)
            .map(drop)
    }

    /// The engine the module was compiled for.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The module's imports, in order.
    pub fn imports(&self) -> impl ExactSizeIterator<Item = ImportType> + '_ {
        self.info.imports.iter().map(|i| ImportType {
            module: i.module.clone(),
            name: i.name.clone(),
            ty: i.ty.clone(),
        })
    }

    /// The module's exports, in order.
    pub fn exports(&self) -> impl ExactSizeIterator<Item = ExportType> + '_ {
        self.info.exports.iter().map(|(name, index)| ExportType {
            name: name.clone(),
            ty: self.export_type(*index),
        })
    }

    fn export_type(&self, index: ExportIndex) -> ExternType {
        let info = &self.info;
        match index {
            ExportIndex::Func(i) => ExternType::Func(func_type_or_empty(info.func_type_of(i))),
            ExportIndex::Table(i) => ExternType::Table(info.tables[i as usize]),
            ExportIndex::Memory(i) => ExternType::Memory(info.memories[i as usize]),
            ExportIndex::Global(i) => ExternType::Global(info.globals[i as usize]),
            #[cfg(feature = "exceptions")]
            ExportIndex::Tag(i) => ExternType::Tag(crate::types::TagType::new(func_type_or_empty(
                info.func_type(info.tags[i as usize]),
            ))),
        }
    }

    /// The index of the function a name refers to: an export name, a name
    /// from the name section, or a decimal function index.
    pub fn func_index(&self, name: &str) -> Option<u32> {
        let info = &self.info;
        for (n, index) in &info.exports {
            if let (true, ExportIndex::Func(i)) = (n == name, index) {
                return Some(*i);
            }
        }
        if let Some((i, _)) = info.func_names.iter().find(|(_, n)| n.as_str() == name) {
            return Some(*i);
        }
        name.parse()
            .ok()
            .filter(|&i: &u32| (i as usize) < info.func_types.len())
    }

    /// The bytecode of function `index` as text, or `None` for an imported
    /// or nonexistent function (or one that lazy translation refuses).
    pub fn disassemble(&self, index: u32) -> Option<String> {
        let info = &self.info;
        let defined = index.checked_sub(info.num_imported_funcs)?;
        let translated;
        let f = if info.is_lazy() {
            if defined as usize >= info.bodies.len() {
                return None;
            }
            translated = info.translate(defined).ok()?;
            &translated
        } else {
            info.funcs.get(defined as usize)?
        };
        let mut out = String::new();
        let ty = info.func_type_of(index).ok()?;
        let name = info
            .func_names
            .get(&index)
            .map(String::as_str)
            .unwrap_or("");
        let _ = core::fmt::Write::write_fmt(
            &mut out,
            format_args!(
                "func {index} {name} {ty}: {} params, {} locals, frame {} slots\n",
                f.num_params,
                f.num_locals - f.num_params,
                f.frame_size
            ),
        );
        let _ = disassemble(&f.ops, &mut out);
        Some(out)
    }

    /// Number of functions, imported ones included.
    pub fn num_funcs(&self) -> u32 {
        self.info.func_types.len() as u32
    }

    #[allow(dead_code)]
    pub(crate) fn func_indices(&self) -> Vec<u32> {
        (self.info.num_imported_funcs..self.num_funcs()).collect()
    }
}

/// A function's type as the module reports it. Loading checked that
/// every function and tag has a function type, so the empty type is never
/// shown; it only keeps these reports free of panics.
fn func_type_or_empty(ty: Result<&FuncType>) -> FuncType {
    ty.cloned().unwrap_or_else(|_| FuncType::new([], []))
}
