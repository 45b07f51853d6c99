;; Loop-heavy integer kernel for benches/engine.rs.
;;
;; `run(n)` iterates `n` times over xorshift32, an LCG step, 64-bit mixing
;; and a data-dependent branch with a remainder, and returns a checksum.
;; benches/engine.rs recomputes the checksum in Rust (`loop_reference`).
(module
  (func (export "run") (param $n i32) (result i64)
    (local $i i32) (local $x i32) (local $y i32) (local $acc i64)
    (local.set $x (i32.const 0x12345678))
    (local.set $y (i32.const 1))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        ;; xorshift32
        (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 13))))
        (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 17))))
        (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 5))))
        ;; y = y * 1103515245 + 12345 + (x & 0xff)
        (local.set $y
          (i32.add
            (i32.mul (local.get $y) (i32.const 1103515245))
            (i32.add (i32.const 12345) (i32.and (local.get $x) (i32.const 0xff)))))
        ;; acc = rotl(acc ^ (x << 32 | y), 7) + i
        (local.set $acc
          (i64.add
            (i64.rotl
              (i64.xor
                (local.get $acc)
                (i64.or
                  (i64.shl (i64.extend_i32_u (local.get $x)) (i64.const 32))
                  (i64.extend_i32_u (local.get $y))))
              (i64.const 7))
            (i64.extend_i32_u (local.get $i))))
        ;; about one iteration in four: acc -= x % 1000003
        (if (i32.eqz (i32.and (local.get $y) (i32.const 3)))
          (then
            (local.set $acc
              (i64.sub
                (local.get $acc)
                (i64.extend_i32_u (i32.rem_u (local.get $x) (i32.const 1000003)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $acc)))
