;; Memory-heavy kernel for benches/engine.rs.
;;
;; `run(seed)` works over the whole 1 MiB linear memory in three passes:
;;   1. fill: i32.store of word i = (i * 0x9E3779B9) ^ seed;
;;   2. read-modify-write: each i64 w becomes w * 3 + (w >> 29);
;;   3. checksum, 16 bytes at a time, with i64/i32/i32.load16_u/i32.load8_u.
;; benches/engine.rs recomputes the checksum in Rust (`memory_reference`).
(module
  (memory (export "memory") 16 16)
  (func (export "run") (param $seed i32) (result i64)
    (local $p i32) (local $w i64) (local $acc i64) (local $bytes i32)
    ;; 1. fill
    (loop $fill
      (i32.store
        (local.get $p)
        (i32.xor
          (i32.mul (i32.shr_u (local.get $p) (i32.const 2)) (i32.const 0x9E3779B9))
          (local.get $seed)))
      (br_if $fill
        (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 4)))
                  (i32.const 0x100000))))
    ;; 2. read-modify-write
    (local.set $p (i32.const 0))
    (loop $rmw
      (local.set $w (i64.load (local.get $p)))
      (i64.store
        (local.get $p)
        (i64.add
          (i64.mul (local.get $w) (i64.const 3))
          (i64.shr_u (local.get $w) (i64.const 29))))
      (br_if $rmw
        (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 8)))
                  (i32.const 0x100000))))
    ;; 3. checksum
    (local.set $p (i32.const 0))
    (loop $sum
      (local.set $acc
        (i64.xor (i64.rotl (local.get $acc) (i64.const 5))
                 (i64.load (local.get $p))))
      (local.set $acc
        (i64.add (local.get $acc)
                 (i64.extend_i32_u (i32.load offset=8 (local.get $p)))))
      (local.set $acc
        (i64.xor (local.get $acc)
                 (i64.extend_i32_u (i32.load16_u offset=12 (local.get $p)))))
      (local.set $bytes
        (i32.add (local.get $bytes) (i32.load8_u offset=15 (local.get $p))))
      (br_if $sum
        (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 16)))
                  (i32.const 0x100000))))
    (i64.add (local.get $acc) (i64.extend_i32_u (local.get $bytes)))))
