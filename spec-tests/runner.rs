//! Runs one `.wast` script against Spindle: the engine behind
//! `spindle wast` and the spec-test suite (`spec-tests/main.rs`).
//!
//! Every directive is executed. Assertion commands (`assert_*`) are what
//! the report counts; a module, `register` or plain `invoke` that fails is
//! reported and counted as a failure too, since it breaks what follows.

use spindle::{
    Config, Engine, Error, ErrorKind, ExternRef, FuncType, Global, Instance, Linker, Memory,
    MemoryType, Module, Mutability, Store, Table, TableType, TrapCode, Val, ValType,
};
use std::collections::HashMap;
use wast::core::{AbstractHeapType, HeapType, NanPattern, WastArgCore, WastRetCore};
use wast::parser::{self, ParseBuffer};
use wast::{QuoteWat, Wast, WastArg, WastDirective, WastExecute, WastInvoke, WastRet};

/// What happened when a script ran.
#[derive(Debug, Default)]
pub struct Report {
    /// Assertion commands that passed.
    pub passed: usize,
    /// Commands that failed.
    pub failed: usize,
    /// Commands skipped by the skip list.
    pub skipped: usize,
    /// One line per failure: `file:line: what`.
    pub failures: Vec<String>,
}

/// Whether wasmparser's refusal names a proposal that is off (GC: not
/// implemented; or one the build leaves out), rather than a rule of the
/// code.
fn refuses_a_proposal(message: &str) -> bool {
    [
        "proposal not enabled",
        "proposal to be enabled",
        "proposal is disabled",
        "without the gc feature",
        "support is not enabled",
        "unexpected SIMD opcode",
    ]
    .iter()
    .any(|p| message.contains(p))
}

/// Spec-test trap messages that name the same trap as a [`TrapCode`].
fn trap_matches(code: TrapCode, expected: &str) -> bool {
    let aliases: &[&str] = match code {
        TrapCode::TableOutOfBounds => &["out of bounds table access", "undefined element"],
        TrapCode::IndirectCallToNull => &["uninitialized element", "undefined element"],
        TrapCode::StackOverflow => &["call stack exhausted", "stack overflow"],
        TrapCode::NullReference => &["null reference", "null function reference"],
        #[cfg(feature = "gc")]
        TrapCode::NullStructReference => &["null structure reference", "null reference"],
        #[cfg(feature = "gc")]
        TrapCode::NullArrayReference => &["null array reference", "null reference"],
        #[cfg(feature = "gc")]
        TrapCode::NullI31Reference => &["null i31 reference", "null reference"],
        other => &[other.message()][..],
    };
    let aliases: Vec<&str> = if aliases.is_empty() {
        vec![code.message()]
    } else {
        aliases.to_vec()
    };
    aliases.iter().any(|a| expected.starts_with(a))
}

struct Runner<'a> {
    name: &'a str,
    text: &'a str,
    engine: Engine,
    store: Store<()>,
    linker: Linker<()>,
    current: Option<Instance>,
    named: HashMap<String, Instance>,
    definitions: HashMap<String, Module>,
    report: Report,
    skips: &'a [(String, String)],
}

fn wast_err(e: wast::Error) -> String {
    e.to_string()
}

impl<'a> Runner<'a> {
    fn new(
        name: &'a str,
        text: &'a str,
        skips: &'a [(String, String)],
        config: &Config,
    ) -> Runner<'a> {
        let engine = Engine::new(config);
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        linker.allow_shadowing(true);
        define_spectest(&mut linker, &mut store);
        Runner {
            name,
            text,
            engine,
            store,
            linker,
            current: None,
            named: HashMap::new(),
            definitions: HashMap::new(),
            report: Report::default(),
            skips,
        }
    }

    fn line(&self, span: wast::token::Span) -> usize {
        span.linecol_in(self.text).0 + 1
    }

    fn fail(&mut self, span: wast::token::Span, what: String) {
        let line = self.line(span);
        self.report.failed += 1;
        self.report
            .failures
            .push(format!("{}:{line}: {what}", self.name));
    }

    fn compile(&self, bytes: &[u8]) -> Result<Module, Error> {
        Module::new(&self.engine, bytes)
    }

    fn instantiate(&mut self, module: &Module) -> Result<Instance, Error> {
        self.linker.instantiate(&mut self.store, module)
    }

    fn instance(&self, id: Option<wast::token::Id<'_>>) -> Result<Instance, String> {
        match id {
            Some(id) => self
                .named
                .get(id.name())
                .copied()
                .ok_or_else(|| format!("unknown module ${}", id.name())),
            None => self.current.ok_or_else(|| "no current module".to_string()),
        }
    }

    fn invoke(&mut self, invoke: &WastInvoke<'_>) -> Result<Result<Vec<Val>, Error>, String> {
        let instance = self.instance(invoke.module)?;
        let func = instance
            .get_func(&self.store, invoke.name)
            .ok_or_else(|| format!("no exported function `{}`", invoke.name))?;
        let args = invoke
            .args
            .iter()
            .map(|a| arg(a, &self.store))
            .collect::<Result<Vec<_>, _>>()?;
        let ty = func.ty(&self.store);
        let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
        Ok(func
            .call(&mut self.store, &args, &mut results)
            .map(|()| results))
    }

    fn execute(&mut self, exec: &mut WastExecute<'_>) -> Result<Result<Vec<Val>, Error>, String> {
        match exec {
            WastExecute::Invoke(invoke) => self.invoke(invoke),
            WastExecute::Get { module, global, .. } => {
                let instance = self.instance(*module)?;
                let g = instance
                    .get_global(&self.store, global)
                    .ok_or_else(|| format!("no exported global `{global}`"))?;
                Ok(Ok(vec![g.get(&mut self.store)]))
            }
            WastExecute::Wat(wat) => {
                let bytes = wat.encode().map_err(wast_err)?;
                let module = match self.compile(&bytes) {
                    Ok(m) => m,
                    Err(e) => return Err(format!("module failed to compile: {e}")),
                };
                Ok(self.instantiate(&module).map(|_| Vec::new()))
            }
        }
    }

    fn module(&mut self, mut quote: QuoteWat<'_>) -> Result<(), String> {
        let name = quote.name().map(|id| id.name().to_string());
        let bytes = quote.encode().map_err(wast_err)?;
        let module = self
            .compile(&bytes)
            .map_err(|e| format!("module failed to compile: {e}"))?;
        let instance = self
            .instantiate(&module)
            .map_err(|e| format!("module failed to instantiate: {e}"))?;
        self.current = Some(instance);
        if let Some(name) = name {
            self.named.insert(name, instance);
        }
        Ok(())
    }

    fn skipped(&self, span: wast::token::Span) -> bool {
        // Entries name the file as the spec runner does: `name.wast` for
        // the 2.0 suite, `proposals/FOLDER/name.wast` for a proposal's.
        let line = self.line(span);
        self.skips
            .iter()
            .any(|(entry, _)| *entry == format!("{}:{line}", self.name))
    }

    fn directive(&mut self, directive: WastDirective<'_>) {
        let span = directive.span();
        if self.skipped(span) {
            // Only assertions count (a skipped module definition is none;
            // the assertions that use it are on the skip list too).
            if is_assertion(&directive) {
                self.report.skipped += 1;
            }
            return;
        }
        match directive {
            WastDirective::Module(quote) => {
                if let Err(e) = self.module(quote) {
                    self.fail(span, e);
                }
            }
            WastDirective::ModuleDefinition(mut quote) => {
                let name = quote.name().map(|id| id.name().to_string());
                let result = quote.encode().map_err(wast_err).and_then(|bytes| {
                    self.compile(&bytes)
                        .map_err(|e| format!("module failed to compile: {e}"))
                });
                match (result, name) {
                    (Ok(module), Some(name)) => {
                        self.definitions.insert(name, module);
                    }
                    (Ok(_), None) => {}
                    (Err(e), _) => self.fail(span, e),
                }
            }
            WastDirective::ModuleInstance {
                instance, module, ..
            } => {
                let def = module.and_then(|m| self.definitions.get(m.name()).cloned());
                let Some(def) = def else {
                    self.fail(span, "unknown module definition".to_string());
                    return;
                };
                match self.instantiate(&def) {
                    Ok(i) => {
                        self.current = Some(i);
                        if let Some(id) = instance {
                            self.named.insert(id.name().to_string(), i);
                        }
                    }
                    Err(e) => self.fail(span, format!("module failed to instantiate: {e}")),
                }
            }
            WastDirective::Register { name, module, .. } => match self.instance(module) {
                Ok(instance) => {
                    if let Err(e) = self.linker.instance(&mut self.store, name, instance) {
                        self.fail(span, format!("register failed: {e}"));
                    }
                }
                Err(e) => self.fail(span, e),
            },
            WastDirective::Invoke(invoke) => match self.invoke(&invoke) {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => self.fail(span, format!("invoke `{}` failed: {e}", invoke.name)),
                Err(e) => self.fail(span, e),
            },
            WastDirective::AssertReturn {
                mut exec, results, ..
            } => match self.execute(&mut exec) {
                Ok(Ok(values)) => match check_results(&values, &results) {
                    Ok(()) => self.report.passed += 1,
                    Err(e) => self.fail(span, e),
                },
                Ok(Err(e)) => self.fail(span, format!("expected results, got error: {e}")),
                Err(e) => self.fail(span, e),
            },
            WastDirective::AssertTrap {
                mut exec, message, ..
            } => match self.execute(&mut exec) {
                Ok(Ok(values)) => {
                    self.fail(span, format!("expected trap `{message}`, got {values:?}"))
                }
                Ok(Err(e)) => match e.trap_code() {
                    Some(code) if trap_matches(code, message) => self.report.passed += 1,
                    _ => self.fail(span, format!("expected trap `{message}`, got: {e}")),
                },
                Err(e) => self.fail(span, e),
            },
            WastDirective::AssertExhaustion { call, message, .. } => match self.invoke(&call) {
                Ok(Ok(values)) => self.fail(span, format!("expected exhaustion, got {values:?}")),
                Ok(Err(e)) if e.trap_code() == Some(TrapCode::StackOverflow) => {
                    self.report.passed += 1
                }
                Ok(Err(e)) => self.fail(span, format!("expected `{message}`, got: {e}")),
                Err(e) => self.fail(span, e),
            },
            WastDirective::AssertMalformed {
                mut module,
                message,
                ..
            } => {
                let bytes = match module.encode() {
                    // Malformed text is rejected by the text parser: that is the expected outcome.
                    Err(_) => {
                        self.report.passed += 1;
                        return;
                    }
                    Ok(b) => b,
                };
                self.expect_compile_error(span, &bytes, message)
            }
            WastDirective::AssertInvalid {
                mut module,
                message,
                ..
            } => match module.encode() {
                Ok(bytes) => self.expect_compile_error(span, &bytes, message),
                Err(e) => self.fail(span, format!("cannot encode module: {e}")),
            },
            WastDirective::AssertUnlinkable {
                mut module,
                message,
                ..
            } => {
                let result = module.encode().map_err(wast_err).and_then(|bytes| {
                    self.compile(&bytes)
                        .map_err(|e| format!("module failed to compile: {e}"))
                });
                match result {
                    Ok(m) => match self.instantiate(&m) {
                        Ok(_) => self.fail(
                            span,
                            format!("expected link error `{message}`, module linked"),
                        ),
                        Err(e) if matches!(e.kind(), ErrorKind::Link) => self.report.passed += 1,
                        Err(e) => {
                            self.fail(span, format!("expected link error `{message}`, got: {e}"))
                        }
                    },
                    Err(e) => self.fail(span, e),
                }
            }
            #[cfg(feature = "exceptions")]
            WastDirective::AssertException { mut exec, .. } => match self.execute(&mut exec) {
                Ok(Ok(values)) => self.fail(span, format!("expected an exception, got {values:?}")),
                Ok(Err(e)) if e.as_exception().is_some() => self.report.passed += 1,
                Ok(Err(e)) => self.fail(span, format!("expected an exception, got: {e}")),
                Err(e) => self.fail(span, e),
            },
            other => {
                let what = format!("unsupported directive {:?}", std::mem::discriminant(&other));
                self.fail(span, what);
            }
        }
    }

    fn expect_compile_error(&mut self, span: wast::token::Span, bytes: &[u8], message: &str) {
        match self.compile(bytes) {
            Ok(_) => self.fail(
                span,
                format!("expected compile error `{message}`, module was accepted"),
            ),
            // Refused only because it uses a proposal Spindle does not
            // implement: not a pass (the check under test never ran).
            Err(e) if refuses_a_proposal(&e.to_string()) => self.fail(
                span,
                format!("expected invalid module `{message}`, refused for a proposal instead: {e}"),
            ),
            Err(e) => match e.kind() {
                ErrorKind::Invalid { .. } => self.report.passed += 1,
                _ => self.fail(
                    span,
                    format!("expected invalid module `{message}`, got: {e}"),
                ),
            },
        }
    }
}

fn define_spectest(linker: &mut Linker<()>, store: &mut Store<()>) {
    let mut func = |name: &str, params: &[ValType]| {
        let ty = FuncType::new(params.iter().copied(), []);
        linker
            .func_new("spectest", name, ty, |_, _, _| Ok(()))
            .expect("fresh linker");
    };
    func("print", &[]);
    func("print_i32", &[ValType::I32]);
    func("print_i64", &[ValType::I64]);
    func("print_f32", &[ValType::F32]);
    func("print_f64", &[ValType::F64]);
    func("print_i32_f32", &[ValType::I32, ValType::F32]);
    func("print_f64_f64", &[ValType::F64, ValType::F64]);
    let globals = [
        ("global_i32", Val::I32(666)),
        ("global_i64", Val::I64(666)),
        ("global_f32", Val::F32(666.6f32.to_bits())),
        ("global_f64", Val::F64(666.6f64.to_bits())),
    ];
    for (name, value) in globals {
        let g =
            Global::new(&mut *store, Mutability::Const, value).expect("a global of the same store");
        linker.define("spectest", name, g).expect("fresh linker");
    }
    let table = Table::new(
        &mut *store,
        TableType::new(ValType::FuncRef, 10, Some(20)),
        Val::FuncRef(None),
    )
    .expect("small table");
    linker
        .define("spectest", "table", table)
        .expect("fresh linker");
    let memory = Memory::new(&mut *store, MemoryType::new(1, Some(2))).expect("small memory");
    linker
        .define("spectest", "memory", memory)
        .expect("fresh linker");
}

fn arg(a: &WastArg<'_>, store: &Store<()>) -> Result<Val, String> {
    let _ = store;
    let WastArg::Core(core) = a else {
        return Err("component-model argument".to_string());
    };
    Ok(match core {
        WastArgCore::I32(v) => Val::I32(*v),
        WastArgCore::I64(v) => Val::I64(*v),
        WastArgCore::F32(v) => Val::F32(v.bits),
        WastArgCore::F64(v) => Val::F64(v.bits),
        WastArgCore::RefNull(HeapType::Abstract {
            ty: AbstractHeapType::Func,
            ..
        }) => Val::FuncRef(None),
        WastArgCore::RefNull(HeapType::Abstract {
            ty: AbstractHeapType::Extern,
            ..
        }) => Val::ExternRef(None),
        WastArgCore::RefExtern(n) => Val::ExternRef(Some(ExternRef(*n))),
        WastArgCore::RefNull(HeapType::Abstract {
            ty: AbstractHeapType::NoFunc,
            ..
        }) => Val::FuncRef(None),
        WastArgCore::RefNull(HeapType::Abstract {
            ty: AbstractHeapType::NoExtern,
            ..
        }) => Val::ExternRef(None),
        #[cfg(feature = "gc")]
        WastArgCore::RefNull(HeapType::Abstract {
            ty:
                AbstractHeapType::Any
                | AbstractHeapType::Eq
                | AbstractHeapType::I31
                | AbstractHeapType::Struct
                | AbstractHeapType::Array
                | AbstractHeapType::None,
            ..
        }) => Val::AnyRef(None),
        // A host reference in the `any` hierarchy (what
        // `any.convert_extern` makes of `ref.extern n`).
        #[cfg(feature = "gc")]
        WastArgCore::RefHost(n) => {
            Val::AnyRef(Some(spindle::AnyRef::from_extern(store, ExternRef(*n))))
        }
        #[cfg(feature = "simd")]
        WastArgCore::V128(v) => Val::V128(u128::from_le_bytes(v.to_le_bytes())),
        other => return Err(format!("unsupported argument {other:?}")),
    })
}

fn check_results(values: &[Val], expected: &[WastRet<'_>]) -> Result<(), String> {
    if values.len() != expected.len() {
        return Err(format!(
            "expected {} results, got {values:?}",
            expected.len()
        ));
    }
    for (i, (v, e)) in values.iter().zip(expected).enumerate() {
        let WastRet::Core(e) = e else {
            return Err("component-model result".to_string());
        };
        let ok = ret_matches(e, v);
        if !ok {
            return Err(format!("result {i}: expected {e:?}, got {v:?}"));
        }
    }
    Ok(())
}

/// Whether `v` is a value that `e` describes.
fn ret_matches(e: &WastRetCore<'_>, v: &Val) -> bool {
    match (e, v) {
        (WastRetCore::I32(e), Val::I32(v)) => e == v,
        (WastRetCore::I64(e), Val::I64(v)) => e == v,
        (WastRetCore::F32(p), Val::F32(bits)) => f32_matches(p, *bits),
        (WastRetCore::F64(p), Val::F64(bits)) => f64_matches(p, *bits),
        (WastRetCore::RefNull(_), Val::FuncRef(None) | Val::ExternRef(None)) => true,
        #[cfg(feature = "exceptions")]
        (WastRetCore::RefNull(_), Val::ExnRef(None)) => true,
        (WastRetCore::RefExtern(None), Val::ExternRef(Some(_))) => true,
        (WastRetCore::RefExtern(Some(n)), Val::ExternRef(Some(r))) => r.0 == *n,
        (WastRetCore::RefFunc(_), Val::FuncRef(Some(_))) => true,
        #[cfg(feature = "gc")]
        (WastRetCore::RefNull(_), Val::AnyRef(None)) => true,
        // An externref that wraps an internal reference (`Val::AnyRef`).
        #[cfg(feature = "gc")]
        (WastRetCore::RefExtern(None), Val::AnyRef(Some(r))) => r.as_extern().is_none(),
        #[cfg(feature = "gc")]
        (WastRetCore::RefHost(n), Val::AnyRef(Some(r))) => r.as_extern() == Some(ExternRef(*n)),
        #[cfg(feature = "gc")]
        (WastRetCore::RefAny, Val::AnyRef(Some(_))) => true,
        #[cfg(feature = "gc")]
        (WastRetCore::RefEq, Val::AnyRef(Some(r))) => r.is_i31() || r.is_struct() || r.is_array(),
        #[cfg(feature = "gc")]
        (WastRetCore::RefI31, Val::AnyRef(Some(r))) => r.is_i31(),
        #[cfg(feature = "gc")]
        (WastRetCore::RefStruct, Val::AnyRef(Some(r))) => r.is_struct(),
        #[cfg(feature = "gc")]
        (WastRetCore::RefArray, Val::AnyRef(Some(r))) => r.is_array(),
        #[cfg(feature = "simd")]
        (WastRetCore::V128(p), Val::V128(v)) => v128_matches(p, *v),
        (WastRetCore::Either(options), v) => options.iter().any(|e| ret_matches(e, v)),
        _ => false,
    }
}

fn f32_matches(p: &NanPattern<wast::token::F32>, bits: u32) -> bool {
    match p {
        NanPattern::CanonicalNan => bits & 0x7fff_ffff == 0x7fc0_0000,
        NanPattern::ArithmeticNan => bits & 0x7fc0_0000 == 0x7fc0_0000,
        NanPattern::Value(e) => e.bits == bits,
    }
}

fn f64_matches(p: &NanPattern<wast::token::F64>, bits: u64) -> bool {
    match p {
        NanPattern::CanonicalNan => bits & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000,
        NanPattern::ArithmeticNan => bits & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000,
        NanPattern::Value(e) => e.bits == bits,
    }
}

/// Whether the v128 `v` matches a lane-wise pattern.
#[cfg(feature = "simd")]
fn v128_matches(p: &wast::core::V128Pattern, v: u128) -> bool {
    use wast::core::V128Pattern as P;
    let lane = |i: usize, bits: usize| (v >> (i * bits)) & ((1u128 << bits) - 1);
    match p {
        P::I8x16(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| lane(i, 8) == *e as u8 as u128),
        P::I16x8(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| lane(i, 16) == *e as u16 as u128),
        P::I32x4(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| lane(i, 32) == *e as u32 as u128),
        P::I64x2(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| lane(i, 64) == *e as u64 as u128),
        P::F32x4(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| f32_matches(e, lane(i, 32) as u32)),
        P::F64x2(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| f64_matches(e, lane(i, 64) as u64)),
    }
}

/// Parses a skip list: lines `file.wast:LINE reason`, `#` comments.
pub fn parse_skips(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(char::is_whitespace) {
            Some((entry, reason)) => (entry.to_string(), reason.trim().to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect()
}

/// Whether a directive is an assertion command: what the suite's totals
/// count (`spec-tests/main.rs`) and what a skip counts as.
pub fn is_assertion(d: &WastDirective<'_>) -> bool {
    use WastDirective::*;
    matches!(
        d,
        AssertMalformed { .. }
            | AssertInvalid { .. }
            | AssertTrap { .. }
            | AssertReturn { .. }
            | AssertExhaustion { .. }
            | AssertUnlinkable { .. }
            | AssertException { .. }
    )
}

/// Runs the script `text` (named `name` in messages).
pub fn run_script(name: &str, text: &str, config: &Config) -> Report {
    run_script_with_skips(name, text, &[], config)
}

/// Runs the script, skipping the commands on the skip list.
pub fn run_script_with_skips(
    name: &str,
    text: &str,
    skips: &[(String, String)],
    config: &Config,
) -> Report {
    let mut runner = Runner::new(name, text, skips, config);
    // names.wast deliberately exports names full of confusing Unicode.
    let mut lexer = wast::lexer::Lexer::new(text);
    lexer.allow_confusing_unicode(true);
    let buf = match ParseBuffer::new_with_lexer(lexer) {
        Ok(b) => b,
        Err(e) => {
            runner.report.failed += 1;
            runner
                .report
                .failures
                .push(format!("{name}: cannot lex script: {e}"));
            return runner.report;
        }
    };
    let wast: Wast<'_> = match parser::parse(&buf) {
        Ok(w) => w,
        Err(e) => {
            runner.report.failed += 1;
            runner
                .report
                .failures
                .push(format!("{name}: cannot parse script: {e}"));
            return runner.report;
        }
    };
    for directive in wast.directives {
        let span = directive.span();
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| runner.directive(directive)));
        if outcome.is_err() {
            runner.fail(span, "PANIC".to_string());
        }
    }
    runner.report
}
