;; A WASI command: prints its first argument (or "hello") and exits with status 7.
;; `spindle run examples/hello_wasi.wat world` prints "world", status 7.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "hello")
  (func $strlen (param $p i32) (result i32) (local $n i32)
    (block $done (loop $l
      (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $l)))
    (local.get $n))
  (func (export "_start") (local $argc i32)
    ;; argc at 0, buf size at 4, argv at 256, strings at 512
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (drop (call $args_get (i32.const 256) (i32.const 512)))
    (if (i32.ge_u (i32.load (i32.const 0)) (i32.const 2))
      (then
        (i32.store (i32.const 16) (i32.load (i32.const 260)))
        (i32.store (i32.const 20) (call $strlen (i32.load (i32.const 260)))))
      (else
        (i32.store (i32.const 16) (i32.const 64))
        (i32.store (i32.const 20) (i32.const 5))))
    ;; the text, then a newline
    (i32.store8 (i32.const 100) (i32.const 10))
    (i32.store (i32.const 24) (i32.const 100))
    (i32.store (i32.const 28) (i32.const 1))
    (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 2) (i32.const 8)))
    (call $proc_exit (i32.const 7))))
