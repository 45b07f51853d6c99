#!/usr/bin/env python3
"""What each fused op saves on the corpus, estimated from dispatch counts.

usage: benches/fused-report.py STATS_DIR COUNTS_TSV [TABLE.rs]

STATS_DIR is what `benches/corpus.sh --op-stats STATS_DIR BINARY` wrote:
one PROGRAM.txt per corpus program with the counts of every op and run of
ops that the program dispatched (a binary built with the op-stats
feature). COUNTS_TSV is what `benches/corpus.sh BINARY` wrote for the
ordinary build of the same source (cachegrind instruction counts).
TABLE.rs lists the fused ops (default src/bytecode/fused.rs): each entry
`Name = First { .. } then Second { .. } ...;` runs `1 + thens` ops.

A fused op of `len` ops dispatched `c` times saves at most `(len - 1) * c`
dispatches (fewer when a branch inside it is taken). Each dispatch saved
was worth 3 to 6 instructions on this corpus (4.4 on the real programs;
measured once: the corpus with every fused op against the corpus with
none, over the dispatches they saved), so the table estimates an op's
saving in a program as `4.4 * (len - 1) * c / instructions`, in units of
0.01% of that program's instructions, and its effect on the corpus's
geometric mean as the mean of those over the programs. `broad` counts the
programs where it saves at least 0.05%. The admission rule
(src/bytecode/fused.rs) is judged on these estimates and then confirmed
with cachegrind on the build without the ops it drops.
"""
import os
import re
import sys

PER_DISPATCH = 4.4
PROGRAMS = ["fib", "sieve", "sha256", "compress", "matmul", "nbody", "json", "regex", "bulk_memory",
            "python", "quickjs", "yosys", "yosys-V", "python-c-pass"]
SHORT = {"compress": "compr", "matmul": "matml", "bulk_memory": "bulk", "python": "py",
         "quickjs": "qjs", "yosys-V": "ys-V", "python-c-pass": "py-c", "sha256": "sha"}


def fused_ops(path):
    ops = {}
    for m in re.finditer(r"^\s*([A-Z]\w*) = ([A-Z]\w*) \{[^}]*\}(.*?);", open(path).read(), re.M | re.S):
        ops[m.group(1)] = 1 + len(re.findall(r"\bthen\b", m.group(3)))
    return ops


def read_stats(path):
    singles = {}
    for line in open(path):
        parts = line.split()
        if len(parts) == 2 and parts[0].isdigit():
            singles[parts[1]] = int(parts[0])
    return singles


def read_counts(path):
    counts = {}
    for line in open(path):
        if line.startswith("#") or line.startswith("program\t"):
            continue
        name, n = line.split("\t")
        counts[name] = int(n)
    return counts


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    stats_dir, counts_tsv = sys.argv[1], sys.argv[2]
    table = sys.argv[3] if len(sys.argv) > 3 else "src/bytecode/fused.rs"
    ops = fused_ops(table)
    if not ops:
        sys.exit(f"no fused ops found in {table}")
    counts = read_counts(counts_tsv)
    programs = [p for p in PROGRAMS if os.path.exists(os.path.join(stats_dir, p + ".txt")) and p in counts]
    stats = {p: read_stats(os.path.join(stats_dir, p + ".txt")) for p in programs}
    rows = []
    for name, length in ops.items():
        saved = [PER_DISPATCH * (length - 1) * stats[p].get(name, 0) / counts[p] for p in programs]
        rows.append((sum(saved) / len(saved), name, length, saved, sum(s >= 0.0005 for s in saved)))
    rows.sort(reverse=True)
    print(f"{'fused op':40} len " + " ".join(f"{SHORT.get(p, p):>6}" for p in programs) + "  geomean broad")
    for mean, name, length, saved, broad in rows:
        cells = " ".join(f"{1e4 * s:6.1f}" if s else f"{'-':>6}" for s in saved)
        print(f"{name:40} {length:3} {cells} {1e4 * mean:8.1f} {broad:5}")
    total = {p: sum(stats[p].values()) for p in programs}
    print("\ndispatches: " + ", ".join(f"{p} {total[p] / 1e9:.3f} G" for p in programs))


main()
