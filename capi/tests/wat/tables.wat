;; A table of 1 element, growable from wasm (memory.c: store limits).
(module
  (table (export "tab") 1 100 funcref)
  (func (export "grow") (param i32) (result i32)
    (table.grow 0 (ref.null func) (local.get 0)))
)
