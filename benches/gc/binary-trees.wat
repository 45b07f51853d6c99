;; binary-trees: the allocation benchmark of the Computer Language
;; Benchmarks Game, on WebAssembly GC structs.
;;
;; run(max) with max the largest depth (at least min + 2, min = 4):
;;   1. a "stretch" tree of depth max + 1 is built and its nodes counted;
;;   2. a long-lived tree of depth max is built and kept until the end;
;;   3. for each depth d = min, min + 2, ..., max, 2^(max - d + min)
;;      short-lived trees of depth d are built and counted, each garbage
;;      as soon as it is counted;
;;   4. the long-lived tree is counted.
;; The result folds every count, in order, into one i64 (h = h * 31 +
;; count), so a wrong tree anywhere changes it. About
;; (max - min + 2) / 2 * 2^(max + min + 1) nodes are allocated in all
;; (14.9 million for max = 16), while at most about 2^(max + 2) are live.
(module
  (type $node (struct (field $left (ref null $node)) (field $right (ref null $node))))

  ;; A perfect tree of depth $d (a leaf is depth 0; 2^(d+1) - 1 nodes).
  (func $make (param $d i32) (result (ref $node))
    (if (result (ref $node)) (i32.eqz (local.get $d))
      (then (struct.new $node (ref.null $node) (ref.null $node)))
      (else
        (local.set $d (i32.sub (local.get $d) (i32.const 1)))
        (struct.new $node (call $make (local.get $d)) (call $make (local.get $d))))))

  ;; The nodes of a tree, counted by walking it.
  (func $check (param $n (ref $node)) (result i32)
    (local $l (ref null $node))
    (local.set $l (struct.get $node $left (local.get $n)))
    (if (result i32) (ref.is_null (local.get $l))
      (then (i32.const 1))
      (else
        (i32.add
          (i32.add (i32.const 1) (call $check (ref.as_non_null (local.get $l))))
          (call $check (ref.as_non_null (struct.get $node $right (local.get $n))))))))

  (func $fold (param $h i64) (param $v i32) (result i64)
    (i64.add (i64.mul (local.get $h) (i64.const 31)) (i64.extend_i32_u (local.get $v))))

  (func (export "run") (param $max i32) (result i64)
    (local $min i32) (local $h i64) (local $long (ref null $node))
    (local $d i32) (local $iters i32) (local $i i32) (local $sum i32)
    (local.set $min (i32.const 4))
    (if (i32.lt_s (local.get $max) (i32.add (local.get $min) (i32.const 2)))
      (then (local.set $max (i32.add (local.get $min) (i32.const 2)))))

    ;; 1. the stretch tree
    (local.set $h (call $fold (local.get $h)
      (call $check (call $make (i32.add (local.get $max) (i32.const 1))))))

    ;; 2. the long-lived tree
    (local.set $long (call $make (local.get $max)))

    ;; 3. many short-lived trees
    (local.set $d (local.get $min))
    (block $done
      (loop $depths
        (br_if $done (i32.gt_s (local.get $d) (local.get $max)))
        (local.set $iters (i32.shl (i32.const 1)
          (i32.add (i32.sub (local.get $max) (local.get $d)) (local.get $min))))
        (local.set $sum (i32.const 0))
        (local.set $i (i32.const 0))
        (loop $trees
          (local.set $sum (i32.add (local.get $sum) (call $check (call $make (local.get $d)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $trees (i32.lt_s (local.get $i) (local.get $iters))))
        (local.set $h (call $fold (call $fold (local.get $h) (local.get $iters)) (local.get $sum)))
        (local.set $d (i32.add (local.get $d) (i32.const 2)))
        (br $depths)))

    ;; 4. the long-lived tree, still whole
    (call $fold (local.get $h) (call $check (ref.as_non_null (local.get $long))))))
