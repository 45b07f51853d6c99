(module
  (memory 1)
  (func (export "grow") (param i32) (result i32)
    (local $old i32)
    (local.set $old (memory.grow (local.get 0)))
    (if (i32.ge_s (local.get $old) (i32.const 0))
      (then (i32.store8 (i32.sub (i32.shl (i32.add (local.get $old) (local.get 0)) (i32.const 16)) (i32.const 1)) (i32.const 1))))
    (local.get $old)))
