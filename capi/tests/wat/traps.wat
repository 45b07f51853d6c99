;; One function per trap kind (traps.c). No imports, so function indices
;; are the definition order: 0 unreachable, 1 div, 2 oob, 3 recurse,
;; 4 nested, 5 id, 6 pair.
(module
  (memory 1)
  (func $unreachable (export "unreachable")
    (unreachable))
  (func $div (export "div") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func $oob (export "oob") (param i32) (result i32)
    (i32.load (local.get 0)))
  (func $recurse (export "recurse") (param i32) (result i32)
    (call $recurse (i32.add (local.get 0) (i32.const 1))))
  (func $nested (export "nested") (param i32 i32) (result i32)
    (i32.add (call $div (local.get 0) (local.get 1)) (i32.const 1)))
  (func $id (export "id") (param i32) (result i32)
    (local.get 0))
  (func $pair (export "pair") (result i32 i32)
    (i32.const 1) (i32.const 2))
)
