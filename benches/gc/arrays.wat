;; arrays: growable vectors of i64 on WebAssembly GC arrays.
;;
;; A vector is a struct of a length and an i64 array whose length is the
;; capacity; a push into a full one allocates an array twice as long and
;; moves the elements over with array.copy (the old array is garbage).
;; run(n) keeps 16 vectors in an array of (ref $vec) and performs n
;; operations, each drawn from a linear congruential generator (seed 1,
;; x' = 1664525 x + 1013904223 mod 2^32): the top 4 bits of x choose the
;; vector; one operation in 4096 (bits 10..21 all zero) empties it, after
;; folding its elements into the checksum (array.get), either by clearing
;; it in place (array.fill with 0, capacity kept; bit 22 set) or by
;; replacing it with a new vector of capacity 4 (the old one is garbage);
;; every other operation pushes x * 0x9E3779B97F4A7C15 (as an i64). At
;; the end every vector is folded. The checksum folds each element, in
;; order, as h = h * 31 + e (mod 2^64). Vectors reach a few thousand
;; elements (tens of KiB); n = 2^24 allocates about 270 MB of arrays.
(module
  (type $data (array (mut i64)))
  (type $vec (struct (field $len (mut i32)) (field $data (mut (ref $data)))))
  (type $vecs (array (mut (ref $vec))))

  (func $new_vec (result (ref $vec))
    (struct.new $vec (i32.const 0) (array.new_default $data (i32.const 4))))

  (func $push (param $v (ref $vec)) (param $e i64)
    (local $len i32) (local $data (ref $data)) (local $grown (ref $data))
    (local.set $len (struct.get $vec $len (local.get $v)))
    (local.set $data (struct.get $vec $data (local.get $v)))
    (if (i32.eq (local.get $len) (array.len (local.get $data)))
      (then
        (local.set $grown (array.new_default $data (i32.shl (local.get $len) (i32.const 1))))
        (array.copy $data $data
          (local.get $grown) (i32.const 0) (local.get $data) (i32.const 0) (local.get $len))
        (struct.set $vec $data (local.get $v) (local.get $grown))
        (local.set $data (local.get $grown))))
    (array.set $data (local.get $data) (local.get $len) (local.get $e))
    (struct.set $vec $len (local.get $v) (i32.add (local.get $len) (i32.const 1))))

  ;; $h with the vector's elements folded in.
  (func $fold (param $v (ref $vec)) (param $h i64) (result i64)
    (local $data (ref $data)) (local $len i32) (local $i i32)
    (local.set $data (struct.get $vec $data (local.get $v)))
    (local.set $len (struct.get $vec $len (local.get $v)))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $h (i64.add (i64.mul (local.get $h) (i64.const 31))
                               (array.get $data (local.get $data) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (local.get $h))

  (func (export "run") (param $n i32) (result i64)
    (local $vecs (ref $vecs)) (local $v (ref $vec))
    (local $i i32) (local $x i32) (local $which i32) (local $h i64)
    (local.set $vecs (array.new $vecs (call $new_vec) (i32.const 16)))
    (loop $init
      (array.set $vecs (local.get $vecs) (local.get $i) (call $new_vec))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $init (i32.lt_u (local.get $i) (i32.const 16))))
    (local.set $x (i32.const 1))
    (local.set $i (i32.const 0))
    (block $done
      (loop $ops
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1664525)) (i32.const 1013904223)))
        (local.set $which (i32.shr_u (local.get $x) (i32.const 28)))
        (local.set $v (array.get $vecs (local.get $vecs) (local.get $which)))
        (if (i32.eqz (i32.and (i32.shr_u (local.get $x) (i32.const 10)) (i32.const 4095)))
          (then
            (local.set $h (call $fold (local.get $v) (local.get $h)))
            (if (i32.and (i32.shr_u (local.get $x) (i32.const 22)) (i32.const 1))
              (then
                (array.fill $data (struct.get $vec $data (local.get $v))
                  (i32.const 0) (i64.const 0) (struct.get $vec $len (local.get $v)))
                (struct.set $vec $len (local.get $v) (i32.const 0)))
              (else
                (array.set $vecs (local.get $vecs) (local.get $which) (call $new_vec)))))
          (else
            (call $push (local.get $v)
              (i64.mul (i64.extend_i32_u (local.get $x)) (i64.const 0x9E3779B97F4A7C15)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $ops)))
    (local.set $i (i32.const 0))
    (loop $last
      (local.set $h (call $fold (array.get $vecs (local.get $vecs) (local.get $i)) (local.get $h)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $last (i32.lt_u (local.get $i) (i32.const 16))))
    (local.get $h)))
