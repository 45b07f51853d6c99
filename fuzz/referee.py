"""The differential target's third engine: Wasmtime (the pip `wasmtime`
package), asked only when Spindle and wasmi disagree.

usage: referee.py MODULE.wasm CALLS

CALLS is a text file written by `fuzz_targets/differential.rs`:

    fuel N
    memory_size BYTES
    table_elements N
    type PARAM... -> RESULT...  (the signature of the call on the next line)
    call NAME ARG...        (one line per call, in order)
    global NAME v128        (each exported v128 global)

with each NAME in hex followed by a dot (an export name may be empty or
hold spaces), each ARG as `i32:U`, `i64:U`, `f32:BITS`, `f64:BITS` (unsigned
decimal), `v128:HEX` (32 hex digits, lane 0 at the right) or `ref:null`,
and each type in the text format's names (`ref` for a typed reference).
The referee instantiates the module once, makes
the calls in order with N fuel each, and prints, one per line:

    instantiate ok | instantiate trap KIND | instantiate error
    call NAME ok VALUE...   | call NAME trap KIND | call NAME exhausted
    memory NAME FNV64       (of its bytes, hex)
    global NAME VALUE

in the same forms (a NaN as `f32:nan` or `f64:nan`: floats cross this
package as Python floats, which keep a NaN but not its payload). Trap kinds
use the target's names; a stack overflow or running out of fuel ends the
list with `exhausted`, since the engines limit differently.

Wasmtime canonicalises every NaN it computes, as Spindle and wasmi do in
the differential target, and gives relaxed SIMD its deterministic results.
This package cannot pass a `v128` in or out, nor even name its type (the C
API it is built on aborts the process on a `v128` value type), hence the
`type` and `global` lines: a function with a `v128` in its signature is
called through a small wrapper module that takes and returns each `v128`
as two `i64`s (low half first), and a `v128` global is read through one
that imports it. A typed reference in such a signature is not supported
(the referee fails, and the target reports the input).
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
    if ty == "v128":
        return int(v, 16)
    raise ValueError(f"bad argument {text}")


def wat_type(t):
    """A type from a `type` line, for a wrapper's text."""
    if t == "ref":
        raise ValueError("no wrapper for a typed reference in a v128 signature")
    return t


def i64_val(u):
    """An unsigned 64-bit integer as an `i64` argument."""
    return wasmtime.Val.i64(struct.unpack("<q", struct.pack("<Q", u & 0xFFFFFFFFFFFFFFFF))[0])


def v128_text(lo, hi):
    return f"v128:{((hi & 0xFFFFFFFFFFFFFFFF) << 64) | (lo & 0xFFFFFFFFFFFFFFFF):032x}"


def call_wrapped(engine, store, func, params, results, args):
    """Calls `func`, of type `params -> results` with a v128 among them,
    through a wrapper taking and returning each v128 as two i64s (low,
    high); returns its results in the CALLS forms."""
    flat = lambda ts: " ".join("i64 i64" if t == "v128" else wat_type(t) for t in ts)
    body, k = [], 0
    for t in params:
        if t == "v128":
            body += [f"local.get {k}", "i64x2.splat", f"local.get {k + 1}", "i64x2.replace_lane 1"]
            k += 2
        else:
            body.append(f"local.get {k}")
            k += 1
    body.append("call $f")
    first = k  # the results' locals follow the parameters
    body += [f"local.set {first + j}" for j in reversed(range(len(results)))]
    for j, t in enumerate(results):
        if t == "v128":
            body += [f"local.get {first + j}", "i64x2.extract_lane 0", f"local.get {first + j}", "i64x2.extract_lane 1"]
        else:
            body.append(f"local.get {first + j}")
    sig = " ".join(wat_type(t) for t in params)
    res = " ".join(wat_type(t) for t in results)
    locals_ = f"(local {res})" if results else ""
    wat = f"""(module
      (import "" "f" (func $f (param {sig}) (result {res})))
      (func (export "w") (param {flat(params)}) (result {flat(results)}) {locals_}
        {" ".join(body)}))"""
    wrapper = wasmtime.Instance(store, wasmtime.Module(engine, wat), [func])
    flat_args = []
    for t, a in zip(params, args):
        if t == "v128":
            flat_args += [i64_val(a), i64_val(a >> 64)]
        else:
            flat_args.append(a)
    out = wrapper.exports(store)["w"](store, *flat_args)
    out = [] if out is None else list(out) if isinstance(out, (list, tuple)) else [out]
    shown, i = [], 0
    for t in results:
        if t == "v128":
            shown.append(v128_text(out[i], out[i + 1]))
            i += 2
        else:
            shown.append(show(t, out[i]))
            i += 1
    return shown


def read_v128_global(engine, store, glob):
    """A v128 global's value, through a module that imports it (as
    mutable first, then as immutable: its type cannot be asked)."""
    for mut in ("(mut v128)", "v128"):
        wat = f"""(module
          (import "" "g" (global $g {mut}))
          (func (export "w") (result i64 i64)
            global.get $g i64x2.extract_lane 0 global.get $g i64x2.extract_lane 1))"""
        try:
            wrapper = wasmtime.Instance(store, wasmtime.Module(engine, wat), [glob])
        except wasmtime.WasmtimeError:
            continue
        lo, hi = wrapper.exports(store)["w"](store)
        return v128_text(lo, hi)
    raise ValueError("a v128 global that imports as neither mutable nor immutable")


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
    settings, calls, v128_globals, sig = {}, [], set(), None
    for line in open(calls_path):
        words = line.split()
        if not words:
            continue
        if words[0] == "type":
            arrow = words.index("->")
            sig = (words[1:arrow], words[arrow + 1:])
        elif words[0] == "call":
            calls.append((unhex(words[1]), [arg(a) for a in words[2:]], sig))
            sig = None
        elif words[0] == "global":
            v128_globals.add(unhex(words[1]))
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
    config.wasm_simd = True
    config.wasm_relaxed_simd = True
    config.wasm_relaxed_simd_deterministic = True
    # Every NaN an instruction computes is the canonical one, as in the
    # target's Spindle and wasmi (whose v128 results compare bit for bit).
    config.cranelift_nan_canonicalization = True
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
    for name, args, sig in calls:
        func = exports[name]
        store.set_fuel(fuel)
        try:
            if sig is not None and "v128" in sig[0] + sig[1]:
                shown = " ".join(call_wrapped(engine, store, func, sig[0], sig[1], args))
                print(f"call {hexname(name)} ok {shown}".rstrip())
                continue
            results = func.type(store).results
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
            if name in v128_globals:
                value = read_v128_global(engine, store, item)
            else:
                value = show(item.type(store).content, item.value(store))
            print(f"global {hexname(name)} {value}")

if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
