#!/usr/bin/env python3
"""What each fused op saves on the corpus, from dispatch counts.

usage: benches/fused-report.py STATS_DIR [TABLE.rs]

STATS_DIR is what `benches/corpus.sh --op-stats STATS_DIR BINARY` wrote:
one PROGRAM.txt per corpus program with the counts of every op and run of
ops that the program dispatched (a binary built with the op-stats
feature). TABLE.rs is the file that lists the fused ops (default
src/bytecode/fused.rs, else src/bytecode/ops.rs): each entry
`Name = First { .. } then Second { .. } ...;` runs `1 + thens` ops.

A fused op dispatched `c` times in a program that dispatches `D` ops in
all saves at most `(len - 1) * c` dispatches (fewer when a branch inside
it is taken); the table shows that upper bound as a share of `D`, per
program, in units of 0.01% (so 100 = 1% of the program's dispatches).
Programs: the benches/ kernels first, then the real programs and
start-ups, which Spindle was not tuned on.
"""
import math
import os
import re
import sys


def fused_ops(path):
    text = open(path).read()
    ops = {}
    for m in re.finditer(r"^\s*([A-Z]\w*) = ([A-Z]\w*) \{[^}]*\}(.*?);", text, re.M | re.S):
        name, rest = m.group(1), m.group(3)
        ops[name] = 1 + len(re.findall(r"\bthen\b", rest))
    return ops


def read_stats(path):
    singles = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2 and parts[0].isdigit():
                singles[parts[1]] = int(parts[0])
    return singles


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    stats_dir = sys.argv[1]
    table = sys.argv[2] if len(sys.argv) > 2 else (
        "src/bytecode/fused.rs" if os.path.exists("src/bytecode/fused.rs") else "src/bytecode/ops.rs")
    ops = fused_ops(table)
    if not ops:
        sys.exit(f"no fused ops found in {table}")
    kernels = ["fib", "sieve", "sha256", "compress", "matmul", "nbody", "json", "regex", "bulk_memory"]
    others = ["python", "quickjs", "yosys", "yosys-V", "python-c-pass"]
    programs = [p for p in kernels + others if os.path.exists(os.path.join(stats_dir, p + ".txt"))]
    stats = {p: read_stats(os.path.join(stats_dir, p + ".txt")) for p in programs}
    total = {p: sum(s.values()) for p, s in stats.items()}
    short = {"compress": "compr", "matmul": "matml", "bulk_memory": "bulk", "python": "py",
             "quickjs": "qjs", "yosys-V": "ys-V", "python-c-pass": "py-c", "sha256": "sha",
             "regex": "regex", "json": "json", "nbody": "nbody", "sieve": "sieve", "fib": "fib",
             "yosys": "yosys"}
    print(f"{'fused op':40} len " + " ".join(f"{short[p]:>6}" for p in programs) + "   mean  others")
    rows = []
    for name, length in ops.items():
        saved = [10000 * (length - 1) * stats[p].get(name, 0) / total[p] for p in programs]
        mean = sum(saved) / len(saved)
        other = sum(s for p, s in zip(programs, saved) if p in others)
        rows.append((mean, name, length, saved, other))
    rows.sort(reverse=True)
    for mean, name, length, saved, other in rows:
        cells = " ".join(f"{s:6.1f}" if s else f"{'-':>6}" for s in saved)
        print(f"{name:40} {length:3} {cells} {mean:6.1f} {other:6.1f}")
    print()
    print("dispatches: " + ", ".join(f"{p} {total[p] / 1e9:.2f} G" for p in programs))
    shares = {p: sum((ops[n] - 1) * stats[p].get(n, 0) for n in ops) / total[p] for p in programs}
    print("all fused ops, dispatches saved (upper bound): "
          + ", ".join(f"{p} {100 * shares[p]:.1f}%" for p in programs))


main()
