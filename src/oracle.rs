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
//! The arguments of a parameter of a reference type are nulls: a null
//! argument (of any kind) for a nullable reference parameter is taken as
//! that parameter's own null, whatever its hierarchy; an export with a
//! parameter of a non-nullable reference type is not called
//! ([`CallOutcome::Skipped`]; the callback is still asked for its
//! arguments, so that every export is asked once).
//!
//! A call that traps, or ends with an uncaught exception, does not stop
//! the run: later exports are still called on the same instance, as they
//! would be in the other engine. A call that
//! runs out of fuel or stack is reported as [`CallOutcome::Exhausted`];
//! engines charge and limit differently, so a comparison should stop
//! there. So does a GC allocation the heap limit refuses
//! ([`TrapCode::AllocationTooLarge`], the `gc` cargo feature): engines
//! count their GC heaps differently.
//!
//! # References by structure
//!
//! A reference in a [`Val`] is a handle into the run's store, meaningless
//! to another engine. So every value the report holds (a call's results,
//! an uncaught exception's payload, an exported global) is also rendered
//! as text by its structure ([`CallRecord::rendered`],
//! [`OracleReport::rendered_globals`], [`Instantiation::Thrown`]'s
//! `rendered`; [`render`] does it for any store), the same on every host
//! and in every engine that walks its objects the same way:
//!
//! | value | rendered |
//! |---|---|
//! | `i32`, `i64` | `i32:N`, `i64:N`, `N` unsigned decimal |
//! | `f32`, `f64` | `f32:N`, `f64:N`, `N` the bits as unsigned decimal |
//! | `v128` | `v128:` and 32 hex digits, lane 0 at the right |
//! | a null of any hierarchy | `ref:null` |
//! | a function, a host reference, an exception | `ref:func`, `ref:extern`, `ref:exn` |
//! | an `i31` | `ref:i31:N`, `N` signed decimal (`i31.get_s`) |
//! | a struct | `ref:struct{F,F,...}`: its fields in order, rendered |
//! | an array of length `L` | `ref:array(L)[E,E,...]`: its elements in order, rendered |
//!
//! A packed `i8` or `i16` field or element is rendered as the `i32` of its
//! bits, zero-extended (`struct.get_u`). An `externref` that wraps a struct,
//! array or `i31` (`extern.convert_any`) is rendered as what it wraps, and
//! a host reference converted into `any` as `ref:extern`. Type indices,
//! handles and identities are left out: two references to one object are
//! rendered as two copies of it.
//!
//! The rendering is bounded, so that a cyclic or huge object graph neither
//! hangs nor explodes: each rendered value has a budget of
//! [`OracleConfig::render_nodes`] nodes, spent one per value written,
//! in that order (depth first, fields and elements in order); a value
//! reached with the budget spent is written `...` and ends its list. A
//! struct or array at depth [`OracleConfig::render_depth`] (the rendered
//! value being at depth 0) writes `...` for its fields or elements, if it
//! has any. A cycle is thus written out, unrolled, until one bound stops
//! it.
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

#[cfg(feature = "gc")]
use crate::AnyRef;
use crate::store::limits::StoreLimitsBuilder;
use crate::{
    Config, Engine, Error, Extern, FuncType, Linker, Module, Store, StoreLimits, TrapCode, Val,
};
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt::Write;

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
    /// Largest GC heap, in bytes, as the store counts it (see
    /// [`ResourceLimiter::gc_heap_growing`](crate::ResourceLimiter::gc_heap_growing));
    /// an allocation that does not fit traps (the `gc` cargo feature).
    #[cfg(feature = "gc")]
    pub max_gc_heap_bytes: usize,
    /// The node budget of each rendered value (see [References by
    /// structure](self#references-by-structure)).
    pub render_nodes: usize,
    /// The depth below which structs and arrays are rendered without their
    /// fields (see [References by structure](self#references-by-structure)).
    pub render_depth: usize,
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
            #[cfg(feature = "gc")]
            max_gc_heap_bytes: 16 << 20,
            render_nodes: 1_000,
            render_depth: 32,
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
    /// It ran out of fuel, call depth, value stack or GC heap
    /// ([`TrapCode::AllocationTooLarge`], the `gc` cargo feature).
    Exhausted(TrapCode),
    /// It was not called: a parameter is of a non-nullable reference type
    /// (typed function references, GC), of which the host has no value to
    /// give (see the [module docs](self)).
    Skipped,
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
    /// The start function (or a constant expression) ran out of fuel,
    /// call depth, value stack or GC heap.
    Exhausted(TrapCode),
    /// The start function ended with an uncaught exception (as in
    /// [`CallOutcome::Thrown`]).
    #[cfg(feature = "exceptions")]
    Thrown {
        /// The tag's index in the module's tag index space.
        tag: u32,
        /// The exception's values.
        payload: Vec<Val>,
        /// The exception's values, rendered (see [References by
        /// structure](self#references-by-structure)).
        rendered: Vec<String>,
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
    /// The values of the outcome (the results, or the uncaught
    /// exception's payload), rendered (see [References by
    /// structure](self#references-by-structure)); empty for a trap or
    /// exhaustion. Compare these, not the references in `outcome`.
    pub rendered: Vec<String>,
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
    /// The same globals' values rendered (see [References by
    /// structure](self#references-by-structure)), by export name.
    pub rendered_globals: Vec<(String, String)>,
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
        #[cfg(feature = "gc")]
        TrapCode::AllocationTooLarge => CallOutcome::Exhausted(code),
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
        .table_elements(config.max_table_elements);
    #[cfg(feature = "gc")]
    let limits = limits.gc_heap_size(config.max_gc_heap_bytes);
    let limits = limits.build();
    let mut store = Store::new(&engine, limits);
    store.limiter(|l: &mut StoreLimits| l);
    store.set_fuel(config.fuel_per_call)?;
    let mut report = OracleReport {
        instantiation: Instantiation::Succeeded,
        calls: Vec::new(),
        memories: Vec::new(),
        globals: Vec::new(),
        rendered_globals: Vec::new(),
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
                    let rendered = payload
                        .iter()
                        .map(|v| render(&mut store, v, config))
                        .collect();
                    Instantiation::Thrown {
                        tag,
                        payload,
                        rendered,
                    }
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
        let call_args: Vec<Val> = args(name, &ty)
            .into_iter()
            .zip(ty.params())
            .map(|(v, t)| null_of(&store, v, *t))
            .collect();
        let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
        store.set_fuel(config.fuel_per_call)?;
        let nonnull = ty
            .params()
            .iter()
            .any(|t| t.as_ref_type().is_some_and(|r| !r.nullable));
        let outcome = if nonnull {
            CallOutcome::Skipped
        } else {
            match f.call(&mut store, &call_args, &mut results) {
                Ok(()) => CallOutcome::Returned(results),
                Err(e) => classify(&e).ok_or(e)?,
            }
        };
        let fuel_consumed = config.fuel_per_call - store.get_fuel()?;
        report.fuel_consumed += fuel_consumed;
        let values: &[Val] = match &outcome {
            CallOutcome::Returned(results) => results,
            #[cfg(feature = "exceptions")]
            CallOutcome::Thrown { payload, .. } => payload,
            _ => &[],
        };
        let rendered = values
            .iter()
            .map(|v| render(&mut store, v, config))
            .collect();
        report.calls.push(CallRecord {
            name: name.clone(),
            args: call_args,
            outcome,
            rendered,
            fuel_consumed,
        });
    }
    for (name, ext) in &exports {
        match ext {
            Extern::Memory(m) => report
                .memories
                .push((name.clone(), m.data(&store).to_vec())),
            Extern::Global(g) => {
                let v = g.get(&mut store);
                report
                    .rendered_globals
                    .push((name.clone(), render(&mut store, &v, config)));
                report.globals.push((name.clone(), v));
            }
            _ => {}
        }
    }
    Ok(report)
}

/// A null reference `v` as the null of reference type `ty`'s hierarchy
/// (whose concrete types are `store`'s); any other value as it is.
fn null_of<T>(store: &Store<T>, v: Val, ty: crate::types::ValType) -> Val {
    let null = match v {
        Val::FuncRef(None) | Val::ExternRef(None) => true,
        #[cfg(feature = "exceptions")]
        Val::ExnRef(None) => true,
        #[cfg(feature = "gc")]
        Val::AnyRef(None) => true,
        _ => false,
    };
    match ty.as_ref_type() {
        Some(r) if null => {
            let _ = (r, store);
            #[cfg(feature = "function-references")]
            match r.heap.top(store) {
                crate::types::HeapType::Func => return Val::FuncRef(None),
                crate::types::HeapType::Extern => return Val::ExternRef(None),
                #[cfg(feature = "exceptions")]
                crate::types::HeapType::Exn => return Val::ExnRef(None),
                #[cfg(feature = "gc")]
                crate::types::HeapType::Any => return Val::AnyRef(None),
                _ => {}
            }
            Val::default_for(ty)
        }
        _ => v,
    }
}

/// Renders value `v` of `store` by its structure, within the bounds of
/// `config`: see [References by structure](self#references-by-structure).
pub fn render<T>(store: &mut Store<T>, v: &Val, config: &OracleConfig) -> String {
    let mut r = Renderer {
        store,
        budget: config.render_nodes,
        max_depth: config.render_depth,
        out: String::new(),
    };
    r.value(v, 0);
    r.out
}

/// The state of one [`render`] (without the `gc` cargo feature there are
/// no structs or arrays to walk).
#[cfg_attr(not(feature = "gc"), allow(dead_code))]
struct Renderer<'a, T> {
    store: &'a mut Store<T>,
    /// Nodes still to be written.
    budget: usize,
    max_depth: usize,
    out: String,
}

impl<T> Renderer<'_, T> {
    /// Writes `v`, at `depth`.
    fn value(&mut self, v: &Val, depth: usize) {
        if self.budget == 0 {
            self.out.push_str("...");
            return;
        }
        self.budget -= 1;
        let out = &mut self.out;
        // (Writing to a String cannot fail.)
        let _ = match *v {
            Val::I32(x) => write!(out, "i32:{}", x as u32),
            Val::I64(x) => write!(out, "i64:{}", x as u64),
            Val::F32(b) => write!(out, "f32:{b}"),
            Val::F64(b) => write!(out, "f64:{b}"),
            #[cfg(feature = "simd")]
            Val::V128(x) => write!(out, "v128:{x:032x}"),
            Val::FuncRef(f) => out.write_str(if f.is_some() { "ref:func" } else { "ref:null" }),
            Val::ExternRef(r) => out.write_str(if r.is_some() {
                "ref:extern"
            } else {
                "ref:null"
            }),
            #[cfg(feature = "exceptions")]
            Val::ExnRef(r) => out.write_str(if r.is_some() { "ref:exn" } else { "ref:null" }),
            #[cfg(feature = "gc")]
            Val::AnyRef(None) => out.write_str("ref:null"),
            #[cfg(feature = "gc")]
            Val::AnyRef(Some(r)) => {
                self.any(r, depth);
                Ok(())
            }
        };
        let _ = depth;
    }

    /// Writes a non-null reference of the `any` hierarchy.
    #[cfg(feature = "gc")]
    fn any(&mut self, r: AnyRef, depth: usize) {
        if let Some(i) = r.i31_s() {
            let _ = write!(self.out, "ref:i31:{i}");
        } else if r.is_struct() {
            let fields = struct_fields(self.store, &r);
            self.out.push_str("ref:struct{");
            self.elements(fields.len(), |_, i| fields.get(i).copied(), depth);
            self.out.push('}');
        } else if r.is_array() {
            let len = array_len(self.store, &r);
            let _ = write!(self.out, "ref:array({len})[");
            self.elements(len, |store, i| array_elem(store, &r, i), depth);
            self.out.push(']');
        } else {
            self.out.push_str("ref:extern");
        }
    }

    /// Writes the `n` fields or elements (`get` reads one) of a struct or
    /// array at `depth`, comma-separated, as far as the bounds allow.
    #[cfg(feature = "gc")]
    fn elements(&mut self, n: usize, get: impl Fn(&Store<T>, usize) -> Option<Val>, depth: usize) {
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

// An array's elements are read one at a time, as far as the rendering
// goes: `AnyRef::fields` would make a value of each of (up to) millions
// of elements first. (A public `AnyRef` length and element read would do
// the same from outside the crate.)

/// The fields of struct `r` ([`AnyRef::fields`]); a packed one is the
/// `i32` of its bits, zero-extended, as `struct.get_u` reads it.
#[cfg(feature = "gc")]
fn struct_fields<T>(store: &mut Store<T>, r: &AnyRef) -> Vec<Val> {
    r.fields(&mut *store).ok().flatten().unwrap_or_default()
}

/// The length of array `r` (0 if it is not a live array of `store`).
#[cfg(feature = "gc")]
fn array_len<T>(store: &Store<T>, r: &AnyRef) -> usize {
    use crate::AsContext;
    let inner = store.as_context();
    if inner.check_store(r.store, "AnyRef").is_err() {
        return 0;
    }
    inner.gc.get(r.cell).map_or(0, |o| o.array_len())
}

/// Element `i` of array `r` (`None` if there is no such element).
#[cfg(feature = "gc")]
fn array_elem<T>(store: &Store<T>, r: &AnyRef, i: usize) -> Option<Val> {
    use crate::AsContext;
    use crate::store::gc::{GcData, read_elem};
    use crate::types::{CompositeType, StorageType, ValType};
    let inner = store.as_context();
    inner.check_store(r.store, "AnyRef").ok()?;
    let obj = inner.gc.get(r.cell)?;
    let GcData::Array { elem, bytes } = &obj.data else {
        return None;
    };
    let CompositeType::Array(a) = &inner.types.get(obj.ty)?.composite else {
        return None;
    };
    if i >= obj.array_len() {
        return None;
    }
    let ty = match a.field_type().element_type() {
        StorageType::I8 | StorageType::I16 => ValType::I32,
        StorageType::ValType(v) => v,
    };
    let (lo, hi) = read_elem(bytes, *elem, i);
    Some(Val::from_cells(ty, lo, hi, inner))
}

#[cfg(all(test, feature = "gc"))]
mod tests {
    use super::*;

    const WAT: &str = r#"(module
      (type $p (struct (field i32) (field (mut (ref null $p)))))
      (type $a (array (mut i32)))
      (type $b (array (mut i8)))
      (type $m (struct (field i8) (field f32) (field funcref) (field externref) (field i64)))
      (func $f)
      (elem declare func $f)
      (global (export "gnull") (ref null $p) (ref.null $p))
      (global (export "gstruct") (ref $p) (struct.new $p (i32.const 3) (ref.null $p)))
      (func (export "struct") (result (ref $p)) (struct.new $p (i32.const 5) (ref.null $p)))
      (func (export "nested") (result anyref)
        (struct.new $p (i32.const 1) (struct.new $p (i32.const 2) (ref.null $p))))
      (func (export "array") (result (ref $a)) (array.new $a (i32.const 7) (i32.const 3)))
      (func (export "i31") (result i31ref) (ref.i31 (i32.const -1)))
      (func (export "mixed") (result eqref)
        (struct.new $m (i32.const -1) (f32.const 1.5) (ref.func $f) (ref.null extern) (i64.const -2)))
      (func (export "cycle") (result anyref) (local $x (ref null $p))
        (local.set $x (struct.new $p (i32.const 9) (ref.null $p)))
        (struct.set $p 1 (local.get $x) (local.get $x))
        (local.get $x))
      (func (export "big") (result anyref) (array.new $b (i32.const 0) (i32.const 100000)))
      (func (export "huge") (result anyref) (array.new $a (i32.const 0) (i32.const 300000)))
      (func (export "extern") (result externref) (extern.convert_any (ref.i31 (i32.const 4))))
      (func (export "two") (result i32 anyref) (i32.const 8) (ref.i31 (i32.const 8)))
      (func (export "null") (param (ref null $p) (ref null $a)) (result i32)
        (i32.add (ref.is_null (local.get 0)) (ref.is_null (local.get 1))))
      (func (export "nonnull") (param i32 (ref $p)) (result i32) (local.get 0)))"#;

    fn report(config: &OracleConfig) -> OracleReport {
        let wasm = wat::parse_str(WAT).unwrap();
        run(&wasm, config, |_, ty| {
            ty.params().iter().map(|t| Val::default_for(*t)).collect()
        })
        .unwrap()
    }

    fn rendered<'a>(report: &'a OracleReport, name: &str) -> &'a [String] {
        let call = report.calls.iter().find(|c| c.name == name).unwrap();
        assert!(
            matches!(call.outcome, CallOutcome::Returned(_)),
            "{name}: {:?}",
            call.outcome
        );
        &call.rendered
    }

    #[test]
    fn a_struct_by_its_fields() {
        let r = report(&OracleConfig::default());
        assert_eq!(rendered(&r, "struct"), ["ref:struct{i32:5,ref:null}"]);
        // Packed fields zero-extended, floats as bits, no handles.
        assert_eq!(
            rendered(&r, "mixed"),
            ["ref:struct{i32:255,f32:1069547520,ref:func,ref:null,i64:18446744073709551614}"]
        );
        assert_eq!(rendered(&r, "two"), ["i32:8", "ref:i31:8"]);
    }

    #[test]
    fn null_arguments_and_skipped_calls() {
        let r = report(&OracleConfig::default());
        // `Val::default_for` cannot tell a struct type from a function
        // type (it gives a null funcref): the oracle passes the right null.
        assert_eq!(rendered(&r, "null"), ["i32:2"]);
        let call = r.calls.iter().find(|c| c.name == "nonnull").unwrap();
        assert_eq!(call.outcome, CallOutcome::Skipped);
        assert_eq!(call.args.len(), 2);
    }

    #[test]
    fn a_nested_struct_whole() {
        let r = report(&OracleConfig::default());
        assert_eq!(
            rendered(&r, "nested"),
            ["ref:struct{i32:1,ref:struct{i32:2,ref:null}}"]
        );
    }

    #[test]
    fn an_array_with_its_length() {
        let r = report(&OracleConfig::default());
        assert_eq!(rendered(&r, "array"), ["ref:array(3)[i32:7,i32:7,i32:7]"]);
    }

    #[test]
    fn an_i31_signed_and_through_extern() {
        let r = report(&OracleConfig::default());
        assert_eq!(rendered(&r, "i31"), ["ref:i31:-1"]);
        assert_eq!(rendered(&r, "extern"), ["ref:i31:4"]);
    }

    #[test]
    fn globals_rendered() {
        let r = report(&OracleConfig::default());
        let g: Vec<(&str, &str)> = r
            .rendered_globals
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            g,
            [
                ("gnull", "ref:null"),
                ("gstruct", "ref:struct{i32:3,ref:null}")
            ]
        );
    }

    #[test]
    fn a_cycle_stops_at_the_depth_or_the_budget() {
        let config = OracleConfig {
            render_depth: 2,
            ..OracleConfig::default()
        };
        let r = report(&config);
        assert_eq!(
            rendered(&r, "cycle"),
            ["ref:struct{i32:9,ref:struct{i32:9,ref:struct{...}}}"]
        );
        let config = OracleConfig {
            render_nodes: 6,
            ..OracleConfig::default()
        };
        let r = report(&config);
        assert_eq!(
            rendered(&r, "cycle"),
            ["ref:struct{i32:9,ref:struct{i32:9,ref:struct{i32:9,...}}}"]
        );
        // With the defaults: unrolled down to the depth bound.
        let r = report(&OracleConfig::default());
        let s = &rendered(&r, "cycle")[0];
        assert_eq!(s.matches("ref:struct{").count(), 33, "{s}");
        assert!(s.contains("ref:struct{...}"), "{s}");
    }

    #[test]
    fn a_big_array_capped_by_the_budget() {
        let r = report(&OracleConfig::default());
        let s = &rendered(&r, "big")[0];
        assert!(s.starts_with("ref:array(100000)[i32:0,"), "{s}");
        assert!(s.ends_with(",i32:0,...]"), "{s}");
        // The array itself and 999 elements: the default budget.
        assert_eq!(s.matches("i32:0").count(), 999);
        let small = report(&OracleConfig {
            render_nodes: 3,
            ..OracleConfig::default()
        });
        assert_eq!(
            rendered(&small, "big"),
            ["ref:array(100000)[i32:0,i32:0,...]"]
        );
    }

    #[test]
    fn the_gc_heap_limit_is_exhaustion() {
        // 1.2 MB of `i32`s, within the default limit, not within 1 MiB.
        let r = report(&OracleConfig::default());
        let huge = r.calls.iter().find(|c| c.name == "huge").unwrap();
        assert!(matches!(huge.outcome, CallOutcome::Returned(_)));
        let r = report(&OracleConfig {
            max_gc_heap_bytes: 1 << 20,
            ..OracleConfig::default()
        });
        let huge = r.calls.iter().find(|c| c.name == "huge").unwrap();
        assert_eq!(
            huge.outcome,
            CallOutcome::Exhausted(TrapCode::AllocationTooLarge)
        );
        assert!(huge.rendered.is_empty());
        // The 100 kB array before it still fits.
        let big = r.calls.iter().find(|c| c.name == "big").unwrap();
        assert!(matches!(big.outcome, CallOutcome::Returned(_)));
    }
}
