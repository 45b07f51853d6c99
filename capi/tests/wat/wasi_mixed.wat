;; One WASI import and one host import, linked by hand (wasi.c). "run"
;; writes "mixed\n" to stdout and returns host_value(errno * 1000 + nwritten).
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "env" "host_value" (func $host_value (param i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "mixed\n")
  (func (export "run") (result i32)
    (local $errno i32)
    (i32.store (i32.const 0) (i32.const 100))
    (i32.store (i32.const 4) (i32.const 6))
    (local.set $errno
      (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $host_value
      (i32.add (i32.mul (local.get $errno) (i32.const 1000))
               (i32.load (i32.const 8)))))
)
