"""Call one export of a WebAssembly GC module in Wasmtime, with GC on.

usage: wasmtime-gc.py FILE.wasm NAME [ARGS...]   call export NAME with integer ARGS, print its results
       wasmtime-gc.py --wat2wasm IN.wat OUT.wasm  translate the text format (Wasmtime's own parser)

The module must have no imports. WASMTIME_TARGET=pulley64 runs Wasmtime's
interpreter (Pulley) instead of Cranelift's native code; WASMTIME_CACHE=1
keeps compiled code between runs (~/.cache/wasmtime). Exits with status 1
on a trap, with the trap's message on stderr.
"""
import os
import sys

import wasmtime


def config():
    cfg = wasmtime.Config()
    cfg.wasm_reference_types = True
    cfg.wasm_function_references = True
    cfg.wasm_gc = True
    if os.environ.get("WASMTIME_TARGET"):
        cfg.target = os.environ["WASMTIME_TARGET"]
    if os.environ.get("WASMTIME_CACHE") == "1":
        cfg.cache = True
    return cfg


def main(argv):
    if len(argv) == 3 and argv[0] == "--wat2wasm":
        with open(argv[1]) as f:
            text = f.read()
        with open(argv[2], "wb") as f:
            f.write(wasmtime.wat2wasm(text))
        return
    if len(argv) < 2 or argv[0].startswith("-"):
        sys.exit(__doc__)
    path, name, args = argv[0], argv[1], argv[2:]
    engine = wasmtime.Engine(config())
    store = wasmtime.Store(engine)
    module = wasmtime.Module.from_file(engine, path)
    instance = wasmtime.Instance(store, module, [])
    func = instance.exports(store)[name]
    try:
        out = func(store, *(int(a, 0) for a in args))
    except wasmtime.Trap as e:
        print(f"trap: {e}", file=sys.stderr)
        sys.exit(1)
    if out is not None:
        print(*(out if isinstance(out, (list, tuple)) else [out]))


if __name__ == "__main__":
    main(sys.argv[1:])
