;; A WASI command (no imports at all) whose _start traps (wasi.c).
(module
  (memory (export "memory") 1)
  (func (export "_start") (unreachable))
)
