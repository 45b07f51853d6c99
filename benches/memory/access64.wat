;; The same loop on a 64-bit memory 0, for benches/memory/access.sh.
(module
  (memory $a i64 1)
  (func (export "mem0_64") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.load $a (i64.extend_i32_u (i32.and (local.get $i) (i32.const 0xfffc))))))
      (i32.store $a (i64.extend_i32_u (i32.and (local.get $i) (i32.const 0xfff8))) (local.get $s))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (local.get $n))))
    (local.get $s)))
