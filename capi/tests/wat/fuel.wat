;; An endless loop and a short function (fuel.c).
(module
  (func (export "spin")
    (loop $again (br $again)))
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
)
