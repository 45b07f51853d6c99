;; A WASI command: prints each argument and each environment entry on a
;; line of stdout, then "done", and "to stderr" on stderr (wasi.c).
;; Memory: 0 iovec, 8 nwritten, 16 count, 20 buffer size, 32 "\n",
;; 48 "done\n", 64 "to stderr\n", 1024 argv, 2048 environ, 8192 and 16384
;; their strings.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get"
    (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get"
    (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get"
    (func $environ_get (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 32) "\n")
  (data (i32.const 48) "done\n")
  (data (i32.const 64) "to stderr\n")

  (func $write (param $fd i32) (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (if (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))
      (then (unreachable))))
  (func $strlen (param $p i32) (result i32)
    (local $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $n))
  (func $print_list (param $count i32) (param $ptrs i32)
    (local $i i32) (local $s i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $s (i32.load (i32.add (local.get $ptrs)
                                         (i32.shl (local.get $i) (i32.const 2)))))
        (call $write (i32.const 1) (local.get $s) (call $strlen (local.get $s)))
        (call $write (i32.const 1) (i32.const 32) (i32.const 1))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))
  (func (export "_start")
    (if (call $args_sizes_get (i32.const 16) (i32.const 20)) (then (unreachable)))
    (if (call $args_get (i32.const 1024) (i32.const 8192)) (then (unreachable)))
    (call $print_list (i32.load (i32.const 16)) (i32.const 1024))
    (if (call $environ_sizes_get (i32.const 16) (i32.const 20)) (then (unreachable)))
    (if (call $environ_get (i32.const 2048) (i32.const 16384)) (then (unreachable)))
    (call $print_list (i32.load (i32.const 16)) (i32.const 2048))
    (call $write (i32.const 1) (i32.const 48) (i32.const 5))
    (call $write (i32.const 2) (i32.const 64) (i32.const 10)))
)
