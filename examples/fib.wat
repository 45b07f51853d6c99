;; Recursive Fibonacci: `spindle run examples/fib.wat --invoke fib 20` prints 6765.
(module
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else
        (i32.add
          (call $fib (i32.sub (local.get $n) (i32.const 1)))
          (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func (export "sum") (param $n i32) (result i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (local.get $n)))
      (br_if $l (i32.gt_s (local.tee $n (i32.sub (local.get $n) (i32.const 1)))
                          (i32.const 0))))
    (local.get $acc)))
