;; A module that calls one host function (refcount.c).
(module
  (import "host" "tick" (func $tick (result i32)))
  (func (export "run") (result i32)
    (i32.add (call $tick) (i32.const 100)))
)
