"""The differential target's third engine: Wasmtime (the pip `wasmtime`
package), asked only when Spindle and wasmi disagree.

usage: referee.py MODULE.wasm CALLS

CALLS is a text file written by `fuzz_targets/differential.rs`:

    fuel N
    memory_size BYTES
    table_elements N
    call NAME ARG...        (one line per call, in order)

with each NAME in hex followed by a dot (an export name may be empty or
hold spaces), and each ARG as `i32:U`, `i64:U`, `f32:BITS`, `f64:BITS` (unsigned
decimal) or `ref:null`. The referee instantiates the module once, makes
the calls in order with N fuel each, and prints, one per line:

    instantiate ok | instantiate trap KIND | instantiate error
    call NAME ok VALUE...   | call NAME trap KIND | call NAME exhausted
    memory NAME FNV64       (of its bytes, hex)
    global NAME VALUE

in the same forms (a NaN as `f32:nan` or `f64:nan`: floats cross this
package as Python floats, which keep a NaN but not its payload). Trap kinds
use the target's names; a stack overflow or running out of fuel ends the
list with `exhausted`, since the engines limit differently.
"""
import struct
import sys

import wasmtime

KINDS = {
    "UNREACHABLE": "unreachable",
    "MEMORY_OUT_OF_BOUNDS": "memory",
    "TABLE_OUT_OF_BOUNDS": "table",
    "INDIRECT_CALL_TO_NULL": "null",
    "BAD_SIGNATURE": "signature",
    "INTEGER_OVERFLOW": "overflow",
    "INTEGER_DIVISION_BY_ZERO": "div0",
    "BAD_CONVERSION_TO_INTEGER": "conversion",
}
EXHAUSTED = ("STACK_OVERFLOW", "OUT_OF_FUEL", "INTERRUPT")


def arg(text):
    ty, _, v = text.partition(":")
    if ty == "i32":
        return wasmtime.Val.i32(struct.unpack("<i", struct.pack("<I", int(v)))[0])
    if ty == "i64":
        return wasmtime.Val.i64(struct.unpack("<q", struct.pack("<Q", int(v)))[0])
    if ty == "f32":
        return wasmtime.Val.f32(struct.unpack("<f", struct.pack("<I", int(v)))[0])
    if ty == "f64":
        return wasmtime.Val.f64(struct.unpack("<d", struct.pack("<Q", int(v)))[0])
    if ty == "ref":
        return None
    raise ValueError(f"bad argument {text}")


def show(ty, value):
    """A value in the CALLS forms, given its wasmtime type."""
    t = str(ty)
    if t == "i32":
        return f"i32:{value & 0xFFFFFFFF}"
    if t == "i64":
        return f"i64:{value & 0xFFFFFFFFFFFFFFFF}"
    if t in ("f32", "f64"):
        if value != value:
            return f"{t}:nan"
        fmt, ifmt = ("<f", "<I") if t == "f32" else ("<d", "<Q")
        return f"{t}:{struct.unpack(ifmt, struct.pack(fmt, value))[0]}"
    return "ref:null" if value is None else "ref:nonnull"


def hexname(name):
    return name.encode().hex() + "."


def unhex(text):
    return bytes.fromhex(text[:-1]).decode()


def fnv64(data):
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def trap_kind(e):
    code = getattr(e, "trap_code", None)
    name = code.name if code is not None else None
    if name in EXHAUSTED:
        return None
    return KINDS.get(name, f"other({name})")


def main(module_path, calls_path):
    settings, calls = {}, []
    for line in open(calls_path):
        words = line.split()
        if not words:
            continue
        if words[0] == "call":
            calls.append((unhex(words[1]), [arg(a) for a in words[2:]]))
        else:
            settings[words[0]] = int(words[1])
    config = wasmtime.Config()
    config.consume_fuel = True
    # The proposals Spindle implements and the fuzzer may generate.
    config.wasm_tail_call = True
    config.wasm_wide_arithmetic = True
    config.wasm_custom_page_sizes = True
    config.wasm_multi_memory = True
    config.wasm_memory64 = True
    engine = wasmtime.Engine(config)
    store = wasmtime.Store(engine)
    store.set_limits(
        memory_size=settings.get("memory_size", -1),
        table_elements=settings.get("table_elements", -1),
    )
    fuel = settings.get("fuel", 1_000_000)
    store.set_fuel(fuel)
    module = wasmtime.Module(engine, open(module_path, "rb").read())
    try:
        instance = wasmtime.Instance(store, module, [])
    except wasmtime.Trap as e:
        kind = trap_kind(e)
        print("instantiate exhausted" if kind is None else f"instantiate trap {kind}")
        return
    except wasmtime.WasmtimeError:
        print("instantiate error")
        return
    print("instantiate ok")
    exports = instance.exports(store)
    for name, args in calls:
        func = exports[name]
        store.set_fuel(fuel)
        results = func.type(store).results
        try:
            out = func(store, *args)
        except wasmtime.Trap as e:
            kind = trap_kind(e)
            if kind is None:
                print(f"call {hexname(name)} exhausted")
                return
            print(f"call {hexname(name)} trap {kind}")
            continue
        if len(results) == 0:
            values = []
        elif len(results) == 1:
            values = [out]
        else:
            values = list(out)
        shown = " ".join(show(t, v) for t, v in zip(results, values))
        print(f"call {hexname(name)} ok {shown}".rstrip())
    # Memories, then globals, each sorted by name, as the Rust side sorts
    # its lines.
    items = sorted(exports.items(), key=lambda kv: hexname(kv[0]))
    for name, item in items:
        if isinstance(item, wasmtime.Memory):
            print(f"memory {hexname(name)} {fnv64(item.read(store, 0, item.data_len(store)))}")
    for name, item in items:
        if isinstance(item, wasmtime.Global):
            print(f"global {hexname(name)} {show(item.type(store).content, item.value(store))}")

if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
