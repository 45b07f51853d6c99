;; A module without imports (objects.c: share/obtain, serialize; refcount.c).
(module
  (memory (export "memory") 1)
  (global (export "answer") i32 (i32.const 42))
  (func (export "square") (param i32) (result i32)
    (i32.mul (local.get 0) (local.get 0)))
)
