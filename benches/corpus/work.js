// CPU-bound workload for benches/corpus.sh, run by QuickJS with `--std`:
// work.py's algorithm step by step (objects and Maps, sort, string split,
// recursion), printing the same lines, so the host's python3 running
// work.py gives the expected output. Integers stay below 2**53, where
// doubles are exact. usage: qjs --std work.js [N]
const N = scriptArgs.length > 1 ? parseInt(scriptArgs[1], 10) : 2000;
const M = 1000000007;
let seed = 12345;

function rnd(n) {
  // Park-Miller minimal standard generator; product < 2**47.
  seed = (seed * 48271) % 2147483647;
  return seed % n;
}

function word() {
  const letters = "etaoinshr";
  const k = 2 + rnd(4);
  let parts = [];
  for (let i = 0; i < k; i++) parts.push(letters[rnd(9)]);
  return parts.join("");
}

function mix(h, v) { return (h * 31 + v) % M; }

function strsum(h, s) {
  for (let i = 0; i < s.length; i++) h = mix(h, s.charCodeAt(i));
  return h;
}

function cmpStr(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

// Strings: build a text of lines of words, then split it up again.
const lines = [];
for (let i = 0; i < Math.floor(N / 8); i++) {
  const ws = [];
  for (let j = 0; j < 8; j++) ws.push(word());
  lines.push(ws.join(" "));
}
const text = lines.join("\n");

// Maps: word counts and bigram counts.
const counts = new Map();
const bigrams = new Map();
let total = 0;
for (const line of text.split("\n")) {
  const ws = line.split(" ");
  ws.forEach((w, j) => {
    counts.set(w, (counts.get(w) || 0) + 1);
    total += 1;
    if (j > 0) {
      const key = ws[j - 1] + "," + w;
      bigrams.set(key, (bigrams.get(key) || 0) + 1);
    }
  });
}
console.log("words", total, "distinct", counts.size, "bigrams", bigrams.size);

// Sorting: by count descending, then by word.
const byCount = (a, b) => (b[1] - a[1]) || cmpStr(a[0], b[0]);
const ranked = [...counts.entries()].sort(byCount);
console.log("top", ranked.slice(0, 5).map(([w, c]) => `${w}:${c}`).join(" "));
let h = 0;
for (const [w, c] of ranked) h = mix(strsum(h, w), c);
console.log("ranked", h);
const topBigrams = [...bigrams.entries()].sort(byCount).slice(0, 3);
console.log("bigrams", topBigrams.map(([k, c]) => `${k}:${c}`).join(" "));

// Records: group by a key, aggregate, sort by two fields.
const records = [];
for (let i = 0; i < Math.floor(N / 2); i++) {
  const group = "g" + rnd(17);
  const score = rnd(1000);
  records.push({ id: i, group: group, score: score, tag: word() });
}
const groups = {};
for (const r of records) {
  let g = groups[r.group];
  if (g === undefined) {
    g = { n: 0, sum: 0, max: -1, tags: {} };
    groups[r.group] = g;
  }
  g.n += 1;
  g.sum += r.score;
  if (r.score > g.max) g.max = r.score;
  g.tags[r.tag] = (g.tags[r.tag] || 0) + 1;
}
h = 0;
const names = Object.keys(groups).sort();
for (const name of names) {
  const g = groups[name];
  h = mix(mix(mix(mix(strsum(h, name), g.n), g.sum), g.max), Object.keys(g.tags).length);
}
console.log("groups", names.length, h);
records.sort((a, b) => (a.score - b.score) || cmpStr(a.tag, b.tag) || (a.id - b.id));
h = 0;
for (const r of records) h = mix(h, r.id);
console.log("records", records[0].id, records[records.length - 1].id, h);

// Recursion: merge sort, a recursive tree, and fib.
function mergeSort(a) {
  if (a.length <= 1) return a;
  const mid = Math.floor(a.length / 2);
  const left = mergeSort(a.slice(0, mid)), right = mergeSort(a.slice(mid));
  const out = [];
  let i = 0, j = 0;
  while (i < left.length && j < right.length) {
    if (left[i] <= right[j]) out.push(left[i++]);
    else out.push(right[j++]);
  }
  return out.concat(left.slice(i), right.slice(j));
}

const nums = [];
for (let i = 0; i < Math.floor(N / 2); i++) nums.push(rnd(1000000));
const s = mergeSort(nums);
h = 0;
for (const v of s) h = mix(h, v);
console.log("mergesort", s[0], s[Math.floor(s.length / 2)], s[s.length - 1], h);

function tree(depth, v) {
  if (depth === 0) return { v: v };
  return { v: v, l: tree(depth - 1, (v * 2) % M), r: tree(depth - 1, (v * 2 + 1) % M) };
}

function walk(t) {
  let h = t.v;
  if ("l" in t) h = (h * 3 + walk(t.l) * 7 + walk(t.r)) % M;
  return h;
}

console.log("tree", walk(tree(11, 1)));

function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

console.log("fib", fib(22));
