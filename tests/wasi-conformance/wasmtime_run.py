"""Runs a WASI command under Wasmtime's preview1 (the `wasmtime` Python
package), the reference side of the conformance comparison.

usage: wasmtime_run.py [--dir HOST::GUEST]... FILE.wasm [ARGS...]

Exit status: the guest's proc_exit code, 0 when _start returns, and 134 on
a trap or a host error that aborts the guest (the message goes to
stderr), so the harness can tell a trap
from an exit.
"""
import sys

import wasmtime


def main(argv):
    preopens = []
    while argv and argv[0] == "--dir":
        host, _, guest = argv[1].partition("::")
        preopens.append((host, guest or host))
        argv = argv[2:]
    if not argv:
        sys.exit(__doc__)
    wasm, args = argv[0], argv[1:]
    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    config = wasmtime.WasiConfig()
    config.argv = [wasm] + args
    config.inherit_stdout()
    config.inherit_stderr()
    for host, guest in preopens:
        config.preopen_dir(host, guest)
    store.set_wasi(config)
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    instance = linker.instantiate(store, wasmtime.Module.from_file(engine, wasm))
    try:
        instance.exports(store)["_start"](store)
    except wasmtime.ExitTrap as e:
        sys.exit(e.code)
    except (wasmtime.Trap, wasmtime.WasmtimeError) as e:
        # A host function's error (an out-of-bounds pointer, an invalid
        # enum value) ends the guest like a trap does.
        sys.stdout.flush()
        print(f"trap: {e}", file=sys.stderr)
        sys.exit(134)


if __name__ == "__main__":
    main(sys.argv[1:])
