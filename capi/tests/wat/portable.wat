;; The portable application's module (portable.c): prints through two host
;; functions and exports a function, a global and a memory.
(module
  (import "env" "print_i32" (func $print_i32 (param i32)))
  (import "env" "print_str" (func $print_str (param i32 i32)))
  (memory (export "memory") 1)
  (global (export "version") i32 (i32.const 3))
  (data (i32.const 16) "Hello from wasm")

  (func $fib (param $n i32) (result i32)
    (if (result i32) (i32.lt_s (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  ;; prints the greeting and fib(0..n-1); returns their sum
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $sum i32) (local $f i32)
    (call $print_str (i32.const 16) (i32.const 15))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $f (call $fib (local.get $i)))
        (call $print_i32 (local.get $f))
        (local.set $sum (i32.add (local.get $sum) (local.get $f)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $sum))
  (func (export "mix") (param i64 f64) (result f64)
    (f64.add (f64.convert_i64_s (local.get 0)) (f64.sqrt (local.get 1))))
)
