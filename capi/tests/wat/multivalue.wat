;; Functions with several results, from wasm and from the host (multivalue.c),
;; and a host function with one f64 result.
(module
  (import "host" "divmod" (func $divmod (param i32 i32) (result i32 i32)))
  (import "host" "split3" (func $split3 (param i64) (result i32 i64 f64)))
  (import "host" "half" (func $half (param f64) (result f64)))

  (func (export "pair") (param i32) (result i32 i64)
    (local.get 0)
    (i64.mul (i64.extend_i32_s (local.get 0)) (i64.const 10)))
  (func (export "triple") (param i32) (result i32 f32 f64)
    (local.get 0)
    (f32.add (f32.convert_i32_s (local.get 0)) (f32.const 0.5))
    (f64.mul (f64.convert_i32_s (local.get 0)) (f64.const 0.25)))
  (func (export "swap") (param i64 i32) (result i32 i64)
    (local.get 1) (local.get 0))
  (func (export "block_pair") (result i32 i32)
    (block (result i32 i32) (i32.const 1) (i32.const 2)))
  ;; q * 1000 + r from the host's two results
  (func (export "use_divmod") (param i32 i32) (result i32)
    (local $q i32) (local $r i32)
    (call $divmod (local.get 0) (local.get 1))
    (local.set $r)
    (local.set $q)
    (i32.add (i32.mul (local.get $q) (i32.const 1000)) (local.get $r)))
  ;; the host's two results passed straight through
  (func (export "pass_divmod") (param i32 i32) (result i32 i32)
    (call $divmod (local.get 0) (local.get 1)))
  ;; f64(a) + f64(b) + c from the host's three results
  (func (export "use_split3") (param i64) (result f64)
    (local $a i32) (local $b i64) (local $c f64)
    (call $split3 (local.get 0))
    (local.set $c)
    (local.set $b)
    (local.set $a)
    (f64.add
      (f64.add (f64.convert_i32_s (local.get $a)) (f64.convert_i64_s (local.get $b)))
      (local.get $c)))
  ;; one result, not an i32
  (func (export "use_half") (param f64) (result f64)
    (f64.add (call $half (local.get 0)) (f64.const 1)))
  (func (export "pass_split3") (param i64) (result i32 i64 f64)
    (call $split3 (local.get 0)))
)
