# Computes something checkable and round-trips it through a file in the
# preopened directory /work.
import hashlib, json
data = "".join(str(i * i) for i in range(2000)).encode()
result = {"sha256": hashlib.sha256(data).hexdigest(), "primes": [p for p in range(2, 60) if all(p % d for d in range(2, p))]}
with open("/work/py-result.json", "w") as f:
    json.dump(result, f, sort_keys=True)
with open("/work/py-result.json") as f:
    back = json.load(f)
print("sha256", back["sha256"])
print("primes", ",".join(map(str, back["primes"])))
