//! Translation tests: wasm in, `spindle disasm` text out.

use crate::{Config, Engine, Module};
use alloc::format;
use alloc::string::String;

fn disasm_with(config: &Config, wat: &str, func: u32) -> String {
    let wasm = wat::parse_str(wat).expect("test module parses");
    let module = Module::new(&Engine::new(config), wasm).expect("test module compiles");
    let text = module.disassemble(func).expect("defined function");
    // Drop the header line; keep the ops.
    text.lines()
        .skip(1)
        .map(|l| format!("{}\n", l.trim_start()))
        .collect()
}

fn disasm(wat: &str) -> String {
    disasm_with(&Config::default(), wat, 0)
}

/// The expected text: `acc` where the accumulator pass runs (cfg
/// `spindle_acc`, see `translate::acc`), `plain` where it does not.
fn expect<'a>(acc: &'a str, plain: &'a str) -> &'a str {
    if cfg!(spindle_acc) { acc } else { plain }
}

/// Compiles and instantiates `wat` with no imports, to run what a test
/// disassembled.
use crate::runtime::tests::setup as instantiate;

#[test]
fn a_select_of_a_small_constant_takes_it_as_an_immediate() {
    let wat = r#"(module (func (export "pick") (param i32 i64) (result i64)
          (select (local.get 1) (i64.const 0) (local.get 0))))"#;
    assert_eq!(
        disasm(wat),
        "0: select dst=r2, cond=r0, a=r1, b=0\n1: return_slot src=r2\n"
    );
    let (mut store, instance) = instantiate(wat);
    let pick = instance
        .get_typed_func::<(i32, i64), i64>(&store, "pick")
        .unwrap();
    assert_eq!(pick.call(&mut store, (1, -5)).unwrap(), -5);
    assert_eq!(pick.call(&mut store, (0, -5)).unwrap(), 0);
}

#[test]
fn worked_example_from_module_docs() {
    let text = disasm(
        r#"(module (func (param $n i32) (result i32) (local $acc i32)
          (loop $l
            (local.set $acc (i32.add (local.get $acc) (local.get $n)))
            (br_if $l (i32.gt_s (local.tee $n (i32.sub (local.get $n) (i32.const 1)))
                                (i32.const 0))))
          (local.get $acc)))"#,
    );
    assert_eq!(
        text,
        expect(
            "0: i32.add r1 = r1, r0\n1: i32.sub r0 = r0, 1\n2: br_if i32.gt_s acc, 0 -> @0\n3: return_slot src=r1\n",
            "0: i32.add r1 = r1, r0\n1: i32.sub r0 = r0, 1\n2: br_if i32.gt_s r0, 0 -> @0\n3: return_slot src=r1\n",
        )
    );
}

#[test]
fn operands_are_read_in_place_and_results_go_to_their_destination() {
    // Nothing is copied to build the operand stack; the add writes r2 directly.
    let text = disasm(
        "(module (func (param i32 i32) (result i32) (local i32)
           (local.set 2 (i32.mul (local.get 0) (local.get 1)))
           (local.get 2)))",
    );
    assert_eq!(text, "0: i32.mul r2 = r0, r1\n1: return_slot src=r2\n");
}

#[test]
fn overwritten_locals_on_the_stack_are_preserved_first() {
    // local.get 0 is still on the stack when local 0 is overwritten: it
    // must be copied out before the write, so the result is the old value.
    let text = disasm(
        "(module (func (param i32) (result i32)
           (local.get 0)
           (local.set 0 (i32.const 7))))",
    );
    assert_eq!(
        text,
        "0: copy dst=r1, src=r0\n1: const32 dst=r0, value=7\n2: return_slot src=r1\n"
    );
}

#[test]
fn if_fuses_its_compare_and_negates_it() {
    let text = disasm(
        "(module (func (param i32) (result i32)
           (if (result i32) (i32.lt_s (local.get 0) (i32.const 10))
             (then (i32.const 1)) (else (i32.const 2)))))",
    );
    assert_eq!(
        text,
        "0: br_if i32.ge_s r0, 10 -> @3\n1: const32 dst=r1, value=1\n2: br -> @4\n3: const32 dst=r1, value=2\n4: return_slot src=r1\n"
    );
}

#[test]
fn calls_pass_arguments_in_place() {
    // The arguments are materialised in consecutive temps (r2, r3); the
    // callee's frame starts at r2 and its result comes back in r2.
    let text = disasm(
        "(module
           (func (param i32 i32) (result i32) (call 1 (local.get 1) (local.get 0)))
           (func (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1))))",
    );
    // (With the accumulator pass the two copies are a pair.)
    assert_eq!(
        text,
        expect(
            "0: copy dst=r2, src=r1; and the next\n1: copy dst=r3, src=r0\n2: call func=1, base=r2\n3: return_slot src=r2\n",
            "0: copy dst=r2, src=r1\n1: copy dst=r3, src=r0\n2: call func=1, base=r2\n3: return_slot src=r2\n",
        )
    );
}

#[test]
fn br_table_is_a_jump_table() {
    let text = disasm(
        "(module (func (param i32) (result i32)
           (block (block (block (br_table 0 1 2 (local.get 0))) (return (i32.const 10)))
             (return (i32.const 20)))
           (i32.const 30)))",
    );
    assert_eq!(
        text,
        "0: br_table index=r0, len=2\n1: br -> @4\n2: br -> @6\n3: br -> @8\n\
         4: const32 dst=r0, value=10\n5: return\n6: const32 dst=r0, value=20\n7: return\n\
         8: const32 dst=r0, value=30\n9: return\n"
    );
}

#[test]
fn stores_and_loads_take_offsets_and_immediates() {
    let text = disasm(
        "(module (memory 1) (func (param i32) (result i32)
           (i32.store offset=8 (local.get 0) (i32.const -5))
           (i32.load16_u offset=4 (local.get 0))))",
    );
    assert_eq!(
        text,
        "0: i32.store [r0 + 8] = -5\n1: i32.load16_u r1 = [r0 + 4]\n2: return_slot src=r1\n"
    );
}

#[test]
fn multi_value_blocks_leave_results_in_consecutive_slots() {
    let text = disasm(
        "(module (func (param i32) (result i32 i32)
           (block (result i32 i32) (local.get 0) (i32.const 3))))",
    );
    assert_eq!(
        text,
        expect(
            "0: copy dst=r1, src=r0\n1: const32 dst=r2, value=3\n2: copy dst=r0, src=r1; and the next\n3: copy dst=r1, src=r2\n4: return\n",
            "0: copy dst=r1, src=r0\n1: const32 dst=r2, value=3\n2: copy dst=r0, src=r1\n3: copy dst=r1, src=r2\n4: return\n",
        )
    );
}

#[test]
fn fuel_is_charged_once_per_straight_line_run() {
    let mut config = Config::default();
    config.consume_fuel(true);
    let text = disasm_with(
        &config,
        "(module (func (param i32) (result i32)
           (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
           (local.get 0)))",
        0,
    );
    // `loop` is charged in the entry run; each iteration charges 5
    // (local.get, i32.const, i32.sub, local.tee, br_if); the exit run 3
    // (end, local.get, end).
    assert_eq!(
        text,
        expect(
            "0: consume_fuel amount=1\n1: consume_fuel amount=5\n2: i32.sub r0 = r0, 1\n3: br_if_nez acc, -> @1\n\
             4: consume_fuel amount=3\n5: return\n",
            "0: consume_fuel amount=1\n1: consume_fuel amount=5\n2: i32.sub r0 = r0, 1\n3: br_if_nez cond=r0, -> @1\n\
             4: consume_fuel amount=3\n5: return\n",
        )
    );
}

const ROTATED_LOOP: &str = r#"(module (func (export "count") (param $n i32) (param $stop i32) (result i32)
      (local $i i32)
      (block $exit
        (loop $head
          (br_if $exit (i32.ge_u (local.get $i) (local.get $stop)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $exit (i32.ge_u (local.get $i) (local.get $n)))
          (br $head)))
      (local.get $i)))"#;

#[test]
fn loops_ending_in_br_if_exit_then_br_head_are_rotated() {
    // The second exit test is inverted to branch back to the head, and the
    // `br` leaves the loop: one branch op per iteration instead of two.
    // The first one is left alone (the `br` does not follow it).
    assert_eq!(
        disasm(ROTATED_LOOP),
        expect(
            "0: br_if i32.ge_u r2, r1 -> @4\n1: i32.add r2 = r2, 1\n\
             2: br_if i32.lt_u acc, r0 -> @0\n3: br -> @4\n4: return_slot src=r2\n",
            "0: br_if i32.ge_u r2, r1 -> @4\n1: i32.add r2 = r2, 1\n\
             2: br_if i32.lt_u r2, r0 -> @0\n3: br -> @4\n4: return_slot src=r2\n",
        )
    );
}

#[test]
fn rotated_loops_exit_where_the_original_did() {
    let (mut store, instance) = instantiate(ROTATED_LOOP);
    let count = instance
        .get_typed_func::<(i32, i32), i32>(&store, "count")
        .unwrap();
    for (n, stop, expected) in [(10, 100, 10), (10, 3, 3), (0, 5, 1), (7, 0, 0), (1, 1, 1)] {
        assert_eq!(
            count.call(&mut store, (n, stop)).unwrap(),
            expected,
            "n={n} stop={stop}"
        );
    }
}

const LOAD_AFTER_ADD: &str = r#"(module (memory 1)
      (data (i32.const 16) "\2a\00\00\00")
      (func (export "load") (param $p i32) (result i32)
        (i32.load (i32.add (local.get $p) (i32.const 32)))))"#;

#[test]
fn an_add_of_a_constant_is_fused_into_the_load_it_feeds() {
    assert_eq!(
        disasm(LOAD_AFTER_ADD),
        "0: i32.load r1 = [wrap(r0 + 32)]\n1: return_slot src=r1\n"
    );
}

#[test]
fn a_fused_add_wraps_like_i32_add() {
    let (mut store, instance) = instantiate(LOAD_AFTER_ADD);
    let load = instance.get_typed_func::<i32, i32>(&store, "load").unwrap();
    // -16 + 32 wraps to 16, where the data is (a memarg offset would not wrap).
    assert_eq!(load.call(&mut store, -16).unwrap(), 42);
    assert_eq!(load.call(&mut store, -32).unwrap(), 0);
    // The last four bytes load; one further is out of bounds.
    assert_eq!(load.call(&mut store, 65536 - 36).unwrap(), 0);
    let err = load.call(&mut store, 65536 - 35).unwrap_err();
    assert_eq!(err.trap_code(), Some(crate::TrapCode::MemoryOutOfBounds));
    let err = load.call(&mut store, -33).unwrap_err();
    assert_eq!(err.trap_code(), Some(crate::TrapCode::MemoryOutOfBounds));
}

#[test]
fn an_add_of_a_constant_is_fused_into_the_store_it_addresses() {
    let wat = r#"(module (memory 1)
      (func (export "store") (param $p i32) (param $v i32) (result i32)
        (i32.store (i32.add (local.get $p) (i32.const 8)) (local.get $v))
        (i32.load (i32.const 0))))"#;
    assert_eq!(
        disasm(wat),
        expect(
            "0: i32.store [wrap(r0 + 8)] = r1\n1: const32 dst=r2, value=0; and the next\n\
             2: i32.load r2 = [acc + 0]\n3: return_slot src=r2\n",
            "0: i32.store [wrap(r0 + 8)] = r1\n1: const32 dst=r2, value=0\n\
             2: i32.load r2 = [r2 + 0]\n3: return_slot src=r2\n",
        )
    );
    let (mut store, instance) = instantiate(wat);
    let f = instance
        .get_typed_func::<(i32, i32), i32>(&store, "store")
        .unwrap();
    // -8 + 8 wraps to 0, which the function reads back.
    assert_eq!(f.call(&mut store, (-8, 99)).unwrap(), 99);
    let err = f.call(&mut store, (-9, 1)).unwrap_err();
    assert_eq!(err.trap_code(), Some(crate::TrapCode::MemoryOutOfBounds));
    let err = f.call(&mut store, (65536 - 11, 1)).unwrap_err();
    assert_eq!(err.trap_code(), Some(crate::TrapCode::MemoryOutOfBounds));
}

#[test]
fn calls_name_defined_functions_by_defined_index_and_flag_imports() {
    // Function 0 is the import; defined function 0 is wasm function 1.
    let text = disasm_with(
        &Config::default(),
        r#"(module (import "m" "f" (func $f (param i32) (result i32)))
           (func $g (param i32) (result i32) (call $f (local.get 0)))
           (func (param i32) (result i32) (call $g (local.get 0))))"#,
        2,
    );
    assert_eq!(
        text,
        "0: copy dst=r1, src=r0\n1: call func=0, base=r1\n2: return_slot src=r1\n"
    );
    let text = disasm_with(
        &Config::default(),
        r#"(module (import "m" "f" (func $f (param i32) (result i32)))
           (func $g (param i32) (result i32) (call $f (local.get 0))))"#,
        1,
    );
    assert_eq!(
        text,
        format!(
            "0: copy dst=r1, src=r0\n1: call func={}, base=r1\n2: return_slot src=r1\n",
            crate::bytecode::CALL_IMPORT
        )
    );
}

#[test]
fn i64_extend_i32_u_emits_nothing_and_still_zero_extends() {
    // Every op that writes an i32 keeps the cell's upper half zero, so the
    // extension is the cell itself. Negative i32s from each kind of
    // producer: a parameter, arithmetic, a sign-extending load, a wrap, a
    // global, a call's result, a select and a constant.
    let wat = r#"(module
      (memory 1) (data (i32.const 0) "\80")
      (global $g (mut i32) (i32.const -2))
      (func $neg (result i32) (i32.const -3))
      (func (export "ext") (param i32 i64 i32) (result i64)
        (i64.add (i64.add (i64.add (i64.extend_i32_u (local.get 0))
                                   (i64.extend_i32_u (i32.sub (local.get 0) (i32.const 1))))
                          (i64.add (i64.extend_i32_u (i32.load8_s (i32.const 0)))
                                   (i64.extend_i32_u (i32.wrap_i64 (local.get 1)))))
                 (i64.add (i64.add (i64.extend_i32_u (global.get $g))
                                   (i64.extend_i32_u (call $neg)))
                          (i64.add (i64.extend_i32_u (select (local.get 0) (i32.const -4) (local.get 2)))
                                   (i64.extend_i32_u (i32.const -5)))))))"#;
    let engine = Engine::default();
    let module = Module::new(&engine, wat::parse_str(wat).unwrap()).unwrap();
    let text = module.disassemble(1).unwrap();
    assert!(!text.contains("extend"), "{text}");
    let (mut store, instance) = instantiate(wat);
    let ext = instance
        .get_typed_func::<(i32, i64, i32), i64>(&store, "ext")
        .unwrap();
    let u = |v: i32| v as u32 as i64;
    for (p, cond) in [(-1, 1), (-7, 0)] {
        let want = u(p)
            + u(p - 1)
            + u(-128)
            + u(-6)
            + u(-2)
            + u(-3)
            + u(if cond != 0 { p } else { -4 })
            + u(-5);
        assert_eq!(ext.call(&mut store, (p, -6, cond)).unwrap(), want);
    }
}

#[test]
fn pairs_run_both_ops_and_a_branch_to_the_second_runs_it_alone() {
    // Op 0 and the loop's first op are both copies, so they pair (with
    // the accumulator pass); the loop's back edge targets the second.
    let wat = r#"(module
      (func (export "sum") (param i32) (result i32) (local i32 i32 i32)
        (local.set 1 (local.get 0))
        (loop $l
          (local.set 2 (local.get 1))
          (local.set 1 (i32.sub (local.get 1) (i32.const 1)))
          (local.set 3 (i32.add (local.get 3) (local.get 2)))
          (br_if $l (local.get 1)))
        (local.get 3))
      (func (export "fma") (param f64 f64 f64 i32) (result f64)
        (f64.store (local.get 3) (f64.add (local.get 2) (f64.mul (local.get 0) (f64.neg (local.get 1)))))
        (f64.load (local.get 3)))
      (func (export "xorshift") (param i64) (result i64) (local i64)
        (local.set 1 (i64.add (local.get 0) (i64.const 1)))
        (local.set 1 (i64.xor (i64.shl (local.get 1) (i64.const 13)) (local.get 1)))
        (local.set 1 (i64.xor (i64.shr_u (local.get 1) (i64.const 7)) (local.get 1)))
        (local.get 1))
      (memory 1))"#;
    let sum = disasm_with(&Config::default(), wat, 0);
    assert_eq!(
        sum,
        expect(
            "0: copy dst=r1, src=r0; and the next\n1: copy dst=r2, src=r1\n2: i32.sub r1 = r1, 1\n3: i32.add r3 = r3, r2\n4: br_if_nez cond=r1, -> @1\n5: return_slot src=r3\n",
            "0: copy dst=r1, src=r0\n1: copy dst=r2, src=r1\n2: i32.sub r1 = r1, 1\n3: i32.add r3 = r3, r2\n4: br_if_nez cond=r1, -> @1\n5: return_slot src=r3\n",
        ),
    );
    for func in [1, 2] {
        let text = disasm_with(&Config::default(), wat, func);
        assert_eq!(text.contains("; and the next"), cfg!(spindle_acc), "{text}");
    }
    let (mut store, instance) = instantiate(wat);
    let f = instance.get_typed_func::<i32, i32>(&store, "sum").unwrap();
    assert_eq!(f.call(&mut store, 20).unwrap(), 210);
    let f = instance
        .get_typed_func::<(f64, f64, f64, i32), f64>(&store, "fma")
        .unwrap();
    // Two roundings, as the separate ops: not a fused multiply-add.
    let (a, b, c) = (0.1, -0.7, -0.07);
    assert_eq!(f.call(&mut store, (a, b, c, 8)).unwrap(), c + a * -b);
    // (libm's fma is inline assembly here, which Miri cannot run.)
    if !cfg!(miri) {
        assert_ne!(c + a * -b, libm::fma(a, -b, c));
    }
    let f = instance
        .get_typed_func::<i64, i64>(&store, "xorshift")
        .unwrap();
    let x = 0x1234_5678_9abc_def0_i64 + 1;
    let x = x ^ (x << 13);
    let want = x ^ ((x as u64) >> 7) as i64;
    assert_eq!(f.call(&mut store, 0x1234_5678_9abc_def0).unwrap(), want);
}

#[test]
fn fused_ops_run_every_op_and_a_branch_or_trap_inside_one_stops_it_exactly() {
    // `steps`: two counter steps fuse into one op; with `skip` set, every
    // iteration branches past the first step to the second, which then
    // runs on its own.
    // `mark`: the bounds test, byte store, pointer and index steps and the
    // loop test fuse into one op; the store traps once `p` leaves memory.
    let wat = r#"(module
      (func (export "steps") (param $n i32) (param $skip i32) (result i32)
        (local $a i32) (local $b i32)
        (loop $l
          (block $past
            (br_if $past (local.get $skip))
            (local.set $a (i32.add (local.get $a) (i32.const 1))))
          (local.set $b (i32.add (local.get $b) (i32.const 2)))
          (br_if $l (i32.ne (local.get $n) (local.get $b))))
        (i32.add (i32.mul (local.get $a) (i32.const 1000)) (local.get $b)))
      (func (export "mark") (param $p i32) (param $step i32) (param $end i32) (param $limit i32)
        (local $i i32)
        (local.set $i (local.get $p))
        (block $out
          (loop $l
            (br_if $out (i32.ge_u (local.get $i) (local.get $limit)))
            (i32.store8 (local.get $p) (i32.const 7))
            (local.set $p (i32.add (local.get $p) (local.get $step)))
            (local.set $i (i32.add (local.get $i) (local.get $step)))
            (br_if $l (i32.le_u (local.get $i) (local.get $end))))))
      (memory (export "mem") 1))"#;
    for (func, fused) in [(0, "; and the next\n"), (1, "; and the next 4")] {
        let text = disasm_with(&Config::default(), wat, func);
        assert_eq!(text.contains(fused), cfg!(spindle_acc), "{text}");
    }
    let (mut store, instance) = instantiate(wat);
    let steps = instance
        .get_typed_func::<(i32, i32), i32>(&store, "steps")
        .unwrap();
    assert_eq!(steps.call(&mut store, (20, 0)).unwrap(), 10_020);
    assert_eq!(steps.call(&mut store, (20, 1)).unwrap(), 20);
    let mark = instance
        .get_typed_func::<(i32, i32, i32, i32), ()>(&store, "mark")
        .unwrap();
    let mem = instance.get_memory(&store, "mem").unwrap();
    // Stops at the loop test: bytes 3, 8, .., 98 marked (the index after
    // 98 is 103 > 100).
    mark.call(&mut store, (3, 5, 100, 1000)).unwrap();
    let marked: alloc::vec::Vec<usize> = (0..200).filter(|&i| mem.data(&store)[i] == 7).collect();
    assert_eq!(marked, (3..=98).step_by(5).collect::<alloc::vec::Vec<_>>());
    // Stops at the bounds test: nothing at or past 150.
    mark.call(&mut store, (110, 10, 1000, 150)).unwrap();
    assert_eq!(mem.data(&store)[140], 7);
    assert!(mem.data(&store)[150..200].iter().all(|&b| b != 7));
    // The store traps at 65,536: every byte before it is marked, and the
    // trap is the store's.
    let err = mark
        .call(&mut store, (65_536 - 3 * 4096, 4096, 100_000, 200_000))
        .unwrap_err();
    assert_eq!(err.trap_code(), Some(crate::TrapCode::MemoryOutOfBounds));
    assert_eq!(mem.data(&store)[65_536 - 4096], 7);
}

#[test]
fn a_fused_op_keeps_only_in_the_accumulator_what_no_later_op_reads_from_its_slot() {
    // `axpy`: `c[i] += a * b[i]` fuses into one op that leaves the load of
    // `b[i]`, the product and the sum only in the accumulator (each is a
    // temp, read once by the op after it). `kept` is the same loop with
    // `b[i]` also saved with `local.tee` and summed: that load writes a
    // local, so the entry that drops its slot write must not match.
    let wat = r#"(module
      (func (export "axpy") (param $c i32) (param $b i32) (param $a f64) (param $n i32)
        (loop $l
          (f64.store (local.get $c)
            (f64.add (f64.load (local.get $c))
                     (f64.mul (local.get $a) (f64.load (local.get $b)))))
          (local.set $c (i32.add (local.get $c) (i32.const 8)))
          (local.set $b (i32.add (local.get $b) (i32.const 8)))
          (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
      (func (export "kept") (param $c i32) (param $b i32) (param $a f64) (param $n i32) (result f64)
        (local $t f64) (local $sum f64)
        (loop $l
          (f64.store (local.get $c)
            (f64.add (f64.load (local.get $c))
                     (f64.mul (local.get $a) (local.tee $t (f64.load (local.get $b))))))
          (local.set $sum (f64.add (local.get $sum) (local.get $t)))
          (local.set $c (i32.add (local.get $c) (i32.const 8)))
          (local.set $b (i32.add (local.get $b) (i32.const 8)))
          (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
        (local.get $sum))
      (memory (export "mem") 1))"#;
    let axpy = disasm_with(&Config::default(), wat, 0);
    assert_eq!(
        axpy.contains("; and the next 4"),
        cfg!(spindle_acc),
        "{axpy}"
    );
    let kept = disasm_with(&Config::default(), wat, 1);
    assert!(!kept.contains("; and the next 4"), "{kept}");
    let (mut store, instance) = instantiate(wat);
    let mem = instance.get_memory(&store, "mem").unwrap();
    // c[i] = i at 0.., b[i] = 2i + 1 at 800..
    for i in 0..100 {
        mem.data_mut(&mut store)[i * 8..i * 8 + 8].copy_from_slice(&(i as f64).to_le_bytes());
        let b = 800 + i * 8;
        mem.data_mut(&mut store)[b..b + 8].copy_from_slice(&((2 * i + 1) as f64).to_le_bytes());
    }
    let c = |store: &crate::Store<()>, i: usize| {
        f64::from_le_bytes(mem.data(store)[i * 8..i * 8 + 8].try_into().unwrap())
    };
    let axpy = instance
        .get_typed_func::<(i32, i32, f64, i32), ()>(&store, "axpy")
        .unwrap();
    axpy.call(&mut store, (0, 800, 0.5, 100)).unwrap();
    assert!((0..100).all(|i| c(&store, i) == i as f64 + 0.5 * (2 * i + 1) as f64));
    let kept = instance
        .get_typed_func::<(i32, i32, f64, i32), f64>(&store, "kept")
        .unwrap();
    assert_eq!(kept.call(&mut store, (0, 800, 2.0, 100)).unwrap(), 10_000.0);
    assert!((0..100).all(|i| c(&store, i) == i as f64 + 2.5 * (2 * i + 1) as f64));
}

/// A v128 constant inside a loop is written once, at the function's
/// start, to slots of its own, which the loop reads as it reads a local
/// (a shuffle's lane indices too); one outside any loop stays where it is.
#[cfg(feature = "simd")]
#[test]
fn loop_v128_constants_are_hoisted() {
    let wat = r#"(module (func (export "f") (param $n i32) (param $v v128) (result v128)
          (local.set $v (i32x4.add (local.get $v) (v128.const i32x4 9 9 9 9)))
          (loop $l
            (local.set $v (i32x4.add (local.get $v) (v128.const i32x4 1 2 3 4)))
            (local.set $v (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11
                            (local.get $v) (local.get $v)))
            (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
          (local.get $v)))"#;
    let text = disasm(wat);
    // After the frame's alignment (its flag in r3), the constants' ops
    // come first (two each, from the even slot r4), then nothing but the
    // first add's constant builds a v128 (in the loop, the ops read r4
    // and r6).
    let consts = text.lines().filter(|l| l.contains("v128.const")).count();
    assert!(
        text.lines()
            .next()
            .unwrap()
            .contains("align_frame n=8, flag=r3"),
        "{text}"
    );
    assert!(text.lines().nth(1).unwrap().contains("dst=r4"), "{text}");
    assert_eq!(consts, 2 + 1, "{text}");
    let body: String = text.lines().skip(5).map(|l| format!("{l}\n")).collect();
    assert!(body.contains("i32x4.add r1 = r1, r4"), "{text}");
    assert!(body.contains("lanes=r6"), "{text}");
    let (mut store, instance) = instantiate(wat);
    let f = instance
        .get_typed_func::<(i32, u128), u128>(&store, "f")
        .unwrap();
    // Lanes (i32): +9 each, then per round +(1,2,3,4) and swap lanes
    // 0<->1 and 2<->3.
    let lanes = |l: [u32; 4]| l.iter().rev().fold(0u128, |a, &x| a << 32 | x as u128);
    let mut want = [9u32, 9, 9, 9];
    for _ in 0..3 {
        want = [want[0] + 1, want[1] + 2, want[2] + 3, want[3] + 4];
        want = [want[1], want[0], want[3], want[2]];
    }
    assert_eq!(f.call(&mut store, (3, 0)).unwrap(), lanes(want));
}

/// `br_if` on `v128.any_true` (or on its `i32.eqz`) is one branch op.
#[cfg(feature = "simd")]
#[test]
fn any_true_branches_are_one_op() {
    let wat = r#"(module
      (func (export "first") (param $v v128) (result i32) (local $n i32)
        (loop $l
          (local.set $n (i32.add (local.get $n) (i32.const 1)))
          (local.set $v (i32x4.shr_u (local.get $v) (i32.const 1)))
          (br_if $l (v128.any_true (local.get $v))))
        (local.get $n))
      (func (export "second") (param $v v128) (result i32) (local $n i32)
        (block $out
          (loop $l
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (local.set $v (i32x4.shr_u (local.get $v) (i32.const 1)))
            (br_if $out (i32.eqz (v128.any_true (local.get $v))))
            (br $l)))
        (local.get $n)))"#;
    for f in [0, 1] {
        let text = disasm_with(&Config::default(), wat, f);
        assert!(!text.contains("v128.any_true"), "{text}");
        assert!(
            text.contains("br_if_any_true") || text.contains("br_if_none_true"),
            "{text}"
        );
    }
    let (mut store, instance) = instantiate(wat);
    for name in ["first", "second"] {
        let f = instance.get_typed_func::<u128, i32>(&store, name).unwrap();
        // Shifts until every lane is zero: the highest set bit decides.
        assert_eq!(f.call(&mut store, 0).unwrap(), 1, "{name}");
        assert_eq!(f.call(&mut store, 1 << 70).unwrap(), 7, "{name}");
        assert_eq!(f.call(&mut store, 0x8000_0000).unwrap(), 32, "{name}");
    }
}

/// A SIMD op that reads the v128 the op just before it computed takes
/// it from the accumulator register (`exec`, "Accumulators"), as either
/// operand of a binary op, the operand of a unary op, a store's value and
/// an `any_true` branch's test; not where a branch can reach the reader
/// (a loop's head) or an op of another kind came between. The results
/// are checked on operations whose operands do not commute.
#[cfg(feature = "simd")]
#[test]
fn v128_results_pass_through_the_accumulator() {
    let wat = r#"(module
      (memory 1)
      (func (export "f") (param $a v128) (param $b v128) (param $n i32) (param $p i32) (result v128)
        ;; lhs from the accumulator, then rhs, then a unary op, then a store.
        (local.set $a (i32x4.sub (i32x4.add (local.get $a) (local.get $b)) (local.get $b)))
        (local.set $a (i32x4.sub (local.get $b) (i32x4.mul (local.get $a) (local.get $b))))
        (v128.store offset=16 (local.get $p) (i32x4.neg (i32x4.shl (local.get $a) (i32.const 1))))
        ;; A loop whose head reads what the op before the loop wrote.
        (local.set $a (i32x4.add (local.get $a) (local.get $b)))
        (loop $l
          (local.set $a (i32x4.sub (local.get $a) (local.get $b)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br_if $l (v128.any_true (v128.and (local.get $a) (v128.const i32x4 0 0 0 0))))
          (br_if $l (local.get $n)))
        (i32x4.add (local.get $a) (v128.load offset=16 (local.get $p))))
    )"#;
    let text = disasm(wat);
    if cfg!(spindle_acc) {
        for form in [
            "i32x4.sub r0 = acc, r2",
            "i32x4.sub r0 = r2, acc",
            "i32x4.neg r",
            "v128.store [r",
            "br_if_any_true acc",
        ] {
            let line = text.lines().find(|l| l.contains(form));
            assert!(line.is_some_and(|l| l.contains("acc")), "{form}:\n{text}");
        }
        // The loop's first op is a branch target: it reads its slots.
        let head = text.lines().find(|l| l.contains("i32x4.sub r0 = r0, r2"));
        assert!(head.is_some(), "{text}");
    }
    let (mut store, instance) = instantiate(wat);
    let f = instance
        .get_typed_func::<(u128, u128, i32, i32), u128>(&store, "f")
        .unwrap();
    let lanes = |l: [i32; 4]| {
        l.iter()
            .rev()
            .fold(0u128, |acc, &x| acc << 32 | x as u32 as u128)
    };
    let each = |a: [i32; 4], b: [i32; 4], n: i32| -> [i32; 4] {
        core::array::from_fn(|i| {
            let (x, y) = (a[i], b[i]);
            let x = x.wrapping_add(y).wrapping_sub(y);
            let x = y.wrapping_sub(x.wrapping_mul(y));
            let stored = (x << 1).wrapping_neg();
            let x = x.wrapping_add(y).wrapping_sub(y.wrapping_mul(n));
            x.wrapping_add(stored)
        })
    };
    let (a, b) = ([5, -7, 1 << 30, 9], [3, 11, -2, 0]);
    assert_eq!(
        f.call(&mut store, (lanes(a), lanes(b), 3, 0)).unwrap(),
        lanes(each(a, b, 3))
    );
}
