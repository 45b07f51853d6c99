//! Spindle as a reference oracle: one call that runs a module the way a
//! differential fuzzer needs it run, and reports everything worth comparing.
//!
//! [`run`] compiles the module in deterministic mode (NaN results
//! canonicalised, see [`Config::deterministic`]; [`OracleConfig`] can turn
//! it off) with fuel metering on and
//! the limits of an [`OracleConfig`], instantiates it with no imports,
//! calls every exported function once, in export order, with arguments
//! from a callback, and returns an [`OracleReport`]: each call's results or
//! trap kind and fuel, then the final contents of every exported memory and
//! global. The same module, configuration and arguments always give the
//! same report, on every host.
//!
//! A call that traps, or ends with an uncaught exception, does not stop
//! the run: later exports are still called on the same instance, as they
//! would be in the other engine. A call that
//! runs out of fuel or stack is reported as [`CallOutcome::Exhausted`];
//! engines charge and limit differently, so a comparison should stop
//! there.
//!
//! ```
//! use spindle::oracle::{run, CallOutcome, OracleConfig};
//! use spindle::Val;
//!
//! let wasm = wat::parse_str(r#"(module
//!   (memory (export "mem") 1)
//!   (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
//!   (func (export "nan") (result f32) (f32.div (f32.const 0) (f32.const 0))))"#)?;
//! // Arguments for each export, chosen from its signature (here: fixed).
//! let report = run(&wasm, &OracleConfig::default(), |_name, ty| {
//!     ty.params().iter().map(|_| Val::I32(0)).collect()
//! })?;
//! assert_eq!(report.calls[0].outcome, CallOutcome::Trapped(spindle::TrapCode::IntegerDivisionByZero));
//! assert_eq!(report.calls[1].outcome, CallOutcome::Returned(vec![Val::F32(0x7fc0_0000)]));
//! assert_eq!(report.memories[0].1.len(), 65536);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::store::limits::StoreLimitsBuilder;
use crate::{
    Config, Engine, Error, Extern, FuncType, Linker, Module, Store, StoreLimits, TrapCode, Val,
};
use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// The limits an oracle run works within. The defaults suit fuzzing: small
/// enough that every run is quick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OracleConfig {
    /// Fuel for each exported call (one unit per wasm operator, see
    /// [`crate::translate`]); also the fuel for the start function.
    pub fuel_per_call: u64,
    /// Wasm call depth limit.
    pub max_call_depth: usize,
    /// Value-stack limit, in slots.
    pub max_stack_slots: usize,
    /// Largest memory, in bytes.
    pub max_memory_bytes: usize,
    /// Largest table, in elements.
    pub max_table_elements: u32,
    /// Deterministic mode (on by default): NaN results canonicalised. Turn
    /// it off only to compare with an engine that keeps the host's NaN
    /// payloads, on modules whose NaNs are already canonicalised.
    pub deterministic: bool,
}

impl Default for OracleConfig {
    fn default() -> OracleConfig {
        OracleConfig {
            fuel_per_call: 1_000_000,
            max_call_depth: 1_000,
            max_stack_slots: 1 << 16,
            max_memory_bytes: 16 << 20,
            max_table_elements: 100_000,
            deterministic: true,
        }
    }
}

/// How one exported call ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallOutcome {
    /// It returned these results.
    Returned(Vec<Val>),
    /// It trapped with a spec-defined trap.
    Trapped(TrapCode),
    /// It ran out of fuel, call depth or value stack.
    Exhausted(TrapCode),
    /// It ended with an exception no handler caught (the `exceptions`
    /// cargo feature): its tag, as an index among the module's tags, and
    /// the values it carries.
    #[cfg(feature = "exceptions")]
    Thrown {
        /// The tag's index in the module's tag index space.
        tag: u32,
        /// The exception's values.
        payload: Vec<Val>,
    },
}

/// How instantiation ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Instantiation {
    /// The instance exists; its exports were called.
    Succeeded,
    /// A segment or the start function trapped.
    Trapped(TrapCode),
    /// The start function ran out of fuel, call depth or value stack.
    Exhausted(TrapCode),
    /// The start function ended with an uncaught exception (as in
    /// [`CallOutcome::Thrown`]).
    #[cfg(feature = "exceptions")]
    Thrown {
        /// The tag's index in the module's tag index space.
        tag: u32,
        /// The exception's values.
        payload: Vec<Val>,
    },
    /// Refused for another reason (an import, a resource limit), as text.
    Failed(String),
}

/// One exported call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRecord {
    /// The export's name.
    pub name: String,
    /// The arguments it was called with.
    pub args: Vec<Val>,
    /// How it ended.
    pub outcome: CallOutcome,
    /// Fuel it consumed.
    pub fuel_consumed: u64,
}

/// Everything an oracle run observed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OracleReport {
    /// How instantiation (including the start function) ended.
    pub instantiation: Instantiation,
    /// The exported calls, in export order (empty if instantiation failed).
    pub calls: Vec<CallRecord>,
    /// Final contents of every exported memory, by export name.
    pub memories: Vec<(String, Vec<u8>)>,
    /// Final value of every exported global, by export name.
    pub globals: Vec<(String, Val)>,
    /// Fuel consumed in total, start function included.
    pub fuel_consumed: u64,
}

fn classify(e: &Error) -> Option<CallOutcome> {
    // The run instantiates one module, with no imports, in a fresh store,
    // so a tag's index in the store is its index in the module.
    #[cfg(feature = "exceptions")]
    if let Some(x) = e.as_exception() {
        return Some(CallOutcome::Thrown {
            tag: x.tag().0,
            payload: x.payload(),
        });
    }
    let code = e.trap_code()?;
    Some(match code {
        TrapCode::OutOfFuel | TrapCode::StackOverflow => CallOutcome::Exhausted(code),
        other => CallOutcome::Trapped(other),
    })
}

/// Runs `wasm` as described in the [module docs](self). `args` picks the
/// arguments of each export from its name and signature. Fails only if the
/// module does not compile or `args` gives arguments of the wrong types;
/// instantiation failures are part of the report.
pub fn run(
    wasm: &[u8],
    config: &OracleConfig,
    mut args: impl FnMut(&str, &FuncType) -> Vec<Val>,
) -> Result<OracleReport, Error> {
    let mut engine_config = Config::new();
    // A reference for other engines' fuzzers: every proposal Spindle
    // implements is accepted (the generator decides what is used).
    engine_config
        .all_proposals()
        .deterministic(config.deterministic)
        .consume_fuel(true)
        .max_call_depth(config.max_call_depth)
        .max_stack_slots(config.max_stack_slots);
    let engine = Engine::new(&engine_config);
    let module = Module::new(&engine, wasm)?;
    let limits = StoreLimitsBuilder::new()
        .memory_size(config.max_memory_bytes)
        .table_elements(config.max_table_elements)
        .build();
    let mut store = Store::new(&engine, limits);
    store.limiter(|l: &mut StoreLimits| l);
    store.set_fuel(config.fuel_per_call)?;
    let mut report = OracleReport {
        instantiation: Instantiation::Succeeded,
        calls: Vec::new(),
        memories: Vec::new(),
        globals: Vec::new(),
        fuel_consumed: 0,
    };
    let instance = Linker::new(&engine).instantiate(&mut store, &module);
    report.fuel_consumed = config.fuel_per_call - store.get_fuel()?;
    let instance = match instance {
        Ok(i) => i,
        Err(e) => {
            report.instantiation = match classify(&e) {
                Some(CallOutcome::Trapped(code)) => Instantiation::Trapped(code),
                Some(CallOutcome::Exhausted(code)) => Instantiation::Exhausted(code),
                #[cfg(feature = "exceptions")]
                Some(CallOutcome::Thrown { tag, payload }) => {
                    Instantiation::Thrown { tag, payload }
                }
                _ => Instantiation::Failed(e.to_string()),
            };
            return Ok(report);
        }
    };
    // Export order as declared in the module (not alphabetical).
    let exports: Vec<(String, Extern)> = module
        .exports()
        .filter_map(|e| Some((e.name.clone(), instance.get_export(&store, &e.name)?)))
        .collect();
    for (name, ext) in &exports {
        let Extern::Func(f) = ext else { continue };
        let ty = f.ty(&store);
        let call_args = args(name, &ty);
        let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
        store.set_fuel(config.fuel_per_call)?;
        let outcome = match f.call(&mut store, &call_args, &mut results) {
            Ok(()) => CallOutcome::Returned(results),
            Err(e) => classify(&e).ok_or(e)?,
        };
        let fuel_consumed = config.fuel_per_call - store.get_fuel()?;
        report.fuel_consumed += fuel_consumed;
        report.calls.push(CallRecord {
            name: name.clone(),
            args: call_args,
            outcome,
            fuel_consumed,
        });
    }
    for (name, ext) in &exports {
        match ext {
            Extern::Memory(m) => report
                .memories
                .push((name.clone(), m.data(&store).to_vec())),
            Extern::Global(g) => report.globals.push((name.clone(), g.get(&mut store))),
            _ => {}
        }
    }
    Ok(report)
}
