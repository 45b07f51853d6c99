"""Compares the Spindle and Wasmtime transcripts of each probe case by case
and checks every difference against the explained ones.

usage: compare.py DIFFERENCES.md WORKDIR PROBE...

A transcript line is `LABEL: OBSERVATION`; labels are unique within a
probe. A case where Spindle stopped the guest (`TRAP`, `EXIT n`) always
fails: bad input must get an errno. DIFFERENCES.md explains a difference with a table row
`| probe | label | spindle | wasmtime | reason |` whose two observations
must match exactly, so a row stops excusing a case as soon as either
runtime's answer changes. Exit status 1 if any difference is unexplained
(or an explanation no longer matches anything, so the file cannot rot).
"""
import sys


def transcript(path):
    cases = {}
    order = []
    with open(path) as f:
        for line in f:
            label, sep, obs = line.rstrip("\n").partition(": ")
            if not sep:
                continue
            if label not in cases:
                order.append(label)
            cases[label] = obs
    return cases, order


def explained(path):
    rows = {}
    with open(path) as f:
        for line in f:
            cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
            if len(cells) != 5 or not line.startswith("|") or cells[0] in ("probe", "---"):
                continue
            if set(cells[0]) <= set("-: "):
                continue
            rows[(cells[0], cells[1])] = (cells[2], cells[3])
    return rows


def main(diff_file, work, probes):
    rows = explained(diff_file)
    used = set()
    same = unexplained = excused = 0
    for probe in probes:
        sp, order = transcript(f"{work}/spindle.{probe}.txt")
        wt, worder = transcript(f"{work}/wasmtime.{probe}.txt")
        for label in order + [l for l in worder if l not in sp]:
            a, b = sp.get(label, "(missing)"), wt.get(label, "(missing)")
            # Spindle must answer every call, however wrong: a trap (or an
            # early exit) fails even where Wasmtime traps too.
            if a == "TRAP" or a.startswith("EXIT"):
                unexplained += 1
                print(f"SPINDLE    {probe}: {label}: stopped the guest (`{a}`)")
                continue
            if a == b:
                same += 1
                continue
            key = (probe, label)
            if rows.get(key) == (a, b):
                used.add(key)
                excused += 1
                print(f"explained  {probe}: {label}: spindle `{a}`, wasmtime `{b}`")
            else:
                unexplained += 1
                print(f"DIFFERENT  {probe}: {label}: spindle `{a}`, wasmtime `{b}`")
    stale = [k for k in rows if k[0] in probes and k not in used]
    for probe, label in stale:
        print(f"STALE      DIFFERENCES.md row for {probe}: {label} matches no difference")
    total = same + excused + unexplained
    print(
        f"wasi-conformance: {total} cases in {len(probes)} probes: {same} identical, "
        f"{excused} explained differences, {unexplained} unexplained, {len(stale)} stale rows"
    )
    return 1 if unexplained or stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
