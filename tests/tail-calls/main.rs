//! Tail calls run in constant space: 10⁸ mutually recursive tail calls,
//! direct and through a table, with the default `Config` (10,000 frames at
//! most) on a host thread with a 64 KiB stack. A call chain that pushed a
//! frame per call would trap with `StackOverflow` after 10,000; one that
//! recursed on the host stack would overflow the thread. The value stack
//! and the resident set must not grow either.
//!
//! Alone in its own test binary, so that no other test allocates while it
//! measures the resident set. CI runs it on both dispatchers (the threaded
//! handlers and, with `--features portable-dispatch`, the loop).

use spindle::{Engine, Linker, Module, Store, Val};

const CALLS: i64 = 100_000_000;

/// `$even` and `$odd` count `n` down to zero by tail-calling each other:
/// directly in `direct`, through a table in `indirect`. Each ends with
/// `n`'s parity as computed by the chain.
const WAT: &str = r#"
(module
  (type $t (func (param i64) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $even_i $odd_i)
  (func $even (type $t)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 1))
      (else (return_call $odd (i64.sub (local.get 0) (i64.const 1))))))
  (func $odd (type $t)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 0))
      (else (return_call $even (i64.sub (local.get 0) (i64.const 1))))))
  (func $even_i (type $t)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 1))
      (else (return_call_indirect (type $t) (i64.sub (local.get 0) (i64.const 1)) (i32.const 1)))))
  (func $odd_i (type $t)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 0))
      (else (return_call_indirect (type $t) (i64.sub (local.get 0) (i64.const 1)) (i32.const 0)))))
  (func (export "direct") (param i64) (result i32) (return_call $even (local.get 0)))
  (func (export "indirect") (param i64) (result i32) (return_call $even_i (local.get 0))))
"#;

/// The resident set in bytes (`VmRSS`), where Linux reports it.
fn rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[test]
fn a_hundred_million_tail_calls_run_in_constant_space() {
    let run = || {
        let engine = Engine::default();
        let module = Module::new(&engine, wat::parse_str(WAT).unwrap()).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Linker::new(&engine)
            .instantiate(&mut store, &module)
            .unwrap();
        for export in ["direct", "indirect"] {
            let f = instance.get_func(&store, export).unwrap();
            let mut out = [Val::I32(-1)];
            // Warm up (translation, the value stack's first growth), then
            // measure across the long chain.
            f.call(&mut store, &[Val::I64(10_001)], &mut out).unwrap();
            assert_eq!(out[0], Val::I32(0), "{export}: 10,001 is odd");
            let before = rss();
            let calls = if export == "direct" {
                CALLS
            } else {
                CALLS / 10
            };
            f.call(&mut store, &[Val::I64(calls)], &mut out).unwrap();
            assert_eq!(out[0], Val::I32(1), "{export}: {calls} is even");
            if let (Some(before), Some(after)) = (before, rss()) {
                let grown = after.saturating_sub(before);
                assert!(
                    grown < 1 << 20,
                    "{export}: the resident set grew by {grown} bytes"
                );
                println!("{export}: {calls} tail calls, resident set {before} -> {after} bytes");
            }
        }
    };
    std::thread::Builder::new()
        .stack_size(64 << 10)
        .spawn(run)
        .unwrap()
        .join()
        .expect("the tail calls ran out of space");
}
