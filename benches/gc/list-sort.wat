;; list-sort: merge sort of a linked list of GC structs, every merge
;; building a new list.
;;
;; run(n): builds a list of n cells whose i32 keys come from a linear
;; congruential generator (seed 1, x' = 1664525 x + 1013904223 mod 2^32),
;; sorts it by the keys as unsigned numbers with a top-down merge sort
;; whose merges allocate the cells of their result (the inputs become
;; garbage), and walks the result: it traps (unreachable) unless the list
;; holds n keys in order, and returns the sum of key * position (positions
;; from 1), mod 2^32, as an i64. About n * (log2 n + 2) cells are
;; allocated (22 million for n = 2^20), while at most about 3 n are live.
(module
  (type $cell (struct (field $key i32) (field $next (mut (ref null $cell)))))

  ;; The list after its first $k cells.
  (func $drop (param $l (ref null $cell)) (param $k i32) (result (ref null $cell))
    (block $done
      (loop $walk
        (br_if $done (i32.eqz (local.get $k)))
        (local.set $l (struct.get $cell $next (local.get $l)))
        (local.set $k (i32.sub (local.get $k) (i32.const 1)))
        (br $walk)))
    (local.get $l))

  ;; A new list: the sorted keys of $a and $b, themselves sorted; $a's
  ;; key first on a tie, so the sort is stable.
  (func $merge (param $a (ref null $cell)) (param $b (ref null $cell)) (result (ref null $cell))
    (local $head (ref $cell)) (local $tail (ref $cell)) (local $new (ref null $cell))
    (local $ka i32) (local $kb i32)
    (local.set $head (struct.new $cell (i32.const 0) (ref.null $cell)))
    (local.set $tail (local.get $head))
    (block $one_empty
      (loop $both
        (br_if $one_empty (ref.is_null (local.get $a)))
        (br_if $one_empty (ref.is_null (local.get $b)))
        (local.set $ka (struct.get $cell $key (local.get $a)))
        (local.set $kb (struct.get $cell $key (local.get $b)))
        (if (i32.le_u (local.get $ka) (local.get $kb))
          (then
            (local.set $new (struct.new $cell (local.get $ka) (ref.null $cell)))
            (local.set $a (struct.get $cell $next (local.get $a))))
          (else
            (local.set $new (struct.new $cell (local.get $kb) (ref.null $cell)))
            (local.set $b (struct.get $cell $next (local.get $b)))))
        (struct.set $cell $next (local.get $tail) (local.get $new))
        (local.set $tail (ref.as_non_null (local.get $new)))
        (br $both)))
    ;; The rest of the other list is copied too, so that every cell of
    ;; the result is new.
    (if (ref.is_null (local.get $a)) (then (local.set $a (local.get $b))))
    (block $copied
      (loop $rest
        (br_if $copied (ref.is_null (local.get $a)))
        (local.set $new (struct.new $cell (struct.get $cell $key (local.get $a)) (ref.null $cell)))
        (struct.set $cell $next (local.get $tail) (local.get $new))
        (local.set $tail (ref.as_non_null (local.get $new)))
        (local.set $a (struct.get $cell $next (local.get $a)))
        (br $rest)))
    (struct.get $cell $next (local.get $head)))

  ;; A new sorted list of the first $n (at least 1) keys of $l.
  (func $sort (param $l (ref null $cell)) (param $n i32) (result (ref null $cell))
    (local $half i32)
    (if (i32.eq (local.get $n) (i32.const 1))
      (then (return (struct.new $cell (struct.get $cell $key (local.get $l)) (ref.null $cell)))))
    (local.set $half (i32.shr_u (local.get $n) (i32.const 1)))
    (call $merge
      (call $sort (local.get $l) (local.get $half))
      (call $sort (call $drop (local.get $l) (local.get $half))
                  (i32.sub (local.get $n) (local.get $half)))))

  (func (export "run") (param $n i32) (result i64)
    (local $list (ref null $cell)) (local $x i32) (local $i i32)
    (local $key i32) (local $prev i32) (local $sum i32)
    (if (i32.lt_s (local.get $n) (i32.const 1)) (then (local.set $n (i32.const 1))))
    ;; Build the list, the last key generated first in the list.
    (local.set $x (i32.const 1))
    (local.set $i (i32.const 0))
    (loop $build
      (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1664525)) (i32.const 1013904223)))
      (local.set $list (struct.new $cell (local.get $x) (local.get $list)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $build (i32.lt_s (local.get $i) (local.get $n))))
    (local.set $list (call $sort (local.get $list) (local.get $n)))
    ;; Check and sum the result.
    (local.set $i (i32.const 0))
    (block $end
      (loop $walk
        (br_if $end (ref.is_null (local.get $list)))
        (local.set $key (struct.get $cell $key (local.get $list)))
        (if (i32.lt_u (local.get $key) (local.get $prev)) (then (unreachable)))
        (local.set $prev (local.get $key))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $sum (i32.add (local.get $sum) (i32.mul (local.get $key) (local.get $i))))
        (local.set $list (struct.get $cell $next (local.get $list)))
        (br $walk)))
    (if (i32.ne (local.get $i) (local.get $n)) (then (unreachable)))
    (i64.extend_i32_u (local.get $sum))))
