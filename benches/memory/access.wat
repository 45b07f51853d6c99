;; Loads and stores on memory 0 (32-bit), a 64-bit memory and a third
;; memory, for benches/memory/access.sh. The loop counter steps by 4, so
;; N is four times the iteration count.
(module
  (memory $a 1)
  (memory $b i64 1)
  (memory $c 1)
  ;; Each loop: one load and one store per iteration, address masked to the page.
  (func (export "mem0_32") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.load $a (i32.and (local.get $i) (i32.const 0xfffc)))))
      (i32.store $a (i32.and (local.get $i) (i32.const 0xfff8)) (local.get $s))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (local.get $n))))
    (local.get $s))
  (func (export "mem1_64") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.load $b (i64.extend_i32_u (i32.and (local.get $i) (i32.const 0xfffc))))))
      (i32.store $b (i64.extend_i32_u (i32.and (local.get $i) (i32.const 0xfff8))) (local.get $s))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (local.get $n))))
    (local.get $s))
  (func (export "mem2_32") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.load $c (i32.and (local.get $i) (i32.const 0xfffc)))))
      (i32.store $c (i32.and (local.get $i) (i32.const 0xfff8)) (local.get $s))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (local.get $n))))
    (local.get $s)))
