// Run with `qjs --std`: `std` is a global. Computes something checkable and
// round-trips it through a file in the preopened directory /work.
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
const result = { fib20: fib(20), sorted: [5, 3, 9, 1, 7].sort((a, b) => a - b) };
const out = std.open("/work/js-result.json", "w");
out.puts(JSON.stringify(result));
out.close();
const back = JSON.parse(std.loadFile("/work/js-result.json"));
console.log("fib20", back.fib20);
console.log("sorted", back.sorted.join(","));
