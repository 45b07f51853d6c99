//! [`Config`] gathers every limit and option in one place; an [`Engine`]
//! is a shared, immutable handle to one.
//!
//! | option | default | effect |
//! |---|---|---|
//! | [`Config::consume_fuel`] | off | translate fuel charges into the bytecode (see [`crate::exec`]) |
//! | [`Config::deterministic`] | off | canonicalise every NaN result, so runs are reproducible across hosts |
//! | [`Config::lazy_translation`] | on | translate each function to bytecode when it is first called |
//! | [`Config::lazy_validation`] | off | with lazy translation, also validate each function body on its first call |
//! | [`Config::max_call_depth`] | 10,000 frames | deeper wasm calls trap with [`TrapCode::StackOverflow`](crate::TrapCode::StackOverflow) |
//! | [`Config::max_stack_slots`] | 1 Mi slots (8 MiB) | the value stack never grows beyond this |
//! | [`Config::wasm_tail_call`] | on | accept `return_call` and `return_call_indirect` (WebAssembly 3.0) |
//! | [`Config::wasm_extended_const`] | on | accept `add`, `sub` and `mul` in constant expressions (3.0) |
//! | [`Config::wasm_multi_memory`] | on | accept more than one memory, and the memory index on every memory instruction (3.0) |
//! | [`Config::wasm_memory64`] | on | accept memories and tables indexed by i64 (3.0) |
//! | [`Config::wasm_function_references`] | on | accept typed function references: `(ref $t)`, `call_ref`, `br_on_null`, ... (3.0) |
//! | [`Config::wasm_simd`] | on | accept the 128-bit vector type `v128` and its instructions (2.0) |
//! | [`Config::wasm_relaxed_simd`] | on | accept relaxed SIMD, with the deterministic profile's results (3.0) |
//! | [`Config::wasm_exceptions`] | on | accept exception handling: tags, `throw`, `throw_ref`, `try_table`, `exnref` (3.0) |
//! | [`Config::wasm_gc`] | on | accept the GC type system: recursion groups, struct and array types, subtyping (3.0; the GC instructions are not implemented yet) |
//! | [`Config::wasm_legacy_exceptions`] | on | accept the legacy exception instructions `try`, `catch`, `catch_all`, `rethrow`, `delegate` |
//! | [`Config::wasm_custom_page_sizes`] | off | accept memories of 1-byte pages (small devices) |
//! | [`Config::wasm_wide_arithmetic`] | off | accept `i64.add128`, `i64.sub128`, `i64.mul_wide_s` and `i64.mul_wide_u` |
//!
//! The proposal switches follow Wasmtime's defaults, so that a module one
//! accepts the other does too; turning one off makes modules that use it
//! invalid.
//!
//! Neither limit depends on the host stack: wasm-to-wasm calls never recurse
//! on it, so the same defaults are safe on a 4 KiB microcontroller stack and
//! on a desktop thread.

use crate::sync::Arc;

/// Options and limits for an [`Engine`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub(crate) consume_fuel: bool,
    pub(crate) deterministic: bool,
    pub(crate) lazy_translation: bool,
    pub(crate) lazy_validation: bool,
    pub(crate) max_call_depth: usize,
    pub(crate) max_stack_slots: usize,
    pub(crate) tail_call: bool,
    pub(crate) extended_const: bool,
    pub(crate) wide_arithmetic: bool,
    pub(crate) custom_page_sizes: bool,
    pub(crate) multi_memory: bool,
    pub(crate) memory64: bool,
    pub(crate) function_references: bool,
    pub(crate) simd: bool,
    pub(crate) relaxed_simd: bool,
    pub(crate) exceptions: bool,
    pub(crate) legacy_exceptions: bool,
    pub(crate) gc: bool,
    pub(crate) gc_threshold: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            consume_fuel: false,
            deterministic: false,
            lazy_translation: true,
            lazy_validation: false,
            max_call_depth: 10_000,
            max_stack_slots: 1 << 20,
            tail_call: true,
            extended_const: true,
            wide_arithmetic: false,
            custom_page_sizes: false,
            multi_memory: true,
            memory64: true,
            function_references: true,
            simd: true,
            relaxed_simd: true,
            exceptions: true,
            legacy_exceptions: true,
            gc: cfg!(feature = "gc"),
            gc_threshold: 1 << 20,
        }
    }
}

impl Config {
    /// The default configuration.
    pub fn new() -> Config {
        Config::default()
    }

    /// Turns fuel metering on or off. When on, modules are translated with
    /// fuel charges and every [`Store`](crate::Store) starts with zero fuel:
    /// give it some with [`Store::set_fuel`](crate::Store::set_fuel).
    pub fn consume_fuel(&mut self, enable: bool) -> &mut Config {
        self.consume_fuel = enable;
        self
    }

    /// Turns deterministic mode on or off. When on, every float operation
    /// that can produce a NaN (arithmetic, `min`/`max`, `sqrt`, rounding,
    /// `demote`/`promote`) yields the canonical NaN (`0x7fc00000` or
    /// `0x7ff8000000000000`) instead of a NaN whose payload depends on the
    /// host CPU. Bit-exact operations (`abs`, `neg`, `copysign`, loads,
    /// reinterpretations) are unchanged. The interpreter has no other
    /// host-dependent behaviour: it reads no clock and no randomness. Off by
    /// default; when off, it costs nothing (no canonicalisation ops are
    /// translated).
    pub fn deterministic(&mut self, enable: bool) -> &mut Config {
        self.deterministic = enable;
        self
    }

    /// Turns lazy translation on or off. [`Module::new`](crate::Module::new)
    /// always decodes and validates the whole module. With lazy translation
    /// (the default) it keeps the function bodies' bytes, and each instance
    /// translates a function to bytecode the first time it is called, so a
    /// large program starts without translating code it never runs. Off,
    /// every function is translated in `Module::new`, once for all
    /// instances, and the bytes are dropped.
    pub fn lazy_translation(&mut self, enable: bool) -> &mut Config {
        self.lazy_translation = enable;
        self
    }

    /// Turns lazy validation on or off (off by default; it takes effect
    /// only with [`Config::lazy_translation`]). On, [`Module::new`](crate::Module::new)
    /// still decodes the whole module and validates everything outside the
    /// function bodies (types, imports, declarations, segments, exports),
    /// but validates each function body only when an instance first calls
    /// it, just before translating it. Start-up then costs about what
    /// decoding costs: most of the time a large program takes to load is
    /// spent validating code it never runs.
    ///
    /// The price is the specification's promise that an invalid module is
    /// refused before it runs. With lazy validation, a module whose only
    /// fault is in a function body loads, and the fault is reported as an
    /// [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) error by the call
    /// that first reaches that function (a function never called is never
    /// checked). Nothing invalid is ever executed: the body is validated
    /// before it is translated. Use it for programs from a source you
    /// trust to be valid, where start-up time matters. Each instance
    /// validates the functions it calls, as it translates them.
    ///
    /// The `small-footprint` build has no lazy validation (its flash
    /// budget has no room for the second path into the validator) and
    /// ignores this setting.
    pub fn lazy_validation(&mut self, enable: bool) -> &mut Config {
        self.lazy_validation = enable;
        self
    }

    /// The GC heap's size, in bytes, at which its first collection runs
    /// (the `gc` cargo feature; 1 MiB by default). After a collection the
    /// next runs when the heap has grown to twice what survived, and never
    /// below this size, so collection work stays proportional to
    /// allocation. A store whose limiter refuses an allocation collects
    /// first and asks again (see `store::gc`, "Collection"). 0 collects
    /// at every allocation: slow, but it exposes any reference the
    /// collector would miss, which is how the GC spec tests run a second
    /// time.
    pub fn gc_threshold(&mut self, bytes: usize) -> &mut Config {
        self.gc_threshold = bytes;
        self
    }

    /// The deepest wasm call stack allowed, in frames (at least 1).
    pub fn max_call_depth(&mut self, frames: usize) -> &mut Config {
        self.max_call_depth = frames.max(1);
        self
    }

    /// Accepts the tail-call proposal's `return_call` and
    /// `return_call_indirect` (on by default). A tail call ends its
    /// caller's frame before the callee runs, so a chain of tail calls runs
    /// in constant stack (see "Tail calls" in [`crate::exec`]).
    pub fn wasm_tail_call(&mut self, enable: bool) -> &mut Config {
        self.tail_call = enable;
        self
    }

    /// Accepts the extended-constant proposal's `i32`/`i64` `add`, `sub`
    /// and `mul` in global initialisers and segment offsets (on by default).
    pub fn wasm_extended_const(&mut self, enable: bool) -> &mut Config {
        self.extended_const = enable;
        self
    }

    /// Accepts the wide-arithmetic proposal's 128-bit `i64.add128` and
    /// `i64.sub128` and the 64×64→128-bit `i64.mul_wide_s` and
    /// `i64.mul_wide_u` (off by default, as in Wasmtime).
    pub fn wasm_wide_arithmetic(&mut self, enable: bool) -> &mut Config {
        self.wide_arithmetic = enable;
        self
    }

    /// Accepts the custom-page-sizes proposal's memories of 1-byte pages
    /// (off by default, as in Wasmtime): a memory can then be as small as
    /// a device needs, not a multiple of 64 KiB.
    pub fn wasm_custom_page_sizes(&mut self, enable: bool) -> &mut Config {
        self.custom_page_sizes = enable;
        self
    }

    /// Accepts the multi-memory proposal's modules with more than one
    /// memory (on by default). Memory 0 keeps its cached base and length
    /// in the interpreter's registers; an access to another memory looks
    /// it up (see "Memories" in [`crate::exec`]).
    pub fn wasm_multi_memory(&mut self, enable: bool) -> &mut Config {
        self.multi_memory = enable;
        self
    }

    /// Accepts the memory64 proposal's memories and tables indexed by i64
    /// (on by default). WASI preview 1 is 32-bit: the WASI layer refuses a
    /// module whose exported `memory` is 64-bit.
    pub fn wasm_memory64(&mut self, enable: bool) -> &mut Config {
        self.memory64 = enable;
        self
    }

    /// Accepts the typed function references of WebAssembly 3.0 (on by
    /// default, as in Wasmtime): reference types `(ref $t)` and
    /// `(ref null $t)` of a function type, non-nullable references,
    /// `call_ref`, `return_call_ref`, `ref.as_non_null`, `br_on_null` and
    /// `br_on_non_null`, and tables with an initialiser.
    pub fn wasm_function_references(&mut self, enable: bool) -> &mut Config {
        self.function_references = enable;
        self
    }

    /// Accepts the 128-bit SIMD instructions of WebAssembly 2.0 (on by
    /// default, as in Wasmtime; the `simd` cargo feature builds them):
    /// the `v128` type, vector loads and stores, lane operations and
    /// lane-wise arithmetic. Turning it off also turns off relaxed SIMD.
    pub fn wasm_simd(&mut self, enable: bool) -> &mut Config {
        self.simd = enable;
        self
    }

    /// Accepts relaxed SIMD (WebAssembly 3.0; on by default, as in
    /// Wasmtime), whose results the spec lets an engine choose from a
    /// set. Spindle always gives the spec's deterministic profile, on
    /// every host and in every mode (see `num::simd`), so a run is
    /// reproducible. Needs [`Config::wasm_simd`].
    pub fn wasm_relaxed_simd(&mut self, enable: bool) -> &mut Config {
        self.relaxed_simd = enable;
        self
    }

    /// Accepts exception handling (WebAssembly 3.0; on by default, as in
    /// Wasmtime; the `exceptions` cargo feature builds it): tags, `throw`,
    /// `throw_ref`, `try_table` and the `exnref` type. An exception that
    /// no handler catches ends the call with an error of kind
    /// [`ErrorKind::Exception`](crate::ErrorKind::Exception).
    pub fn wasm_exceptions(&mut self, enable: bool) -> &mut Config {
        self.exceptions = enable;
        self
    }

    /// Accepts the legacy exception instructions (`try`, `catch`,
    /// `catch_all`, `rethrow`, `delegate`), which toolchains emitted
    /// before the standard form existed and some still do by default.
    /// On by default (unlike Wasmtime, which does not implement them), so
    /// that such modules run; Spindle runs both forms with the same
    /// unwinder, and they can meet in one program.
    pub fn wasm_legacy_exceptions(&mut self, enable: bool) -> &mut Config {
        self.legacy_exceptions = enable;
        self
    }

    /// Accepts the type system of WebAssembly GC (3.0; on by default, as in
    /// Wasmtime; the `gc` cargo feature builds it): recursion groups,
    /// struct and array types, declared subtypes (`sub`, `final`), the
    /// `any`, `eq`, `i31`, `struct`, `array` and `none` heap types, and
    /// `global.get` of any immutable global in constant expressions. The
    /// GC instructions (`struct.new`, `array.get`, `ref.i31`, `ref.cast`,
    /// ...) are not implemented yet: a module that uses one is refused
    /// with an [`Unsupported`](crate::ErrorKind::Unsupported) error. Needs
    /// [`Config::wasm_function_references`].
    pub fn wasm_gc(&mut self, enable: bool) -> &mut Config {
        self.gc = enable;
        self
    }

    /// Every WebAssembly proposal Spindle implements turned on (the spec
    /// test runners, `spindle wast`).
    pub fn all_proposals(&mut self) -> &mut Config {
        self.wasm_tail_call(true)
            .wasm_extended_const(true)
            .wasm_wide_arithmetic(true)
            .wasm_custom_page_sizes(true)
            .wasm_multi_memory(true)
            .wasm_memory64(true)
            .wasm_function_references(true)
            .wasm_simd(true)
            .wasm_relaxed_simd(true)
            .wasm_exceptions(true)
            .wasm_legacy_exceptions(true)
            .wasm_gc(true)
    }

    /// The largest value stack allowed, in 8-byte slots. Each wasm frame
    /// takes one slot per parameter, local and operand-stack entry.
    pub fn max_stack_slots(&mut self, slots: usize) -> &mut Config {
        self.max_stack_slots = slots.max(16);
        self
    }
}

/// A shared handle to a [`Config`]: modules and stores built from the same
/// engine agree on how code is translated and run. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Engine {
    config: Arc<Config>,
}

impl Engine {
    /// An engine with the given configuration.
    pub fn new(config: &Config) -> Engine {
        Engine {
            config: Arc::new(config.clone()),
        }
    }

    /// The engine's configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Whether two handles are the same engine.
    pub fn same(a: &Engine, b: &Engine) -> bool {
        Arc::ptr_eq(&a.config, &b.config)
    }
}
