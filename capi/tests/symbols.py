#!/usr/bin/env python3
"""Checks that a library defines every function wasm.h and spindle.h
declare: expands wasm.h's WASM_DECLARE_* macros by their documented
pattern, reads every other `WASM_API_EXTERN` / spindle.h declaration, and
compares with the library's exported symbols (`nm -D --defined-only`).

usage: symbols.py WASM_H SPINDLE_H LIBRARY.so
"""
import re
import subprocess
import sys

wasm_h, spindle_h, lib = sys.argv[1:4]
names = set()


def own(n):
    names.add(f"wasm_{n}_delete")


def vec(n):
    for s in ["new_empty", "new_uninitialized", "new", "copy", "delete"]:
        names.add(f"wasm_{n}_vec_{s}")


def type_(n):
    own(n)
    vec(n)
    names.add(f"wasm_{n}_copy")


def ref_base(n):
    own(n)
    for s in ["copy", "same", "get_host_info", "set_host_info", "set_host_info_with_finalizer"]:
        names.add(f"wasm_{n}_{s}")


def ref(n):
    ref_base(n)
    names.update([f"wasm_{n}_as_ref", f"wasm_ref_as_{n}", f"wasm_{n}_as_ref_const", f"wasm_ref_as_{n}_const"])


def sharable(n):
    ref(n)
    own("shared_" + n)
    names.update([f"wasm_{n}_share", f"wasm_{n}_obtain"])


kinds = {"OWN": own, "VEC": vec, "TYPE": type_, "REF_BASE": ref_base, "REF": ref, "SHARABLE_REF": sharable}
text = open(wasm_h).read()
for kind, n in re.findall(r"^WASM_DECLARE_(\w+)\((\w+)", text, re.M):
    kinds[kind](n)
for decl in re.findall(r"WASM_API_EXTERN[^;]*?\b(wasm_\w+)\(", text):
    names.add(decl)
for decl in re.findall(r"^[\w ]+?\**\s*\b(spindle_\w+)\(", open(spindle_h).read(), re.M):
    names.add(decl)
names = {n for n in names if "##" not in n}
out = subprocess.run(["nm", "-D", "--defined-only", lib], capture_output=True, text=True, check=True).stdout
have = {line.split()[-1] for line in out.splitlines() if line.strip()}
missing = sorted(names - have)
if missing:
    print(f"{lib} lacks {len(missing)} of {len(names)} declared functions:", *missing, sep="\n  ")
    sys.exit(1)
print(f"all {len(names)} functions of wasm.h and spindle.h are defined")
