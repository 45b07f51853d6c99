# CPU-bound workload for benches/corpus.sh: dicts, sorting, string splitting
# and recursion, a little of each. The same algorithm is in work.js, and both
# print the same lines, so the host's python3 gives the expected output of
# both. Integers stay below 2**53 (exact as JS doubles); no set or hash()
# order is printed (string hashing is randomized). usage: work.py [N]
import sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
M = 1000000007
seed = 12345


def rnd(n):
    # Park-Miller minimal standard generator; product < 2**47.
    global seed
    seed = seed * 48271 % 2147483647
    return seed % n


def word():
    letters = "etaoinshr"
    k = 2 + rnd(4)
    return "".join(letters[rnd(9)] for _ in range(k))


def mix(h, v):
    return (h * 31 + v) % M


def strsum(h, s):
    for c in s:
        h = mix(h, ord(c))
    return h


# Strings: build a text of lines of words, then split it up again.
lines = []
for i in range(N // 8):
    lines.append(" ".join(word() for _ in range(8)))
text = "\n".join(lines)

# Dicts: word counts and bigram counts.
counts = {}
bigrams = {}
total = 0
for line in text.split("\n"):
    ws = line.split(" ")
    for j, w in enumerate(ws):
        counts[w] = counts.get(w, 0) + 1
        total += 1
        if j > 0:
            key = ws[j - 1] + "," + w
            bigrams[key] = bigrams.get(key, 0) + 1
print("words", total, "distinct", len(counts), "bigrams", len(bigrams))

# Sorting: by count descending, then by word.
ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
print("top", " ".join(f"{w}:{c}" for w, c in ranked[:5]))
h = 0
for w, c in ranked:
    h = mix(strsum(h, w), c)
print("ranked", h)
top_bigrams = sorted(bigrams.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
print("bigrams", " ".join(f"{k}:{c}" for k, c in top_bigrams))

# Records: group by a key, aggregate, sort by two fields.
records = []
for i in range(N // 2):
    records.append({"id": i, "group": "g" + str(rnd(17)), "score": rnd(1000), "tag": word()})
groups = {}
for r in records:
    g = groups.get(r["group"])
    if g is None:
        g = {"n": 0, "sum": 0, "max": -1, "tags": {}}
        groups[r["group"]] = g
    g["n"] += 1
    g["sum"] += r["score"]
    if r["score"] > g["max"]:
        g["max"] = r["score"]
    g["tags"][r["tag"]] = g["tags"].get(r["tag"], 0) + 1
h = 0
for name in sorted(groups):
    g = groups[name]
    h = mix(mix(mix(mix(strsum(h, name), g["n"]), g["sum"]), g["max"]), len(g["tags"]))
print("groups", len(groups), h)
records.sort(key=lambda r: (r["score"], r["tag"], r["id"]))
h = 0
for r in records:
    h = mix(h, r["id"])
print("records", records[0]["id"], records[-1]["id"], h)


# Recursion: merge sort, a recursive tree, and fib.
def merge_sort(a):
    if len(a) <= 1:
        return a
    mid = len(a) // 2
    left, right = merge_sort(a[:mid]), merge_sort(a[mid:])
    out, i, j = [], 0, 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            out.append(left[i])
            i += 1
        else:
            out.append(right[j])
            j += 1
    return out + left[i:] + right[j:]


nums = [rnd(1000000) for _ in range(N // 2)]
s = merge_sort(nums)
h = 0
for v in s:
    h = mix(h, v)
print("mergesort", s[0], s[len(s) // 2], s[-1], h)


def tree(depth, v):
    if depth == 0:
        return {"v": v}
    return {"v": v, "l": tree(depth - 1, v * 2 % M), "r": tree(depth - 1, (v * 2 + 1) % M)}


def walk(t):
    h = t["v"]
    if "l" in t:
        h = (h * 3 + walk(t["l"]) * 7 + walk(t["r"])) % M
    return h


print("tree", walk(tree(11, 1)))


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print("fib", fib(22))
